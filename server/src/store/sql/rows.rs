//! Reading rows into domain values: every column check in one place.
//!
//! Each row struct holds the columns as the database types them; its
//! conversion does the parsing and validation, so a driver error stays a
//! `backend_error` and a broken invariant a `corrupt`.

use app::model::Role;
use app::ssr::store::{Account, AppealSummary, AuditRecord, Evidence, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::{AppealStatus, EvidenceType, Ground};
use domain::decision::NewDecision;
use domain::{DecisionKind, Installment, LimitDecision, LineStatus, Money, Order, Reason};
use sqlx::types::Json;
use uuid::Uuid;

use crate::store::corrupt;

pub fn money(fen: i64) -> StoreResult<Money> {
    Money::from_fen(fen).map_err(corrupt)
}

pub fn status(s: &str) -> StoreResult<AppealStatus> {
    AppealStatus::parse(s).ok_or_else(|| corrupt(format!("appeal status {s}")))
}

pub fn line_status(s: &str) -> StoreResult<LineStatus> {
    LineStatus::parse(s).ok_or_else(|| corrupt(format!("line status {s}")))
}

#[derive(sqlx::FromRow)]
pub struct AccountRow {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password_changed_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

impl TryFrom<AccountRow> for Account {
    type Error = StoreError;

    fn try_from(r: AccountRow) -> StoreResult<Account> {
        Ok(Account {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: Role::parse(&r.role).ok_or_else(|| corrupt(format!("role {}", r.role)))?,
            password_changed_at: r.password_changed_at,
            active: r.disabled_at.is_none(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct DecisionRow {
    pub id: Uuid,
    pub external_id: String,
    pub model_version: String,
    pub kind: String,
    pub limit_before_fen: i64,
    pub limit_after_fen: i64,
    pub notice: String,
    pub decided_at: DateTime<Utc>,
    pub decided_on: NaiveDate,
}

impl DecisionRow {
    /// With its reasons (in position order), as a validated domain value.
    pub fn into_decision(self, reasons: Vec<Reason>) -> StoreResult<LimitDecision> {
        NewDecision {
            id: self.id,
            external_id: self.external_id,
            model_version: self.model_version,
            kind: DecisionKind::parse(&self.kind)
                .ok_or_else(|| corrupt(format!("decision kind {}", self.kind)))?,
            limit_before: money(self.limit_before_fen)?,
            limit_after: money(self.limit_after_fen)?,
            reasons,
            notice: self.notice,
            decided_at: self.decided_at,
            decided_on: self.decided_on,
        }
        .validate()
        .map_err(corrupt)
    }
}

#[derive(sqlx::FromRow)]
pub struct ReasonRow {
    pub facts: Json<Reason>,
}

#[derive(sqlx::FromRow)]
pub struct OrderRow {
    pub id: Uuid,
    pub description: String,
    pub placed_on: NaiveDate,
    pub total_fen: i64,
}

impl TryFrom<OrderRow> for Order {
    type Error = StoreError;

    fn try_from(r: OrderRow) -> StoreResult<Order> {
        Ok(Order {
            id: r.id,
            description: r.description,
            placed_on: r.placed_on,
            total: money(r.total_fen)?,
            installments: Vec::new(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: Option<Json<serde_json::Value>>,
    pub after: Option<Json<serde_json::Value>>,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> AuditRecord {
        AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: r.before.map(|j| j.0),
            after: r.after.map(|j| j.0),
        }
    }
}

/// An entry of `trail()`, with the count of reads beside each.
#[derive(sqlx::FromRow)]
pub struct TrailRow {
    #[sqlx(flatten)]
    pub entry: AuditRow,
    pub reads: i64,
}

#[derive(sqlx::FromRow)]
pub struct InstallmentRow {
    pub id: Uuid,
    pub order_id: Uuid,
    // INTEGER in PostgreSQL: an i64 would not decode there.
    pub seq: i32,
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub paid_on: Option<NaiveDate>,
}

impl TryFrom<InstallmentRow> for Installment {
    type Error = StoreError;

    fn try_from(r: InstallmentRow) -> StoreResult<Installment> {
        Ok(Installment {
            id: r.id,
            order_id: r.order_id,
            seq: u32::try_from(r.seq).map_err(corrupt)?,
            due_on: r.due_on,
            amount: money(r.amount_fen)?,
            paid_on: r.paid_on,
        })
    }
}

/// The columns of `appeals::SUMMARY_COLUMNS`.
#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    pub id: Uuid,
    pub decision_id: Uuid,
    pub status: String,
    pub ground: String,
    pub is_reappeal: bool,
    pub submitted_at: DateTime<Utc>,
    pub version: i64,
    pub decided_by: Option<Uuid>,
}

impl TryFrom<SummaryRow> for AppealSummary {
    type Error = StoreError;

    fn try_from(r: SummaryRow) -> StoreResult<AppealSummary> {
        Ok(AppealSummary {
            id: r.id,
            decision_id: r.decision_id,
            status: status(&r.status)?,
            ground: Ground::parse(&r.ground)
                .ok_or_else(|| corrupt(format!("ground {}", r.ground)))?,
            is_reappeal: r.is_reappeal,
            submitted_at: r.submitted_at,
            version: r.version,
            decided_by: r.decided_by,
        })
    }
}

/// The columns of `appeals::EVIDENCE_COLUMNS`.
#[derive(sqlx::FromRow)]
pub struct EvidenceRow {
    pub id: Uuid,
    pub appeal_id: Uuid,
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub storage_key: String,
    pub thumbnail_key: Option<String>,
}

impl TryFrom<EvidenceRow> for Evidence {
    type Error = StoreError;

    fn try_from(r: EvidenceRow) -> StoreResult<Evidence> {
        Ok(Evidence {
            id: r.id,
            appeal_id: r.appeal_id,
            sha256: r.sha256,
            media_type: EvidenceType::from_mime(&r.media_type)
                .ok_or_else(|| corrupt(format!("media type {}", r.media_type)))?,
            size_bytes: u64::try_from(r.size_bytes).map_err(corrupt)?,
            original_name: r.original_name,
            storage_key: r.storage_key,
            thumbnail_key: r.thumbnail_key,
        })
    }
}
