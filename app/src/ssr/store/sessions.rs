//! Sessions: the token itself never reaches the store, only its hash.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::Account;
use super::appeals::AppealSummary;
use super::StoreResult;

/// A live session as a page reads it: who, what the header shows, and
/// whether a four-eyes step needs the second factor again.
#[derive(Debug, Clone)]
pub struct SessionRead {
    pub account: Account,
    /// A customer's appeals, newest first; none for staff.
    pub appeals: Vec<AppealSummary>,
    /// When the session last gave a second factor, if ever.
    pub factor_at: Option<DateTime<Utc>>,
}

/// Sessions: the token itself never reaches the store, only its hash.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(
        &self,
        token_hash: &str,
        account: Uuid,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Account>>;
    /// What a request asks first about its session, in one round trip.
    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRead>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Records that the session's owner gave their second factor at `at`.
    async fn set_session_factor(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// When the session last gave a second factor, if ever.
    async fn session_factor_at(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>>;
}
