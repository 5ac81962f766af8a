//! Why a sign-in was refused, carried from the form route (`/auth/login`,
//! `/admin/auth/login`) to the sign-in page in the redirect's query. The code
//! is the variant's serde name: written once, here.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};

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
            SignInRefusal::Missing => Msg::LoginMissingFields.t(lang),
            SignInRefusal::Credentials => Msg::LoginBadCredentials.t(lang),
            SignInRefusal::RateLimited => Msg::LoginRateLimited.t(lang),
        }
    }

    /// On the staff page, where "credentials" covers the code too: the reply
    /// never says which factor was wrong.
    pub fn staff_message(self, lang: Lang) -> &'static str {
        match self {
            SignInRefusal::Credentials => lang.pick(
                "用户名、密码或验证码不正确。验证码请输入验证器中当前显示的 6 位数字（每个只能用一次），或一个未使用的恢复码。",
                "The username, password or code is wrong. Enter the 6 digits your authenticator shows now (each works once), or an unused recovery code.",
            ),
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
            PasswordRefusal::Current => {
                lang.pick("当前密码不正确。", "The current password is wrong.")
            }
            PasswordRefusal::TooShort => lang.pick(
                "新密码至少需要 10 个字符。",
                "The new password needs at least 10 characters.",
            ),
            PasswordRefusal::TooLong => lang.pick(
                "新密码最多 256 个字符。",
                "The new password has at most 256 characters.",
            ),
            PasswordRefusal::Mismatch => {
                lang.pick("两次输入的新密码不一致。", "The two new passwords differ.")
            }
            PasswordRefusal::RateLimited => Msg::LoginRateLimited.t(lang),
        }
    }
}
