//! The support queue, the case view and the decision transaction.

use app::ssr::store::{
    Actor, AppealSummary, Assignee, CaseRecord, CaseStore, CustomerProfile, FeedKind, NewMessage,
    QueueCounts, QueueQuery, QueueRow, StaffRef, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::{AppealAction, AppealStatus};
use domain::decision::NewDecision;
use domain::resolution::{Outcome, Verdict};
use domain::{Lang, LimitDecision, LineStatus, Money, ReasonCode, Role};
use sqlx::types::Json;
use uuid::Uuid;

use super::appeals::{insert_event, insert_message, read_appeal_record};
use super::import::insert_decision;
use super::outbox::{append_event, NewOutcomeEvent};
use super::rows::{self, DecisionRow, ReasonRow, SummaryRow};
use super::{audit, Backend, Db, Tx};
use crate::store::{backend_error, corrupt};

/// Must match the partial index `appeals_open_by_due` word for word,
/// or SQLite will not use it.
pub const OPEN: &str =
    "a.status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval')";
/// A literal, not a parameter: the planner then reads `appeals_by_reappeal_status` alone.
pub const REAPPEAL: &str = "a.is_reappeal = TRUE";

#[derive(sqlx::FromRow)]
struct OwnedDecisionRow {
    #[sqlx(flatten)]
    decision: DecisionRow,
    account_id: Uuid,
}

/// The columns of the appeal that `lock_appeal` holds.
#[derive(sqlx::FromRow)]
pub(super) struct LockedAppeal {
    pub status: String,
    pub version: i64,
    pub account_id: Uuid,
    pub decision_id: Uuid,
    pub assigned_to: Option<Uuid>,
    pub proposal: Option<Json<Verdict>>,
    pub proposed_by: Option<Uuid>,
    pub is_reappeal: bool,
}

#[derive(sqlx::FromRow)]
struct LineRow {
    limit_fen: i64,
    status: String,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct QueueEntryRow {
    id: Uuid,
    status: String,
    is_reappeal: bool,
    submitted_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    username: String,
    display_name: String,
    assigned_name: Option<String>,
    /// The decision's reason codes in notified order, comma-separated.
    reason_codes: Option<String>,
}

impl TryFrom<QueueEntryRow> for QueueRow {
    type Error = StoreError;

    fn try_from(r: QueueEntryRow) -> StoreResult<QueueRow> {
        Ok(QueueRow {
            id: r.id,
            customer_username: r.username,
            customer_name: r.display_name,
            status: rows::status(&r.status)?,
            is_reappeal: r.is_reappeal,
            submitted_at: r.submitted_at,
            due_at: r.due_at,
            assigned_name: r.assigned_name,
            reasons: r
                .reason_codes
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| ReasonCode::parse(c).ok_or_else(|| corrupt(format!("reason code {c}"))))
                .collect::<StoreResult<_>>()?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct QueueCountsRow {
    open_count: i64,
    unassigned: i64,
    mine: i64,
    past_deadline: i64,
    pending_approval: i64,
    reappeals: i64,
}

impl From<QueueCountsRow> for QueueCounts {
    fn from(r: QueueCountsRow) -> QueueCounts {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        QueueCounts {
            open: n(r.open_count),
            unassigned: n(r.unassigned),
            mine: n(r.mine),
            past_deadline: n(r.past_deadline),
            pending_approval: n(r.pending_approval),
            reappeals: n(r.reappeals),
        }
    }
}

/// `SUMMARY_COLUMNS` and what support sees besides.
#[derive(sqlx::FromRow)]
struct CaseRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    due_at: DateTime<Utc>,
    assigned_to: Option<Uuid>,
    assigned_name: Option<String>,
    proposal: Option<Json<Verdict>>,
    proposed_by: Option<Uuid>,
    proposer_name: Option<String>,
    outcome: Option<Json<Outcome>>,
    #[sqlx(flatten)]
    customer: CustomerRow,
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    #[sqlx(rename = "customer_id")]
    id: Uuid,
    username: String,
    display_name: String,
    id_number_masked: Option<String>,
    phone_masked: Option<String>,
    identity_verified_until: Option<NaiveDate>,
}

impl From<CustomerRow> for CustomerProfile {
    fn from(r: CustomerRow) -> CustomerProfile {
        CustomerProfile {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            id_number_masked: r.id_number_masked,
            phone_masked: r.phone_masked,
            identity_verified_until: r.identity_verified_until,
        }
    }
}

pub(super) async fn decision_in_tx(
    tx: &mut Tx,
    decision: Uuid,
) -> StoreResult<(LimitDecision, Uuid)> {
    let map = backend_error;
    let row = sqlx::query_as::<_, OwnedDecisionRow>(
        "SELECT id, account_id, external_id, model_version, kind, limit_before_fen, limit_after_fen, notice, decided_at, decided_on \
         FROM limit_decisions WHERE id = $1",
    )
    .bind(decision)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map)?
    .ok_or(StoreError::NotFound)?;
    let reasons = sqlx::query_as::<_, ReasonRow>(
        "SELECT facts FROM decision_reasons WHERE decision_id = $1 ORDER BY position",
    )
    .bind(decision)
    .fetch_all(&mut **tx)
    .await
    .map_err(map)?
    .into_iter()
    .map(|r| r.facts.0)
    .collect();
    Ok((row.decision.into_decision(reasons)?, row.account_id))
}

/// Reads the appeal's status and version for a step, refusing a stale
/// version, and holds the row so that a concurrent step waits and then
/// sees the new version (not the winner's side effects, such as its
/// support decision, at the old one).
pub(super) async fn lock_appeal(
    tx: &mut Tx,
    appeal: Uuid,
    expected_version: i64,
) -> StoreResult<LockedAppeal> {
    let row = sqlx::query_as::<_, LockedAppeal>(concat!(
        "SELECT status, version, account_id, decision_id, assigned_to, proposal, proposed_by, is_reappeal FROM appeals WHERE id = $1",
        row_lock!()
    ))
    .bind(appeal)
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend_error)?
    .ok_or(StoreError::NotFound)?;
    if row.version != expected_version {
        return Err(StoreError::Stale);
    }
    Ok(row)
}

/// Who decided the earlier appeal on the same decision: a re-appeal
/// goes to someone else.
pub(super) async fn first_decided_by<'e, E>(
    executor: E,
    appeal: Uuid,
    decision: Uuid,
) -> StoreResult<Option<Uuid>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    sqlx::query_scalar(
        "SELECT decided_by FROM appeals WHERE decision_id = $1 AND id <> $2 AND decided_by IS NOT NULL \
         ORDER BY submitted_at LIMIT 1",
    )
    .bind(decision)
    .bind(appeal)
    .fetch_optional(executor)
    .await
    .map_err(backend_error)
}

