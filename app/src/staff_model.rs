//! What the staff console's server functions send to its pages.

use chrono::NaiveDate;
use domain::appeal::{AppealStatus, Ground};
use domain::resolution::{Outcome, Verdict};
use domain::review::{Recommendation, RepaymentSummary};
use domain::{ChecklistItem, CreditLine, LimitDecision, Order, ReasonCode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{FileView, Role, TimelineEntry};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffViewer {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// The queue's filters as they travel in the page's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueParams {
    /// A status, or empty for every open appeal.
    pub status: String,
    /// A reason code, or empty.
    pub reason: String,
    /// "mine", "unassigned", "overdue", "reappeals", or empty.
    pub view: String,
    /// A customer's username or name.
    pub q: String,
    /// Keyset cursor: "<due RFC 3339>~<appeal id>".
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: Uuid,
    pub customer_name: String,
    pub customer_username: String,
    pub status: AppealStatus,
    pub is_reappeal: bool,
    pub submitted_local: String,
    pub due_local: String,
    pub overdue: bool,
    /// Due within two days: escalate before it is late.
    pub due_soon: bool,
    pub assigned_name: Option<String>,
    pub reasons: Vec<ReasonCode>,
}

/// The queue counts each filter up to this many and then shows "1000+": an exact
/// count of a hundred thousand open appeals would cost every page view a scan.
pub const COUNT_CAP: u64 = 1000;

/// A queue count as shown: exact below the cap, "1000+" at it.
pub fn show_count(n: u64) -> String {
    if n >= COUNT_CAP {
        format!("{COUNT_CAP}+")
    } else {
        n.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueueCountsView {
    pub open: u64,
    pub unassigned: u64,
    pub mine: u64,
    pub past_deadline: u64,
    pub pending_approval: u64,
    pub reappeals: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub viewer: StaffViewer,
    pub params: QueueParams,
    pub counts: QueueCountsView,
    pub items: Vec<QueueItem>,
    /// The cursor of the next page, if there is one.
    pub next_after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub username: String,
    pub display_name: String,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub identity_verified_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMessageView {
    pub from_staff: bool,
    pub internal: bool,
    pub author_name: String,
    pub body: String,
    pub at_local: String,
    pub files: Vec<FileView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: String,
    pub at_local: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousAppeal {
    pub id: Uuid,
    pub status: AppealStatus,
    pub submitted_local: String,
    pub about: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at_local: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub change: String,
}

/// What the viewer may do on this case now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Permissions {
    pub claim: bool,
    pub assign: bool,
    pub ask: bool,
    pub note: bool,
    pub decide: bool,
    pub approve: bool,
    pub send_back: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub viewer: StaffViewer,
    pub id: Uuid,
    pub version: i64,
    pub status: AppealStatus,
    pub ground: Ground,
    pub is_reappeal: bool,
    pub customer: CustomerView,
    pub line: CreditLine,
    pub decision: LimitDecision,
    pub decided_at_local: String,
    /// A newer engine decision replaced the one under appeal.
    pub replaced: bool,
    pub history: Vec<(String, String)>,
    pub orders: Vec<Order>,
    pub today: NaiveDate,
    pub summary: RepaymentSummary,
    pub checklist: Vec<ChecklistItem>,
    pub recommendation: Recommendation,
    pub events: Vec<EventView>,
    pub previous: Vec<PreviousAppeal>,
    pub messages: Vec<StaffMessageView>,
    pub timeline: Vec<TimelineEntry>,
    pub submitted_local: String,
    pub due_local: String,
    pub overdue: bool,
    pub assigned: Option<String>,
    pub proposal: Option<Verdict>,
    pub proposed_by: Option<String>,
    pub outcome: Option<Outcome>,
    pub staff: Vec<(Uuid, String)>,
    pub can: Permissions,
    /// Approving asks for a fresh authenticator code (the last one is too old).
    pub approve_needs_code: bool,
    /// The appeal's changes, oldest first.
    pub audit: Vec<AuditLine>,
    /// How often the case was opened (this opening included), and the latest.
    pub openings: u64,
    pub last_opening: Option<AuditLine>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditParams {
    pub entity_type: String,
    /// One entity's entries only (a case page links its openings here).
    #[serde(default)]
    pub entity_id: String,
    pub actor: String,
    pub before: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub viewer: StaffViewer,
    pub params: AuditParams,
    pub lines: Vec<AuditLine>,
    pub next_before: Option<i64>,
}
