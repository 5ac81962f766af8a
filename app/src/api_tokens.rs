//! The credit system's API tokens as an admin manages them: the list, a new
//! token (shown once), and why a request was refused.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

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
            TokenRefusal::Name => lang.pick(
                "名称须为 1–64 个英文字母、数字、“.”、“_”或“-”。",
                "A name is 1–64 ASCII letters, digits, `.`, `_` or `-`.",
            ),
            TokenRefusal::NoScope => {
                lang.pick("请至少选择一个权限范围。", "Choose at least one scope.")
            }
            TokenRefusal::Taken => lang.pick(
                "已有同名令牌：请先吊销它，或换一个名称。",
                "A token of that name exists: revoke it first, or choose another name.",
            ),
            TokenRefusal::NotFound => {
                lang.pick("没有这个名称的有效令牌。", "No live token of that name.")
            }
        }
    }
}

pub fn scope_label(scope: domain::scope::Scope, lang: Lang) -> &'static str {
    use domain::scope::Scope;
    match scope {
        Scope::Ingest => lang.pick("写入数据（ingest）", "Write data (ingest)"),
        Scope::Outcomes => lang.pick("读取处理结果（outcomes）", "Read outcomes (outcomes)"),
        Scope::Portal => lang.pick("客户登录（portal）", "Sign customers in (portal)"),
    }
}
