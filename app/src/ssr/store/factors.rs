//! A staff member's second factor.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Actor, StoreResult};

/// A staff member's second factor.
#[derive(Clone)]
pub struct TotpState {
    pub secret: String,
    /// The last time step accepted; a code is good once.
    pub last_step: Option<i64>,
}

/// A staff member's second factor.
// By hand, so that the secret never reaches a log.
impl std::fmt::Debug for TotpState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpState")
            .field("secret", &"[redacted]")
            .field("last_step", &self.last_step)
            .finish()
    }
}

#[async_trait]
pub trait SecondFactorStore: Send + Sync {
    async fn totp(&self, account: Uuid) -> StoreResult<Option<TotpState>>;
    /// Records `step` as used if it is newer than the last one; `false` if not (a replay).
    async fn use_totp_step(&self, account: Uuid, step: i64) -> StoreResult<bool>;
    /// Replaces the account's recovery codes (hashes).
    async fn set_recovery_codes(
        &self,
        account: Uuid,
        hashes: &[String],
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Spends a recovery code; `false` if unknown or already used.
    async fn use_recovery_code(
        &self,
        account: Uuid,
        hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// A new authenticator secret; the old one stops working.
    async fn set_totp_secret(
        &self,
        account: Uuid,
        secret: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}
