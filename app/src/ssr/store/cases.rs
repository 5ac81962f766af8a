//! The support queue and case view.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::AppealStatus;
use uuid::Uuid;

use super::appeals::{AppealRecord, NewMessage};
use super::{Actor, StoreResult};

/// Whose appeals a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Assignee {
    #[default]
    Anyone,
    Nobody,
    Staff(Uuid),
}

/// One page of the queue: filters, and where the previous page ended.
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    /// `None`: every open appeal.
    pub status: Option<AppealStatus>,
    pub reason: Option<domain::ReasonCode>,
    /// Only appeals whose decision is due before this instant.
    pub due_before: Option<DateTime<Utc>>,
    pub assignee: Assignee,
    pub reappeals_only: bool,
    /// Username or display name, exactly.
    pub customer: Option<String>,
    /// Keyset: (due_at, id) of the last row of the previous page.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: Uuid,
    pub customer_username: String,
    pub customer_name: String,
    pub status: AppealStatus,
    pub is_reappeal: bool,
    pub submitted_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub assigned_name: Option<String>,
    pub reasons: Vec<domain::ReasonCode>,
}

/// How many open appeals each filter of the queue holds, each counted up to
/// `staff_model::COUNT_CAP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueCounts {
    pub open: u64,
    pub unassigned: u64,
    pub mine: u64,
    pub past_deadline: u64,
    pub pending_approval: u64,
    pub reappeals: u64,
}

/// A customer as staff see them: identity and card numbers only ever masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerProfile {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub identity_verified_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRef {
    pub id: Uuid,
    pub name: String,
}

/// One appeal as support sees it: internal notes included.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub appeal: AppealRecord,
    pub customer: CustomerProfile,
    pub due_at: DateTime<Utc>,
    pub assigned_to: Option<StaffRef>,
    pub proposal: Option<domain::resolution::Verdict>,
    pub proposed_by: Option<StaffRef>,
    pub outcome: Option<domain::resolution::Outcome>,
    /// Who decided the earlier appeal on the same decision (re-appeals only).
    pub first_appeal_decided_by: Option<Uuid>,
}

impl CaseRecord {
    /// The case as `domain::casework`'s rules read it.
    pub fn state(&self) -> domain::casework::CaseState {
        domain::casework::CaseState {
            status: self.appeal.summary.status,
            customer: self.customer.id,
            assigned_to: self.assigned_to.as_ref().map(|a| a.id),
            proposer: self.proposed_by.as_ref().map(|p| p.id),
            is_reappeal: self.appeal.summary.is_reappeal,
            first_appeal_decided_by: self.first_appeal_decided_by,
        }
    }
}

/// The support queue and case view. Staff only: no owner scoping.
#[async_trait]
pub trait CaseStore: Send + Sync {
    async fn queue(&self, query: &QueueQuery) -> StoreResult<Vec<QueueRow>>;
    async fn queue_counts(&self, staff: Uuid, now: DateTime<Utc>) -> StoreResult<QueueCounts>;
    async fn case(&self, appeal: Uuid) -> StoreResult<Option<CaseRecord>>;
    /// Assigns (and, if only submitted, claims) the appeal if still at `expected_version`.
    async fn assign_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        to: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus>;
    /// An internal note: staff only, no change of status.
    async fn add_note(&self, appeal: Uuid, note: NewMessage, actor: &Actor) -> StoreResult<()>;
    /// Puts a decision that needs four-eyes before a supervisor.
    async fn propose_verdict(
        &self,
        appeal: Uuid,
        expected_version: i64,
        verdict: domain::resolution::Verdict,
        note: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus>;
    /// Decides the appeal: its status, the credit line, the customer's limit
    /// history, the audit log and the outbox change together or not at all.
    /// `Replaced` if a newer decision replaced the appealed one; `Restoration`
    /// if the verdict no longer fits the line (e.g. already restored).
    async fn decide_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        verdict: domain::resolution::Verdict,
        note: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<domain::resolution::Outcome>;
}