/// The case as the rules see it, from the row `lock_appeal` holds.
pub(super) async fn case_state_in_tx(
    tx: &mut Tx,
    appeal: Uuid,
    row: &LockedAppeal,
) -> StoreResult<domain::casework::CaseState> {
    let first_appeal_decided_by = if row.is_reappeal {
        first_decided_by(&mut **tx, appeal, row.decision_id).await?
    } else {
        None
    };
    Ok(domain::casework::CaseState {
        status: rows::status(&row.status)?,
        customer: row.account_id,
        assigned_to: row.assigned_to,
        proposer: row.proposed_by,
        is_reappeal: row.is_reappeal,
        first_appeal_decided_by,
    })
}

/// The acting staff member with the role the database holds for them now:
/// only a signed-in agent or supervisor takes case decisions.
pub(super) async fn staff_in_tx(
    tx: &mut Tx,
    actor: &Actor,
) -> StoreResult<domain::casework::Actor> {
    let forbidden = StoreError::Refused(domain::casework::Refusal::Forbidden);
    let Some(id) = actor.id else {
        return Err(forbidden);
    };
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM accounts WHERE id = $1 AND disabled_at IS NULL")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
    let role = role.as_deref().and_then(Role::parse).ok_or(forbidden)?;
    Ok(domain::casework::Actor { id, role })
}

