//! The credit system's API tokens as an admin manages them: the list, a new
//! token (shown once), and why a request was refused.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

/// One row of the token list: never the token, never its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLine {
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub scopes: Vec<domain::scope::Scope>,
    /// "2026-11-30 12:00", Asia/Shanghai.
    pub created_local: String,
    pub last_used_local: Option<String>,
    pub revoked_local: Option<String>,
}

/// A token just created: the only time it is shown.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub name: String,
    pub token: String,
}

// By hand: the token never reaches a log.
impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Why creating or revoking a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TokenRefusal {
    #[error("a token name is 1–64 ASCII letters, digits, `.`, `_` or `-`")]
    Name,
    #[error("a token needs at least one scope: ingest, outcomes or portal")]
    NoScope,
    #[error("a token of that name exists (revoke it, or choose another name)")]
    Taken,
    #[error("no live token of that name")]
    NotFound,
}

impl TokenRefusal {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            TokenRefusal::Name => t::token_name_rule(lang),
            TokenRefusal::NoScope => t::choose_at_least_one_scope(lang),
            TokenRefusal::Taken => t::a_token_of_that_name(lang),
            TokenRefusal::NotFound => t::no_live_token_of_that(lang),
        }
    }
}

pub fn scope_label(scope: domain::scope::Scope, lang: Lang) -> &'static str {
    use domain::scope::Scope;
    match scope {
        Scope::Ingest => t::scope_ingest(lang),
        Scope::Outcomes => t::scope_outcomes(lang),
        Scope::Portal => t::sign_customers_in_portal(lang),
    }
}
