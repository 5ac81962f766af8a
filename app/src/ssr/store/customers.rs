//! What a customer sees of their credit.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{CreditLine, LimitDecision, Order};
use uuid::Uuid;

use super::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    BindingChanged,
    IdentityConfirmed,
    IdentityVerified,
    NewDeviceSignIn,
    UnusualLocationSignIn,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::BindingChanged => "binding_changed",
            EventKind::IdentityConfirmed => "identity_confirmed",
            EventKind::IdentityVerified => "identity_verified",
            EventKind::NewDeviceSignIn => "new_device_sign_in",
            EventKind::UnusualLocationSignIn => "unusual_location_sign_in",
        }
    }
}

#[derive(Debug, Clone)]
pub struct AccountEvent {
    pub id: Uuid,
    pub kind: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub detail: String,
}

/// Facts about the account that restoration rules read (domain::CustomerState
/// minus the orders and the date).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFacts {
    pub identity_verified_until: Option<NaiveDate>,
    pub identity_confirmed_at: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub last_binding_change_at: Option<DateTime<Utc>>,
}

/// What the restoration rules and the pages about one customer's credit read
/// together: `CustomerStore::customer_file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFile {
    pub line: CreditLine,
    /// Newest first.
    pub decisions: Vec<LimitDecision>,
    /// Newest first, installments in schedule order.
    pub orders: Vec<Order>,
    pub facts: AccountFacts,
}

/// What a customer sees of their credit. Every read is scoped by the owner's account id.
#[async_trait]
pub trait CustomerStore: Send + Sync {
    async fn credit_line(&self, account: Uuid, today: NaiveDate)
        -> StoreResult<Option<CreditLine>>;
    /// The line, decisions, orders and facts in one go (one connection, so
    /// cheaper than the four reads apart); `None` without a credit line.
    async fn customer_file(
        &self,
        account: Uuid,
        today: NaiveDate,
    ) -> StoreResult<Option<CustomerFile>>;
    /// Newest first.
    async fn decisions(&self, account: Uuid) -> StoreResult<Vec<LimitDecision>>;
    async fn decision(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<LimitDecision>>;
    /// Newest first, installments in schedule order.
    async fn orders(&self, account: Uuid) -> StoreResult<Vec<Order>>;
    async fn account_facts(&self, account: Uuid) -> StoreResult<AccountFacts>;
    async fn account_events(&self, account: Uuid) -> StoreResult<Vec<AccountEvent>>;
}
