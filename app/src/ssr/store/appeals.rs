//! Appeals.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::appeal::{AppealAction, AppealStatus, EvidenceType, Ground, Pause, PriorAppeal};
use uuid::Uuid;

use super::{Actor, StoreResult};

/// A file stored in the blob store and described here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub id: Uuid,
    pub appeal_id: Uuid,
    /// SHA-256 of what the file shows: an image's decoded pixels, a PDF's bytes.
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub ground: String,
    pub statement: String,
}

/// Appeals. Customer-facing reads take the owner's account id and find nothing of anyone else's.
#[async_trait]
pub trait AppealStore: Send + Sync {
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
    /// The outcome of a decided appeal, if the customer owns it.
    async fn appeal_outcome(
        &self,
        account: Uuid,
        appeal: Uuid,
    ) -> StoreResult<Option<domain::resolution::Outcome>>;
    /// Appeals waiting on the customer since before `cutoff`, to close for no reply.
    async fn appeals_waiting_since(&self, cutoff: DateTime<Utc>) -> StoreResult<Vec<(Uuid, i64)>>;
    /// Takes the account's one upload slot, unless an upload that started after
    /// `stale_before` holds it (`false`).
    async fn claim_upload_slot(
        &self,
        account: Uuid,
        at: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn release_upload_slot(&self, account: Uuid) -> StoreResult<()>;
}
