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
    /// Stored data that no longer satisfies a domain invariant.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Backend(Box<dyn std::error::Error + Send + Sync>),
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
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealMessage {
    pub id: Uuid,
    pub from_staff: bool,
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
}
