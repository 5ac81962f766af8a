//! The storage contract. `server` implements it for SQLite and PostgreSQL; one set
//! of store tests runs against both.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{CreditLine, LimitDecision, LineStatus, Order};
use serde::Serialize;
use uuid::Uuid;

use crate::model::Role;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
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

    // Audit trail, oldest first.
    async fn audit_for(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditRecord>>;
}
