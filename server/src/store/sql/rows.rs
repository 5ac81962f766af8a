//! Reading rows into domain values: every column check in one place.

use app::model::Role;
use app::ssr::store::{Account, AppealSummary, AuditRecord, Evidence, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::{AppealStatus, EvidenceType, Ground};
use domain::decision::NewDecision;
use domain::{DecisionKind, Installment, LimitDecision, Money, Order, Reason};
use sqlx::types::Json;
use sqlx::Row;
use uuid::Uuid;

use super::DbRow;
use crate::store::{backend_error, corrupt};

pub fn money(fen: i64) -> StoreResult<Money> {
    Money::from_fen(fen).map_err(corrupt)
}

pub fn account(r: &DbRow) -> StoreResult<Account> {
    let role: String = r.try_get("role").map_err(backend_error)?;
    Ok(Account {
        id: r.try_get("id").map_err(backend_error)?,
        username: r.try_get("username").map_err(backend_error)?,
        display_name: r.try_get("display_name").map_err(backend_error)?,
        role: Role::parse(&role).ok_or_else(|| corrupt(format!("role {role}")))?,
        password_changed_at: r.try_get("password_changed_at").map_err(backend_error)?,
    })
}

/// A decision row plus its reasons (in position order) as a validated domain value.
pub fn decision(r: &DbRow, reasons: Vec<Reason>) -> StoreResult<LimitDecision> {
    let kind: String = r.try_get("kind").map_err(backend_error)?;
    NewDecision {
        id: r.try_get("id").map_err(backend_error)?,
        external_id: r.try_get("external_id").map_err(backend_error)?,
        model_version: r.try_get("model_version").map_err(backend_error)?,
        kind: DecisionKind::parse(&kind).ok_or_else(|| corrupt(format!("decision kind {kind}")))?,
        limit_before: money(r.try_get("limit_before_fen").map_err(backend_error)?)?,
        limit_after: money(r.try_get("limit_after_fen").map_err(backend_error)?)?,
        reasons,
        notice: r.try_get("notice").map_err(backend_error)?,
        decided_at: r
            .try_get::<DateTime<Utc>, _>("decided_at")
            .map_err(backend_error)?,
        decided_on: r
            .try_get::<NaiveDate, _>("decided_on")
            .map_err(backend_error)?,
    }
    .validate()
    .map_err(corrupt)
}

pub fn reason(r: &DbRow) -> StoreResult<(Uuid, Reason)> {
    let Json(reason): Json<Reason> = r.try_get("facts").map_err(backend_error)?;
    Ok((r.try_get("decision_id").map_err(backend_error)?, reason))
}

pub fn order(r: &DbRow) -> StoreResult<Order> {
    Ok(Order {
        id: r.try_get("id").map_err(backend_error)?,
        description: r.try_get("description").map_err(backend_error)?,
        placed_on: r.try_get("placed_on").map_err(backend_error)?,
        total: money(r.try_get("total_fen").map_err(backend_error)?)?,
        installments: Vec::new(),
    })
}

pub fn audit(r: &DbRow) -> StoreResult<AuditRecord> {
    let before: Option<Json<serde_json::Value>> = r.try_get("before").map_err(backend_error)?;
    let after: Option<Json<serde_json::Value>> = r.try_get("after").map_err(backend_error)?;
    Ok(AuditRecord {
        id: r.try_get("id").map_err(backend_error)?,
        at: r.try_get("at").map_err(backend_error)?,
        actor: r.try_get("actor").map_err(backend_error)?,
        action: r.try_get("action").map_err(backend_error)?,
        entity_type: r.try_get("entity_type").map_err(backend_error)?,
        entity_id: r.try_get("entity_id").map_err(backend_error)?,
        before: before.map(|j| j.0),
        after: after.map(|j| j.0),
    })
}

pub fn installment(r: &DbRow) -> StoreResult<Installment> {
    let seq: i32 = r.try_get("seq").map_err(backend_error)?;
    Ok(Installment {
        id: r.try_get("id").map_err(backend_error)?,
        order_id: r.try_get("order_id").map_err(backend_error)?,
        seq: u32::try_from(seq).map_err(corrupt)?,
        due_on: r.try_get("due_on").map_err(backend_error)?,
        amount: money(r.try_get("amount_fen").map_err(backend_error)?)?,
        paid_on: r.try_get("paid_on").map_err(backend_error)?,
    })
}

pub fn status(s: &str) -> StoreResult<AppealStatus> {
    AppealStatus::parse(s).ok_or_else(|| corrupt(format!("appeal status {s}")))
}

pub fn summary(r: &DbRow) -> StoreResult<AppealSummary> {
    let st: String = r.try_get("status").map_err(backend_error)?;
    let ground: String = r.try_get("ground").map_err(backend_error)?;
    Ok(AppealSummary {
        id: r.try_get("id").map_err(backend_error)?,
        decision_id: r.try_get("decision_id").map_err(backend_error)?,
        status: status(&st)?,
        ground: Ground::parse(&ground).ok_or_else(|| corrupt(format!("ground {ground}")))?,
        is_reappeal: r.try_get("is_reappeal").map_err(backend_error)?,
        submitted_at: r.try_get("submitted_at").map_err(backend_error)?,
        version: r.try_get("version").map_err(backend_error)?,
        decided_by: r.try_get("decided_by").map_err(backend_error)?,
    })
}

pub fn evidence(r: &DbRow) -> StoreResult<Evidence> {
    let media: String = r.try_get("media_type").map_err(backend_error)?;
    let size: i64 = r.try_get("size_bytes").map_err(backend_error)?;
    Ok(Evidence {
        id: r.try_get("id").map_err(backend_error)?,
        appeal_id: r.try_get("appeal_id").map_err(backend_error)?,
        sha256: r.try_get("sha256").map_err(backend_error)?,
        media_type: EvidenceType::from_mime(&media)
            .ok_or_else(|| corrupt(format!("media type {media}")))?,
        size_bytes: u64::try_from(size).map_err(corrupt)?,
        original_name: r.try_get("original_name").map_err(backend_error)?,
        storage_key: r.try_get("storage_key").map_err(backend_error)?,
        thumbnail_key: r.try_get("thumbnail_key").map_err(backend_error)?,
    })
}
