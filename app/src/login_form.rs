//! Why a sign-in was refused, carried from the form route (`/auth/login`,
//! `/admin/auth/login`) to the sign-in page in the redirect's query. The code
//! is the variant's serde name: written once, here.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInRefusal {
    Missing,
    Credentials,
    RateLimited,
}

impl SignInRefusal {
    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<SignInRefusal> {
        serde_plain::from_str(code).ok()
    }

    /// A lockout is not the fields' fault; wrong or missing input is.
    pub fn blames_the_fields(self) -> bool {
        self != SignInRefusal::RateLimited
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            SignInRefusal::Missing => t::login_missing_fields(lang),
            SignInRefusal::Credentials => t::login_bad_credentials(lang),
            SignInRefusal::RateLimited => t::login_rate_limited(lang),
        }
    }

    /// On the staff page, where "credentials" covers the code too: the reply
    /// never says which factor was wrong.
    pub fn staff_message(self, lang: Lang) -> &'static str {
        match self {
            SignInRefusal::Credentials => t::the_username_password_or_code(lang),
            other => other.message(lang),
        }
    }
}

/// Why a password change was refused (`/admin/auth/password`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordRefusal {
    /// The current password was wrong.
    Current,
    TooShort,
    TooLong,
    /// The two new passwords differ.
    Mismatch,
    /// Too many wrong current passwords lately.
    RateLimited,
}

impl PasswordRefusal {
    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<PasswordRefusal> {
        serde_plain::from_str(code).ok()
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            PasswordRefusal::Current => t::the_current_password_is_wrong(lang),
            PasswordRefusal::TooShort => t::the_new_password_needs_at(lang),
            PasswordRefusal::TooLong => t::the_new_password_has_at(lang),
            PasswordRefusal::Mismatch => t::the_two_new_passwords_differ(lang),
            PasswordRefusal::RateLimited => t::login_rate_limited(lang),
        }
    }
}
