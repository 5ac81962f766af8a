//! The audit trail.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Actor, StoreResult};

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

/// An entity's trail as its page shows it: every change, and of one kind of
/// read (a case opened), only how many and the latest, so a page that logs
/// each opening does not grow with every opening.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trail {
    /// Oldest first, without the reads.
    pub changes: Vec<AuditRecord>,
    pub reads: u64,
    pub last_read: Option<AuditRecord>,
}

/// The audit trail.
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn audit_for(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditRecord>>;
    /// `audit_for`, with the entries whose action is `read` counted rather than listed.
    async fn trail(&self, entity_type: &str, entity_id: &str, read: &str) -> StoreResult<Trail>;
    /// An entry for something that changes no row: an export, a case viewed,
    /// a file downloaded, a sign-in (the access log supervisors read), with
    /// `detail` as its "after".
    async fn record_event(
        &self,
        actor: &Actor,
        action: &str,
        entity: (&str, String),
        detail: Option<serde_json::Value>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Newest first, for supervisors.
    async fn audit_page(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>>;
}
