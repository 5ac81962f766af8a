//! Sessions: the token itself never reaches the store, only its hash.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::Account;
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
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
}
