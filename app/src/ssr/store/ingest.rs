//! The credit system's data arriving through the API: upserts by its own ids,
//! ordered by its own versions.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Lang;
use uuid::Uuid;

use super::{Actor, StoreResult};

/// A customer as the credit system sends it (already validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalCustomer {
    pub external_id: String,
    /// The credit system's version of this record; higher is newer.
    pub version: i64,
    pub display_name: String,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub identity_verified_until: Option<NaiveDate>,
    pub lang: Lang,
    pub at: DateTime<Utc>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Created,
    Updated,
    /// This version (or a newer one) is already here: acknowledged, not applied.
    NotNewer,
}

#[async_trait]
pub trait IngestStore: Send + Sync {
    /// The customer the credit system knows as `external_id`.
    async fn customer_by_external_id(&self, external_id: &str) -> StoreResult<Option<Uuid>>;
    /// Stores a one-time sign-in link for `account` (audited with `actor`).
    async fn create_portal_session(
        &self,
        token_hash: &str,
        account: Uuid,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;
    /// Spends the link, once: its customer, or `None` if unknown, used or expired.
    async fn use_portal_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Uuid>>;
    /// Creates or updates the customer with this external id, with no password
    /// (they sign in through portal sessions) and, when new, a zero credit line.
    async fn upsert_customer(
        &self,
        customer: ExternalCustomer,
        actor: &Actor,
    ) -> StoreResult<(Uuid, Applied)>;
}
