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

/// One sign-in limit: at most `max` attempts on `key` within the window.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimit<'a> {
    pub scope: FailureScope,
    pub key: &'a str,
    pub max: u32,
}

/// Sign-in rate limiting: failures live in the database so every app server sees them.
#[async_trait]
pub trait LoginLimitStore: Send + Sync {
    /// Takes one attempt against every limit at once, before the password is
    /// checked, or none (`None`) if any of them is spent since `since`.
    /// Parallel attempts on one key queue for it, on every app server, so no
    /// more than `max` passwords are ever checked per window. A reserved
    /// attempt counts as a failure until it is released.
    async fn reserve_login_attempt(
        &self,
        limits: &[LoginLimit<'_>],
        since: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Vec<i64>>>;
    /// Gives reserved attempts back: the sign-in they were for succeeded.
    async fn release_login_attempts(&self, attempts: &[i64]) -> StoreResult<()>;
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
