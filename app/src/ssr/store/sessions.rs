//! Sessions: the token itself never reaches the store, only its hash.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::Account;
use super::appeals::AppealSummary;
use super::StoreResult;

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
    /// The session's account with, for a customer, their appeals newest
    /// first: what a page and its header ask first, in one round trip.
    async fn session_with_appeals(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Account, Vec<AppealSummary>)>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Records that the session's owner gave their second factor at `at`.
    async fn set_session_factor(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// When the session last gave a second factor, if ever.
    async fn session_factor_at(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>>;
}
