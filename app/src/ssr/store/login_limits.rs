//! Sign-in rate limiting: failures live in the database so every app server sees them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureScope {
    Account,
    Address,
}

impl FailureScope {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureScope::Account => "account",
            FailureScope::Address => "address",
        }
    }
}

/// Sign-in rate limiting: failures live in the database so every app server sees them.
#[async_trait]
pub trait LoginLimitStore: Send + Sync {
    async fn record_login_failure(
        &self,
        scope: FailureScope,
        key: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn login_failures_since(
        &self,
        scope: FailureScope,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<u32>;
    async fn clear_login_failures(&self, scope: FailureScope, key: &str) -> StoreResult<()>;
    /// Forgets failures older than `before`; they no longer count towards any limit.
    async fn prune_login_failures(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}
