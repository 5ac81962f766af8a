//! The storage contract, one trait per area. `server` implements every one for
//! SQLite and PostgreSQL; one set of store tests runs against both. Code that
//! needs one area takes that trait (`&dyn SessionStore`); the app context holds
//! the whole `Store`, which upcasts to any of them.

mod accounts;
mod appeals;
mod audit;
mod cases;
mod customers;
mod factors;
mod import;
mod ingest;
mod login_limits;
mod outbox;
mod sessions;
mod staff;

pub use accounts::*;
pub use appeals::*;
pub use audit::*;
pub use cases::*;
pub use customers::*;
pub use factors::*;
pub use import::*;
pub use ingest::*;
pub use login_limits::*;
pub use outbox::*;
pub use sessions::*;
pub use staff::*;

use serde::Serialize;
use uuid::Uuid;

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

/// Everything LimitDesk keeps, behind one handle.
pub trait Store:
    AccountStore
    + SecondFactorStore
    + SessionStore
    + LoginLimitStore
    + CustomerStore
    + AppealStore
    + CaseStore
    + AuditStore
    + OutboxStore
    + ImportStore
    + StaffStore
    + ApiTokenStore
    + IngestStore
    + 'static
{
    /// Short name of the backend ("sqlite", "postgres"), for logs.
    fn backend(&self) -> &'static str;
}
