//! What server functions send to pages. Built from domain types on the server,
//! rendered with the same domain code in the browser.

use chrono::NaiveDate;
use domain::appeal::{AppealKind, AppealRefusal, AppealStatus, EvidenceType, Ground};
use domain::{ChecklistItem, CreditLine, LimitDecision, Order};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use domain::Role;

/// The signed-in person, for the page header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub username: String,
    pub display_name: String,
    /// Appeals where support asked for information and waits for this customer.
    pub awaiting_reply: Vec<Uuid>,
}

/// A decision with the steps that restore it, as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub decision: LimitDecision,
    pub checklist: Vec<ChecklistItem>,
    /// The decision in force now: the newest one, if it lowered or froze the limit.
    pub in_force: bool,
    /// "2026-10-20 10:00", Asia/Shanghai.
    pub decided_at_local: String,
    /// The newest appeal on this decision, if any.
    pub appeal: Option<AppealBrief>,
    /// Whether a new appeal can be filed now.
    pub appealable: bool,
}

/// An appeal's id and status, to link to it from a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealBrief {
    pub id: Uuid,
    pub status: AppealStatus,
}

/// Everything the appeal form shows for one decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealForm {
    pub decision: LimitDecision,
    /// May the customer appeal now, and as what; or why not.
    pub eligibility: Result<AppealKind, AppealRefusal>,
    pub window_closes_on: NaiveDate,
    /// The open appeal, when that is why a new one cannot be filed.
    pub open_appeal: Option<Uuid>,
    /// What the customer typed into a form the server refused.
    pub draft_ground: Option<Ground>,
    pub draft_statement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub id: Uuid,
    pub name: String,
    pub media_type: EvidenceType,
    pub size_bytes: u64,
    pub has_thumbnail: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub from_staff: bool,
    pub author_name: String,
    pub body: String,
    pub at_local: String,
    pub files: Vec<FileView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at_local: String,
    pub status: AppealStatus,
}

/// One appeal as its customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealView {
    pub id: Uuid,
    pub status: AppealStatus,
    pub ground: Ground,
    pub is_reappeal: bool,
    pub version: i64,
    pub decision: LimitDecision,
    pub submitted_at_local: String,
    /// The date support will decide by (Asia/Shanghai), pauses included.
    pub decide_by: NaiveDate,
    pub first_response_by: String,
    pub paused: bool,
    pub timeline: Vec<TimelineEntry>,
    pub messages: Vec<MessageView>,
    /// What support decided, once decided.
    pub outcome: Option<domain::resolution::Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub viewer: Viewer,
    pub line: CreditLine,
    /// The adverse decision still in force, if any.
    pub adverse: Option<DecisionView>,
    /// Past due and unpaid now.
    pub overdue_now: domain::Money,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub decision: LimitDecision,
    pub decided_at_local: String,
    pub appeal: Option<AppealBrief>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repayments {
    pub orders: Vec<Order>,
    pub today: NaiveDate,
}