/// The customer's credit line as the transaction sees it: limit, status, version.
pub(super) async fn line_in_tx(tx: &mut Tx, owner: Uuid) -> StoreResult<(Money, LineStatus, i64)> {
    let line = sqlx::query_as::<_, LineRow>(
        "SELECT limit_fen, status, version FROM credit_lines WHERE account_id = $1",
    )
    .bind(owner)
    .fetch_one(&mut **tx)
    .await
    .map_err(backend_error)?;
    Ok((
        rows::money(line.limit_fen)?,
        rows::line_status(&line.status)?,
        line.version,
    ))
}

/// Moves the appeal on if nobody else did first (the version check).
pub(super) async fn bump_appeal(
    tx: &mut Tx,
    appeal: Uuid,
    expected_version: i64,
    status: AppealStatus,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let updated = sqlx::query("UPDATE appeals SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
        .bind(status.as_str())
        .bind(at)
        .bind(appeal)
        .bind(expected_version)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

#[async_trait]
impl CaseStore for Backend {
    #[tracing::instrument(skip(self), err)]
    async fn queue(&self, q: &QueueQuery) -> StoreResult<Vec<QueueRow>> {
        use Assignee;
        let map = backend_error;
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            // The page of appeals first, then their names and reasons: a
            // LIMIT inside a subquery keeps both planners from starting at the
            // accounts and sorting every open appeal. The reasons come as one
            // column (string_agg: SQLite ≥ 3.44 and PostgreSQL) rather than a
            // second query: rows cost more than bytes on SQLx's SQLite driver.
            "SELECT a.id, a.status, a.is_reappeal, a.submitted_at, a.due_at, \
             c.username, c.display_name, s.display_name AS assigned_name, \
             (SELECT string_agg(r.code, ',' ORDER BY r.position) FROM decision_reasons r \
              WHERE r.decision_id = a.decision_id) AS reason_codes \
             FROM (SELECT a.id, a.decision_id, a.account_id, a.assigned_to, a.status, a.is_reappeal, a.submitted_at, a.due_at \
             FROM appeals a",
        );
        // The plain queue: every open appeal, nearest deadline first.
        let plain = q.status.is_none()
            && q.reason.is_none()
            && matches!(q.assignee, Assignee::Anyone)
            && !q.reappeals_only
            && q.customer.is_none();
        if plain {
            qb.push(open_by_due!());
        }
        // Status and reason are written in as literals, not bound: each is
        // one of a few fixed codes, so the statements stay few, and each gets
        // a plan made for its own code (how many appeals it holds) that
        // PostgreSQL keeps instead of planning the page on every view.
        qb.push(" WHERE ");
        match q.status {
            Some(st) => {
                qb.push(format_args!("a.status = '{}'", st.as_str()));
            }
            None => {
                qb.push(OPEN);
            }
        }
        if let Some(code) = q.reason {
            qb.push(format_args!(
                " AND EXISTS (SELECT 1 FROM decision_reasons r WHERE r.decision_id = a.decision_id AND r.code = '{}')",
                code.as_str()
            ));
        }
        if let Some(due) = q.due_before {
            qb.push(" AND a.due_at < ").push_bind(due);
        }
        match q.assignee {
            Assignee::Anyone => {}
            Assignee::Nobody => {
                qb.push(" AND a.assigned_to IS NULL");
            }
            Assignee::Staff(id) => {
                qb.push(" AND a.assigned_to = ").push_bind(id);
            }
        }
        if q.reappeals_only {
            qb.push(" AND ").push(REAPPEAL);
        }
        if let Some(who) = &q.customer {
            qb.push(" AND a.account_id IN (SELECT id FROM accounts WHERE username = ")
                .push_bind(who.clone())
                .push(" OR display_name = ")
                .push_bind(who.clone())
                .push(")");
        }
        if let Some((due, id)) = q.after {
            qb.push(" AND (a.due_at > ")
                .push_bind(due)
                .push(" OR (a.due_at = ")
                .push_bind(due)
                .push(" AND a.id > ")
                .push_bind(id)
                .push("))");
        }
        // The limit is written into the statement, not bound: with a bound
        // LIMIT, PostgreSQL's plan for any limit looks dearer than one made
        // for 50, so it would plan the page anew on every view (0.6 ms at 10⁵).
        qb.push(" ORDER BY a.due_at, a.id LIMIT ")
            .push(q.limit.clamp(1, 200))
            .push(
                ") a JOIN accounts c ON c.id = a.account_id LEFT JOIN accounts s ON s.id = a.assigned_to \
                 ORDER BY a.due_at, a.id",
            );
        qb.build_query_as::<QueueEntryRow>()
            .fetch_all(&self.pool)
            .await
            .map_err(map)?
            .into_iter()
            .map(QueueRow::try_from)
            .collect()
    }

    async fn queue_counts(&self, staff: Uuid, now: DateTime<Utc>) -> StoreResult<QueueCounts> {
        // One round trip; each count is answered from an index of its own
        // (see 0003_review.sql) and stops at the cap, so a page view costs
        // the same with a thousand open appeals or a million.
        let open = OPEN;
        let cap = app::staff_model::COUNT_CAP;
        let capped = |filter: &str| {
            format!("(SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM appeals a WHERE {filter} LIMIT {cap}) capped)")
        };
        let row = sqlx::query_as::<_, QueueCountsRow>(&format!(
            "SELECT {} AS open_count, {} AS unassigned, {} AS mine, {} AS past_deadline, {} AS pending_approval, {} AS reappeals",
            capped(open),
            capped(&format!("{open} AND a.assigned_to IS NULL")),
            capped(&format!("a.assigned_to = {} AND {open}", opaque_uuid!("$1"))),
            capped(&format!("{open} AND a.due_at < $2")),
            capped("a.status = 'pending_approval'"),
            capped(&format!("{open} AND {}", REAPPEAL)),
        ))
        .bind(staff)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(row.into())
    }

    #[tracing::instrument(skip(self), err)]
    async fn case(&self, appeal: Uuid) -> StoreResult<Option<CaseRecord>> {
        // The appeal, its customer and the staff it names in one read, then
        // its thread, timeline and pauses, all on one connection.
        let mut conn = self.pool.acquire().await.map_err(backend_error)?;
        let Some(row) = sqlx::query_as::<_, CaseRow>(
            "SELECT a.id, a.decision_id, a.status, a.ground, a.is_reappeal, a.submitted_at, \
               a.version, a.decided_by, a.due_at, a.assigned_to, s.display_name AS assigned_name, \
               a.proposal, a.proposed_by, p.display_name AS proposer_name, a.outcome, \
               c.id AS customer_id, c.username, c.display_name, c.id_number_masked, \
               c.phone_masked, c.identity_verified_until \
             FROM appeals a JOIN accounts c ON c.id = a.account_id \
             LEFT JOIN accounts s ON s.id = a.assigned_to \
             LEFT JOIN accounts p ON p.id = a.proposed_by \
             WHERE a.id = $1",
        )
        .bind(appeal)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend_error)?
        else {
            return Ok(None);
        };
        let record =
            read_appeal_record(&mut conn, AppealSummary::try_from(row.summary)?, true).await?;
        let first_appeal_decided_by = if record.summary.is_reappeal {
            first_decided_by(&mut *conn, appeal, record.summary.decision_id).await?
        } else {
            None
        };
        let staff_ref = |id: Option<Uuid>, name: Option<String>| {
            id.zip(name).map(|(id, name)| StaffRef { id, name })
        };
        Ok(Some(CaseRecord {
            appeal: record,
            customer: row.customer.into(),
            due_at: row.due_at,
            assigned_to: staff_ref(row.assigned_to, row.assigned_name),
            proposal: row.proposal.map(|j| j.0),
            proposed_by: staff_ref(row.proposed_by, row.proposer_name),
            outcome: row.outcome.map(|j| j.0),
            first_appeal_decided_by,
        }))
    }

    #[tracing::instrument(skip(self, actor), err)]
    async fn assign_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        to: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus> {
        use domain::appeal::{AppealAction, AppealStatus, TransitionError};
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let row = lock_appeal(&mut tx, appeal, expected_version).await?;
        let from = rows::status(&row.status)?;
        let before = row.assigned_to;
        let status = match from {
            AppealStatus::Submitted => domain::appeal::transition(from, AppealAction::Claim)?,
            s if s.is_open() => s,
            _ => {
                return Err(TransitionError {
                    from,
                    action: AppealAction::Claim,
                }
                .into())
            }
        };
        bump_appeal(&mut tx, appeal, expected_version, status, at).await?;
        sqlx::query("UPDATE appeals SET assigned_to = $1 WHERE id = $2")
            .bind(to)
            .bind(appeal)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        if status != from {
            insert_event(&mut tx, appeal, at, actor, Some(from), status).await?;
        }
        audit::write(
            &mut tx,
            at,
            actor,
            "appeal.assigned",
            ("appeal", appeal.to_string()),
            Some(serde_json::json!({ "assigned_to": before })),
            Some(serde_json::json!({ "assigned_to": to })),
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(status)
    }

    async fn add_note(&self, appeal: Uuid, note: NewMessage, actor: &Actor) -> StoreResult<()> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let owner: Uuid = sqlx::query_scalar("SELECT account_id FROM appeals WHERE id = $1")
            .bind(appeal)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?
            .ok_or(StoreError::NotFound)?;
        let note = NewMessage {
            internal: true,
            from_staff: true,
            ..note
        };
        insert_message(&mut tx, appeal, owner, &note).await?;
        audit::write(
            &mut tx,
            note.at,
            actor,
            "appeal.note_added",
            ("appeal", appeal.to_string()),
            None,
            Some(serde_json::json!({ "message": note.id })),
        )
        .await?;
        tx.commit().await.map_err(map)
    }

    #[tracing::instrument(skip(self, note, actor), err)]
    async fn propose_verdict(
        &self,
        appeal: Uuid,
        expected_version: i64,
        verdict: Verdict,
        note: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus> {
        use Json;
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let row = lock_appeal(&mut tx, appeal, expected_version).await?;
        let from = rows::status(&row.status)?;
        let owner = row.account_id;
        // Any verdict the rules let this person reach may be put to a
        // supervisor, including one they could have decided alone.
        let who = staff_in_tx(&mut tx, actor).await?;
        let case = case_state_in_tx(&mut tx, appeal, &row).await?;
        let (decision, _) = decision_in_tx(&mut tx, row.decision_id).await?;
        let (limit, line_status, _) = line_in_tx(&mut tx, owner).await?;
        domain::casework::plan_decision(who, &case, &decision, limit, line_status, verdict)?;
        let to = domain::appeal::transition(from, AppealAction::ProposeForApproval)?;
        bump_appeal(&mut tx, appeal, expected_version, to, at).await?;
        sqlx::query("UPDATE appeals SET proposal = $1, proposed_by = $2 WHERE id = $3")
            .bind(Json(verdict))
            .bind(actor.id)
            .bind(appeal)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        if let Some(m) = &note {
            let m = NewMessage {
                internal: true,
                from_staff: true,
                ..m.clone()
            };
            insert_message(&mut tx, appeal, owner, &m).await?;
        }
        insert_event(&mut tx, appeal, at, actor, Some(from), to).await?;
        audit::write(
            &mut tx,
            at,
            actor,
            "appeal.proposed",
            ("appeal", appeal.to_string()),
            None,
            Some(serde_json::json!({ "verdict": verdict })),
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(to)
    }

    #[tracing::instrument(skip(self, note, actor), err)]
    async fn decide_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        verdict: Verdict,
        note: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Outcome> {
        use Json;
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let row = lock_appeal(&mut tx, appeal, expected_version).await?;
        let from = rows::status(&row.status)?;
        let owner = row.account_id;
        let decision_id = row.decision_id;
        let (decision, _) = decision_in_tx(&mut tx, decision_id).await?;

        let newer: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM limit_decisions WHERE account_id = $1 AND decided_at > $2",
        )
        .bind(owner)
        .bind(decision.decided_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        if newer > 0 {
            return Err(StoreError::Replaced);
        }

        let (limit, line_status, line_version) = line_in_tx(&mut tx, owner).await?;

        // The rules again, on what this transaction holds: nobody decides
        // a four-eyes case alone, or approves their own proposal.
        let who = staff_in_tx(&mut tx, actor).await?;
        let case = case_state_in_tx(&mut tx, appeal, &row).await?;
        if from == AppealStatus::PendingApproval {
            if row.proposal.as_ref().map(|p| p.0) != Some(verdict) {
                // Approving means approving what was proposed, nothing else.
                return Err(domain::casework::Refusal::WrongState.into());
            }
            domain::casework::check_approval(who, &case, &decision, limit, line_status, verdict)?;
        } else {
            let plan = domain::casework::plan_decision(
                who,
                &case,
                &decision,
                limit,
                line_status,
                verdict,
            )?;
            if plan == domain::casework::Plan::ProposeForApproval {
                return Err(domain::casework::Refusal::NeedsApproval.into());
            }
        }

        let (outcome, change) =
            domain::resolution::resolve(&decision, limit, line_status, verdict)?;
        let to = domain::appeal::transition(from, outcome.action())?;
        bump_appeal(&mut tx, appeal, expected_version, to, at).await?;
        sqlx::query("UPDATE appeals SET outcome = $1, decided_by = $2 WHERE id = $3")
            .bind(Json(outcome))
            .bind(actor.id)
            .bind(appeal)
            .execute(&mut *tx)
            .await
            .map_err(map)?;

        if let Some(change) = change {
            let updated = sqlx::query(
                "UPDATE credit_lines SET limit_fen = $1, status = $2, version = version + 1, updated_at = $3 \
                 WHERE account_id = $4 AND version = $5",
            )
            .bind(change.limit.fen())
            .bind(change.status.as_str())
            .bind(at)
            .bind(owner)
            .bind(line_version)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if updated.rows_affected() != 1 {
                return Err(StoreError::Stale);
            }
            audit::write(
                &mut tx,
                at,
                actor,
                "credit_line.changed",
                ("credit_line", owner.to_string()),
                Some(serde_json::json!({ "limit": limit, "status": line_status })),
                Some(serde_json::json!({ "limit": change.limit, "status": change.status, "appeal": appeal })),
            )
            .await?;
            // The customer's limit history shows support's decision beside the engine's.
            let recorded = NewDecision {
                id: Uuid::now_v7(),
                external_id: format!("LD-{}", appeal.simple()),
                model_version: "LimitDesk support".to_owned(),
                kind: change.kind,
                limit_before: limit,
                limit_after: change.limit,
                reasons: Vec::new(),
                notice: outcome.customer_text(Lang::Zh),
                decided_at: at,
                decided_on: app::ssr::clock::local_date(at),
            }
            .validate()
            .map_err(corrupt)?;
            if !insert_decision(&mut tx, owner, &recorded, at, None, actor).await? {
                return Err(StoreError::Conflict("limit_decisions.external_id".into()));
            }
        }

        if let Some(m) = &note {
            let m = NewMessage {
                internal: false,
                from_staff: true,
                ..m.clone()
            };
            insert_message(&mut tx, appeal, owner, &m).await?;
        }
        insert_event(&mut tx, appeal, at, actor, Some(from), to).await?;
        audit::write(
            &mut tx,
            at,
            actor,
            "appeal.decided",
            ("appeal", appeal.to_string()),
            None,
            Some(serde_json::json!({ "verdict": verdict, "outcome": outcome })),
        )
        .await?;
        // For the credit system, in the same transaction as the change itself
        // and as its last write (the feed's counter is held until commit).
        append_event(
            &mut tx,
            NewOutcomeEvent {
                kind: FeedKind::AppealDecided,
                account: owner,
                appeal: Some(appeal),
                decision: Some(decision_id),
                staff: actor.id,
                outcome: Some(outcome),
                at,
            },
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(outcome)
    }
}
