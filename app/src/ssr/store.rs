//! The storage contract. `server` implements it for SQLite and PostgreSQL; one set
//! of store tests runs against both.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::{AppealAction, AppealStatus, EvidenceType, Ground, Pause, PriorAppeal};
use domain::{CreditLine, LimitDecision, LineStatus, Order};
use serde::Serialize;
use uuid::Uuid;

use crate::model::Role;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Someone else changed the row first (optimistic concurrency).
    #[error("changed by someone else")]
    Stale,
    /// The lifecycle does not allow the step from the current status.
    #[error(transparent)]
    Transition(#[from] domain::appeal::TransitionError),
    /// A uniqueness rule was hit; the string names what was taken.
    #[error("{0} already exists")]
    Conflict(String),
    #[error("not found")]
    NotFound,
    /// A newer engine decision replaced the one under appeal; it can no longer be reversed.
    #[error("the decision was replaced by a newer one")]
    Replaced,
    /// The verdict no longer fits the credit line as it is now.
    #[error(transparent)]
    Restoration(#[from] domain::review::RestorationError),
    /// The case rules refuse the step for this staff member (four-eyes, no
    /// stake, who holds the case), checked again on the rows the transaction locked.
    #[error(transparent)]
    Refused(domain::casework::Refusal),
    /// Stored data that no longer satisfies a domain invariant.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl From<domain::casework::Refusal> for StoreError {
    fn from(r: domain::casework::Refusal) -> StoreError {
        match r {
            // One name for "the verdict no longer fits the line", whoever finds it.
            domain::casework::Refusal::Restoration(r) => StoreError::Restoration(r),
            other => StoreError::Refused(other),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// An account as the rest of the app sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_changed_at: DateTime<Utc>,
}

/// For checking a password at sign-in.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub identity_verified_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

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

/// Facts about the account that restoration rules read (domain::CustomerState
/// minus the orders and the date).
#[derive(Debug, Clone, Default)]
pub struct AccountFacts {
    pub identity_verified_until: Option<NaiveDate>,
    pub identity_confirmed_at: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub last_binding_change_at: Option<DateTime<Utc>>,
}

/// Who did something, for the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: Option<Uuid>,
    /// "xiaozhang", "system:seed-demo", "cli:user-add" …
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor {
            id: None,
            label: format!("system:{label}"),
        }
    }
}

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A file stored in the blob store and described here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: Uuid,
    pub appeal_id: Uuid,
    pub sha256: String,
    pub media_type: EvidenceType,
    pub size_bytes: u64,
    pub original_name: String,
    /// Key in the blob store; never shown to anyone.
    pub storage_key: String,
    /// Key of the thumbnail, for images.
    pub thumbnail_key: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAppeal {
    pub id: Uuid,
    pub decision_id: Uuid,
    pub account_id: Uuid,
    pub ground: Ground,
    pub is_reappeal: bool,
    pub statement: String,
    /// Already in the blob store; `appeal_id` is this appeal's id.
    pub files: Vec<Evidence>,
    pub submitted_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealSummary {
    pub id: Uuid,
    pub decision_id: Uuid,
    pub status: AppealStatus,
    pub ground: Ground,
    pub is_reappeal: bool,
    pub submitted_at: DateTime<Utc>,
    pub version: i64,
    /// Who decided it, once decided (a re-appeal goes to someone else).
    pub decided_by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealMessage {
    pub id: Uuid,
    pub from_staff: bool,
    /// Staff-only note; never in what a customer reads.
    pub internal: bool,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub files: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealEvent {
    pub at: DateTime<Utc>,
    pub from_status: Option<AppealStatus>,
    pub to_status: AppealStatus,
}

/// One appeal with its thread (internal notes left out), timeline and pauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRecord {
    pub summary: AppealSummary,
    pub messages: Vec<AppealMessage>,
    pub events: Vec<AppealEvent>,
    pub pauses: Vec<Pause>,
}

/// A message added to an appeal's thread.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub id: Uuid,
    pub author_id: Uuid,
    pub from_staff: bool,
    pub internal: bool,
    pub body: String,
    pub files: Vec<Evidence>,
    pub at: DateTime<Utc>,
}

/// A staff member's second factor.
#[derive(Debug, Clone)]
pub struct TotpState {
    pub secret: String,
    /// The last time step accepted; a code is good once.
    pub last_step: Option<i64>,
}

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

/// Filters for browsing the audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    /// Keyset: entries older than this id.
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// A synthetic appeal for load tests, with the lifecycle steps it has been through.
#[derive(Debug, Clone)]
pub struct ImportedAppeal {
    pub appeal: NewAppeal,
    pub steps: Vec<(AppealAction, DateTime<Utc>)>,
    pub assigned_to: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub ground: String,
    pub statement: String,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Short name of the backend ("sqlite", "postgres"), for logs.
    fn backend(&self) -> &'static str;

    // Accounts and sign-in.
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn create_account(&self, account: NewAccount, actor: &Actor) -> StoreResult<Account>;
    /// Sets a new password hash and ends every session of the account.
    async fn set_password(
        &self,
        account: Uuid,
        password_hash: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;

    // Sessions: the token itself never reaches the store, only its hash.
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

    // Sign-in rate limiting: failures live in the database so every app server sees them.
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

    // What a customer sees. Every read is scoped by the owner's account id.
    async fn credit_line(&self, account: Uuid, today: NaiveDate)
        -> StoreResult<Option<CreditLine>>;
    /// Newest first.
    async fn decisions(&self, account: Uuid) -> StoreResult<Vec<LimitDecision>>;
    async fn decision(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<LimitDecision>>;
    /// Newest first, installments in schedule order.
    async fn orders(&self, account: Uuid) -> StoreResult<Vec<Order>>;
    async fn account_facts(&self, account: Uuid) -> StoreResult<AccountFacts>;

    // Bulk writes.
    async fn import_customer(&self, customer: CustomerRecord, actor: &Actor) -> StoreResult<()>;

    // Appeals. Customer-facing reads take the owner's account id and find
    // nothing of anyone else's.
    async fn prior_appeals(&self, decision: Uuid) -> StoreResult<Vec<PriorAppeal>>;
    /// Newest first.
    async fn appeals_of(&self, account: Uuid) -> StoreResult<Vec<AppealSummary>>;
    /// Appeal, first message, files and timeline in one transaction; `Conflict`
    /// if the decision already has an open appeal.
    async fn create_appeal(&self, appeal: NewAppeal, actor: &Actor) -> StoreResult<()>;
    async fn appeal(&self, account: Uuid, appeal: Uuid) -> StoreResult<Option<AppealRecord>>;
    /// Applies a lifecycle step if the appeal is still at `expected_version`
    /// (`Stale` otherwise), with its timeline entry, clock pause and audit entry;
    /// `message`, if any, joins the thread in the same transaction.
    async fn advance_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        action: AppealAction,
        message: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus>;
    /// The file if it belongs to `account` (customers) or to anyone (`None`, staff).
    async fn evidence(&self, account: Option<Uuid>, file: Uuid) -> StoreResult<Option<Evidence>>;
    /// Which of `keys` some evidence row refers to (to sweep orphaned blobs).
    async fn known_storage_keys(&self, keys: &[String]) -> StoreResult<Vec<String>>;
    async fn save_draft(
        &self,
        account: Uuid,
        decision: Uuid,
        draft: &Draft,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn draft(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<Draft>>;

    // Audit trail, oldest first.
    async fn audit_for(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditRecord>>;
    /// An audit entry for something that changes no row (an export, a view).
    async fn record_event(
        &self,
        actor: &Actor,
        action: &str,
        entity: (&str, String),
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Newest first, for supervisors.
    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>>;

    // Staff second factor.
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
    /// Staff accounts, by username.
    async fn staff_accounts(&self) -> StoreResult<Vec<Account>>;
    async fn account(&self, account: Uuid) -> StoreResult<Option<Account>>;

    // The support queue and case view. Staff only: no owner scoping.
    async fn queue(&self, query: &QueueQuery) -> StoreResult<Vec<QueueRow>>;
    async fn queue_counts(&self, staff: Uuid, now: DateTime<Utc>) -> StoreResult<QueueCounts>;
    async fn case(&self, appeal: Uuid) -> StoreResult<Option<CaseRecord>>;
    async fn account_events(&self, account: Uuid) -> StoreResult<Vec<AccountEvent>>;
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
    /// The outcome of a decided appeal, if the customer owns it.
    async fn appeal_outcome(
        &self,
        account: Uuid,
        appeal: Uuid,
    ) -> StoreResult<Option<domain::resolution::Outcome>>;
    /// Appeals waiting on the customer since before `cutoff`, to close for no reply.
    async fn appeals_waiting_since(&self, cutoff: DateTime<Utc>) -> StoreResult<Vec<(Uuid, i64)>>;
    /// Outbox entries not yet delivered, oldest first.
    async fn outbox_pending(&self, limit: u32) -> StoreResult<Vec<(i64, Uuid, serde_json::Value)>>;

    // Synthetic load (seed-load): many customers or appeals per transaction.
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
