//! Bulk writes: the demo world, synthetic load (many customers or appeals per transaction).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::appeal::AppealAction;
use domain::{LimitDecision, LineStatus, Order};
use uuid::Uuid;

use super::accounts::NewAccount;
use super::appeals::NewAppeal;
use super::customers::AccountEvent;
use super::{Actor, StoreResult};

/// One customer with everything the credit system told us about them, written
/// in one transaction (demo world, synthetic load, imports).
#[derive(Debug, Clone)]
pub struct CustomerRecord {
    pub account: NewAccount,
    pub limit: domain::Money,
    pub status: LineStatus,
    /// Oldest first, as they happened.
    pub decisions: Vec<LimitDecision>,
    pub orders: Vec<Order>,
    pub events: Vec<AccountEvent>,
}

/// A synthetic appeal for load tests, with the lifecycle steps it has been through.
#[derive(Debug, Clone)]
pub struct ImportedAppeal {
    pub appeal: NewAppeal,
    pub steps: Vec<(AppealAction, DateTime<Utc>)>,
    pub assigned_to: Option<Uuid>,
}

/// Bulk writes: the demo world, synthetic load (many customers or appeals per transaction).
#[async_trait]
pub trait ImportStore: Send + Sync {
    async fn import_customer(&self, customer: CustomerRecord, actor: &Actor) -> StoreResult<()>;
    async fn import_customers(
        &self,
        customers: Vec<CustomerRecord>,
        actor: &Actor,
    ) -> StoreResult<()>;
    async fn import_appeals(&self, appeals: Vec<ImportedAppeal>, actor: &Actor) -> StoreResult<()>;
    /// After a bulk import, so both planners choose plans for the data as it now
    /// is rather than for the empty tables they last looked at.
    async fn refresh_statistics(&self) -> StoreResult<()>;
}
