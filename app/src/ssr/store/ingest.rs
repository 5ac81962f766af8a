//! The credit system's data arriving through the API: upserts by its own ids,
//! ordered by its own versions.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{Lang, LimitDecision, LineStatus, Money};
use uuid::Uuid;

use super::customers::EventKind;
use super::{Actor, StoreResult};

/// Whom a one-time portal link signs in, and the decision it lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalLink {
    pub account: Uuid,
    pub decision: Option<Uuid>,
}

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

/// The credit line as the credit system reports it (validated: outstanding
/// within the limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalCreditLine {
    pub customer: String,
    pub version: i64,
    pub limit: Money,
    pub outstanding: Money,
    pub status: LineStatus,
    pub at: DateTime<Utc>,
}

/// One installment of an order, by its position in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalInstallment {
    pub seq: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub paid_on: Option<NaiveDate>,
}

/// An order and its whole schedule (validated: installments numbered 1…n and
/// adding up to the total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalOrder {
    pub external_id: String,
    pub customer: String,
    pub version: i64,
    pub description: String,
    pub placed_on: NaiveDate,
    pub total: Money,
    pub installments: Vec<ExternalInstallment>,
    pub at: DateTime<Utc>,
}

/// A repayment against one installment of one order. Immutable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRepayment {
    pub external_id: String,
    pub customer: String,
    pub order: String,
    pub seq: u32,
    pub amount: Money,
    pub paid_on: NaiveDate,
    /// SHA-256 of the body as received: the same id again must bring the same.
    pub digest: String,
    pub at: DateTime<Utc>,
}

/// A sign-in, device or binding change the credit system saw. Immutable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalAccountEvent {
    pub external_id: String,
    pub customer: String,
    pub kind: EventKind,
    pub occurred_at: DateTime<Utc>,
    pub detail: String,
    pub digest: String,
    pub at: DateTime<Utc>,
}

/// Where an overdue installment named in a decision's reason lives, in the
/// credit system's ids; the store fills in LimitDesk's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallmentRef {
    /// JSON pointer of the item in the request, for a problem naming it.
    pub pointer: String,
    pub order: String,
    pub seq: u32,
}

/// A decision of the risk engine (validated by `domain`). Immutable. Its
/// `OVERDUE_UNPAID` items carry nil ids until the store resolves `overdue`
/// (one per item, in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalDecision {
    pub customer: String,
    pub decision: LimitDecision,
    pub overdue: Vec<InstallmentRef>,
    pub digest: String,
    pub at: DateTime<Utc>,
}

/// One write of the credit system's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOp {
    Customer(ExternalCustomer),
    CreditLine(ExternalCreditLine),
    Order(ExternalOrder),
    Repayment(ExternalRepayment),
    AccountEvent(ExternalAccountEvent),
    Decision(ExternalDecision),
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Created,
    Updated,
    /// This version (or a newer one) is already here: acknowledged, not applied.
    NotNewer,
    /// An immutable record already here with the same body: nothing to do.
    Unchanged,
}

/// Why a write was refused; nothing of it was stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestRefusal {
    #[error("no customer has the id `{0}`: send the customer first")]
    UnknownCustomer(String),
    #[error("no order of this customer has the id `{order}`")]
    UnknownOrder { pointer: String, order: String },
    #[error("order `{order}` has no installment {seq}")]
    UnknownInstallment {
        pointer: String,
        order: String,
        seq: u32,
    },
    #[error("`{0}` already exists with a different body; records of this kind never change")]
    Changed(String),
    #[error("`{0}` belongs to another customer")]
    OtherCustomer(String),
    #[error("installment {0} has repayments and cannot be removed from the schedule")]
    InstallmentRepaid(u32),
}

/// An operation's answer: what it did to which record, or why not.
pub type IngestResult = Result<(Uuid, Applied), IngestRefusal>;

#[async_trait]
pub trait IngestStore: Send + Sync {
    /// The customer the credit system knows as `external_id`.
    async fn customer_by_external_id(&self, external_id: &str) -> StoreResult<Option<Uuid>>;
    /// LimitDesk's id of the customer's decision the credit system knows as `external_id`.
    async fn decision_by_external_id(
        &self,
        account: Uuid,
        external_id: &str,
    ) -> StoreResult<Option<Uuid>>;
    /// Stores a one-time sign-in link for `account`, landing on `decision`
    /// if given (audited with `actor`).
    async fn create_portal_session(
        &self,
        token_hash: &str,
        link: PortalLink,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;
    /// Spends the link, once: whom it signs in and where it lands, or `None`
    /// if unknown, used or expired.
    async fn use_portal_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PortalLink>>;
    /// Applies each write in order, all in one transaction with each write
    /// on its own (a refused one changes nothing and the others still apply),
    /// with its effects: a repayment settles its installment, a decision
    /// that gives back what an appealed one took closes that appeal.
    /// A new customer has no password (they sign in through portal sessions)
    /// and a zero credit line until the credit system sends one.
    async fn ingest(&self, ops: Vec<IngestOp>, actor: &Actor) -> StoreResult<Vec<IngestResult>>;
}
