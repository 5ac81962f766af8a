//! Appeals as customers file and follow them: the lifecycle steps, thread, evidence and drafts.

use app::ssr::store::{
    Actor, AppealEvent, AppealMessage, AppealRecord, AppealStore, AppealSummary, Draft, Evidence,
    FeedKind, NewAppeal, NewMessage, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::appeal::{AppealAction, AppealStatus, Pause, PriorAppeal, DECISION_DAYS};
use domain::resolution::Outcome;
use sqlx::types::Json;
use uuid::Uuid;

use super::outbox::{append_event, NewOutcomeEvent};
use super::rows::{self, EvidenceRow, SummaryRow};
use super::{audit, Backend, Conn, Tx};
use crate::store::backend_error;

pub(super) const SUMMARY_COLUMNS: &str =
    "id, decision_id, status, ground, is_reappeal, submitted_at, version, decided_by";

pub(super) const EVIDENCE_COLUMNS: &str =
    "id, appeal_id, sha256, media_type, size_bytes, original_name, storage_key, thumbnail_key";

#[derive(sqlx::FromRow)]
struct PriorAppealRow {
    id: Uuid,
    status: String,
    is_reappeal: bool,
    /// One of its files, or none.
    sha256: Option<String>,
}

/// The appeal's row as `advance_appeal` checks and moves it.
#[derive(sqlx::FromRow)]
struct StepRow {
    status: String,
    version: i64,
    account_id: Uuid,
    decision_id: Uuid,
    due_at: Option<DateTime<Utc>>,
}

/// An evidence file with the message it came with.
/// A message beside one of its files, if it has any.
#[derive(sqlx::FromRow)]
struct MessageFileRow {
    #[sqlx(flatten)]
    message: MessageRow,
    #[sqlx(flatten)]
    file: MaybeFileRow,
}

/// `EVIDENCE_COLUMNS` from the outer side of a LEFT JOIN.
#[derive(sqlx::FromRow)]
struct MaybeFileRow {
    file_id: Option<Uuid>,
    sha256: Option<String>,
    media_type: Option<String>,
    size_bytes: Option<i64>,
    original_name: Option<String>,
    storage_key: Option<String>,
    thumbnail_key: Option<String>,
}

impl MaybeFileRow {
    fn into_evidence(self, appeal_id: Uuid) -> StoreResult<Option<Evidence>> {
        let Some(id) = self.file_id else {
            return Ok(None);
        };
        let (
            Some(sha256),
            Some(media_type),
            Some(size_bytes),
            Some(original_name),
            Some(storage_key),
        ) = (
            self.sha256,
            self.media_type,
            self.size_bytes,
            self.original_name,
            self.storage_key,
        )
        else {
            return Err(crate::store::corrupt(format!("evidence file {id}")));
        };
        Evidence::try_from(EvidenceRow {
            id,
            appeal_id,
            sha256,
            media_type,
            size_bytes,
            original_name,
            storage_key,
            thumbnail_key: self.thumbnail_key,
        })
        .map(Some)
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: Uuid,
    from_staff: bool,
    internal: bool,
    body: String,
    created_at: DateTime<Utc>,
    display_name: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: DateTime<Utc>,
    from_status: Option<String>,
    to_status: String,
}

impl TryFrom<EventRow> for AppealEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> StoreResult<AppealEvent> {
        Ok(AppealEvent {
            at: r.at,
            from_status: r.from_status.as_deref().map(rows::status).transpose()?,
            to_status: rows::status(&r.to_status)?,
        })
    }
}

pub(super) async fn insert_message(
    tx: &mut Tx,
    appeal: Uuid,
    account: Uuid,
    m: &NewMessage,
) -> StoreResult<()> {
    let map = backend_error;
    sqlx::query(
        "INSERT INTO appeal_messages (id, appeal_id, author_id, from_staff, internal, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(m.id)
    .bind(appeal)
    .bind(m.author_id)
    .bind(m.from_staff)
    .bind(m.internal)
    .bind(&m.body)
    .bind(m.at)
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    for f in &m.files {
        sqlx::query(
            "INSERT INTO evidence_files (id, appeal_id, message_id, account_id, sha256, media_type, size_bytes, \
             original_name, storage_key, thumbnail_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(f.id)
        .bind(appeal)
        .bind(m.id)
        .bind(account)
        .bind(&f.sha256)
        .bind(f.media_type.mime())
        .bind(i64::try_from(f.size_bytes).unwrap_or(i64::MAX))
        .bind(&f.original_name)
        .bind(&f.storage_key)
        .bind(&f.thumbnail_key)
        .bind(m.at)
        .execute(&mut **tx)
        .await
        .map_err(map)?;
    }
    Ok(())
}

pub(super) async fn insert_event(
    tx: &mut Tx,
    appeal: Uuid,
    at: DateTime<Utc>,
    actor: &Actor,
    from: Option<AppealStatus>,
    to: AppealStatus,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO appeal_events (id, appeal_id, at, actor_id, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(Uuid::now_v7())
        .bind(appeal)
        .bind(at)
        .bind(actor.id)
        .bind(from.map(|s| s.as_str()))
        .bind(to.as_str())
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    audit::write(
        tx,
        at,
        actor,
        "appeal.status_changed",
        ("appeal", appeal.to_string()),
        from.map(|s| serde_json::json!({ "status": s.as_str() })),
        Some(serde_json::json!({ "status": to.as_str() })),
    )
    .await
}

/// The appeal, its first message with files, and its first timeline entry.
pub(super) async fn insert_appeal(tx: &mut Tx, a: &NewAppeal, actor: &Actor) -> StoreResult<()> {
    let map = backend_error;
    sqlx::query(
        "INSERT INTO appeals (id, decision_id, account_id, status, ground, is_reappeal, submitted_at, updated_at, due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
    )
    .bind(a.id)
    .bind(a.decision_id)
    .bind(a.account_id)
    .bind(AppealStatus::Submitted.as_str())
    .bind(a.ground.as_str())
    .bind(a.is_reappeal)
    .bind(a.submitted_at)
    .bind(a.submitted_at + chrono::Duration::days(DECISION_DAYS))
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    let message = NewMessage {
        id: Uuid::now_v7(),
        author_id: a.account_id,
        from_staff: false,
        internal: false,
        body: a.statement.clone(),
        files: a.files.clone(),
        at: a.submitted_at,
    };
    insert_message(tx, a.id, a.account_id, &message).await?;
    insert_event(
        tx,
        a.id,
        a.submitted_at,
        actor,
        None,
        AppealStatus::Submitted,
    )
    .await?;
    sqlx::query("DELETE FROM appeal_drafts WHERE account_id = $1 AND decision_id = $2")
        .bind(a.account_id)
        .bind(a.decision_id)
        .execute(&mut **tx)
        .await
        .map_err(map)?;
    Ok(())
}

#[async_trait]
impl AppealStore for Backend {
    async fn claim_upload_slot(
        &self,
        account: Uuid,
        at: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let taken = sqlx::query(
            "INSERT INTO upload_slots (account_id, started_at) VALUES ($1, $2) \
             ON CONFLICT (account_id) DO UPDATE SET started_at = excluded.started_at \
             WHERE upload_slots.started_at < $3",
        )
        .bind(account)
        .bind(at)
        .bind(stale_before)
        .execute(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(taken.rows_affected() == 1)
    }

    async fn release_upload_slot(&self, account: Uuid) -> StoreResult<()> {
        sqlx::query("DELETE FROM upload_slots WHERE account_id = $1")
            .bind(account)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn prior_appeals(&self, decision: Uuid) -> StoreResult<Vec<PriorAppeal>> {
        // One round trip: each appeal once per file (once with no file), in
        // filing order, folded into appeals below.
        let found = sqlx::query_as::<_, PriorAppealRow>(
            "SELECT a.id, a.status, a.is_reappeal, f.sha256 FROM appeals a \
             LEFT JOIN evidence_files f ON f.appeal_id = a.id \
             WHERE a.decision_id = $1 ORDER BY a.submitted_at, a.id",
        )
        .bind(decision)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let mut prior: Vec<(Uuid, PriorAppeal)> = Vec::new();
        for r in found {
            if prior.last().is_none_or(|(id, _)| *id != r.id) {
                let appeal = PriorAppeal {
                    status: rows::status(&r.status)?,
                    is_reappeal: r.is_reappeal,
                    evidence: Vec::new(),
                };
                prior.push((r.id, appeal));
            }
            if let (Some((_, appeal)), Some(sha256)) = (prior.last_mut(), r.sha256) {
                appeal.evidence.push(sha256);
            }
        }
        Ok(prior.into_iter().map(|(_, appeal)| appeal).collect())
    }

    async fn appeals_of(&self, account: Uuid) -> StoreResult<Vec<AppealSummary>> {
        sqlx::query_as::<_, SummaryRow>(&format!("SELECT {SUMMARY_COLUMNS} FROM appeals WHERE account_id = $1 ORDER BY submitted_at DESC, id DESC"))
            .bind(account)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(AppealSummary::try_from)
            .collect()
    }

    #[tracing::instrument(skip(self, appeal), fields(appeal = %appeal.id), err)]
    async fn create_appeal(&self, appeal: NewAppeal, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        insert_appeal(&mut tx, &appeal, actor).await?;
        // The credit system hears of it too, as the transaction's last write.
        append_event(
            &mut tx,
            NewOutcomeEvent {
                kind: FeedKind::AppealOpened,
                account: appeal.account_id,
                appeal: Some(appeal.id),
                decision: Some(appeal.decision_id),
                staff: None,
                outcome: None,
                at: appeal.submitted_at,
            },
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn appeal(&self, account: Uuid, appeal: Uuid) -> StoreResult<Option<AppealRecord>> {
        let map = backend_error;
        // Four reads on one connection (see `Reader`).
        let mut conn = self.pool.acquire().await.map_err(map)?;
        let Some(row) = sqlx::query_as::<_, SummaryRow>(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM appeals WHERE id = $1 AND account_id = $2"
        ))
        .bind(appeal)
        .bind(account)
        .fetch_optional(&mut *conn)
        .await
        .map_err(map)?
        else {
            return Ok(None);
        };
        let summary = AppealSummary::try_from(row)?;
        read_appeal_record(&mut conn, summary, false)
            .await
            .map(Some)
    }

    #[tracing::instrument(skip(self, message, actor), err)]
    async fn advance_appeal(
        &self,
        appeal: Uuid,
        expected_version: i64,
        action: AppealAction,
        message: Option<NewMessage>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<AppealStatus> {
        use AppealAction;
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query_as::<_, StepRow>(
            "SELECT status, version, account_id, decision_id, due_at FROM appeals WHERE id = $1",
        )
        .bind(appeal)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?
        .ok_or(StoreError::NotFound)?;
        if row.version != expected_version {
            return Err(StoreError::Stale);
        }
        let owner = row.account_id;
        let from = rows::status(&row.status)?;
        let to = domain::appeal::transition(from, action)?;
        // The version check makes two concurrent steps on one appeal: one wins.
        let updated = sqlx::query("UPDATE appeals SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
            .bind(to.as_str())
            .bind(at)
            .bind(appeal)
            .bind(expected_version)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Stale);
        }
        match action {
            AppealAction::AskForInformation => {
                sqlx::query("INSERT INTO appeal_pauses (appeal_id, paused_at) VALUES ($1, $2)")
                    .bind(appeal)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
            }
            // Leaving "awaiting customer" in any way restarts the clock, and
            // the time spent waiting moves the deadline.
            _ if from == AppealStatus::AwaitingCustomer => {
                let paused_at: Option<DateTime<Utc>> = sqlx::query_scalar(
                    "SELECT paused_at FROM appeal_pauses WHERE appeal_id = $1 AND resumed_at IS NULL",
                )
                .bind(appeal)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map)?;
                sqlx::query("UPDATE appeal_pauses SET resumed_at = $1 WHERE appeal_id = $2 AND resumed_at IS NULL")
                    .bind(at)
                    .bind(appeal)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                if let (Some(due), Some(paused_at)) = (row.due_at, paused_at) {
                    sqlx::query("UPDATE appeals SET due_at = $1 WHERE id = $2")
                        .bind(due + (at - paused_at).max(chrono::Duration::zero()))
                        .bind(appeal)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
            }
            AppealAction::SendBack => {
                sqlx::query("UPDATE appeals SET proposal = NULL, proposed_by = NULL WHERE id = $1")
                    .bind(appeal)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
            }
            _ => {}
        }
        if let Some(m) = &message {
            insert_message(&mut tx, appeal, owner, m).await?;
        }
        insert_event(&mut tx, appeal, at, actor, Some(from), to).await?;
        if to == AppealStatus::ClosedNoReply {
            append_event(
                &mut tx,
                NewOutcomeEvent {
                    kind: FeedKind::ClosedNoReply,
                    account: owner,
                    appeal: Some(appeal),
                    decision: Some(row.decision_id),
                    staff: None,
                    outcome: None,
                    at,
                },
            )
            .await?;
        }
        tx.commit().await.map_err(map)?;
        Ok(to)
    }

    async fn evidence(&self, account: Option<Uuid>, file: Uuid) -> StoreResult<Option<Evidence>> {
        let row = match account {
            Some(account) => {
                sqlx::query_as::<_, EvidenceRow>(&format!(
                "SELECT {EVIDENCE_COLUMNS} FROM evidence_files WHERE id = $1 AND account_id = $2"
            ))
                .bind(file)
                .bind(account)
                .fetch_optional(&self.pool)
                .await
            }
            None => {
                sqlx::query_as::<_, EvidenceRow>(&format!(
                    "SELECT {EVIDENCE_COLUMNS} FROM evidence_files WHERE id = $1"
                ))
                .bind(file)
                .fetch_optional(&self.pool)
                .await
            }
        }
        .map_err(backend_error)?;
        row.map(Evidence::try_from).transpose()
    }

    async fn known_storage_keys(&self, keys: &[String]) -> StoreResult<Vec<String>> {
        let mut known = Vec::new();
        for key in keys {
            let found: Option<String> = sqlx::query_scalar(
                "SELECT storage_key FROM evidence_files WHERE storage_key = $1 OR thumbnail_key = $1 LIMIT 1",
            )
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
            if found.is_some() {
                known.push(key.clone());
            }
        }
        Ok(known)
    }

    async fn save_draft(
        &self,
        account: Uuid,
        decision: Uuid,
        draft: &Draft,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO appeal_drafts (account_id, decision_id, ground, statement, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (account_id, decision_id) DO UPDATE SET ground = excluded.ground, statement = excluded.statement, updated_at = excluded.updated_at",
        )
        .bind(account)
        .bind(decision)
        .bind(&draft.ground)
        .bind(&draft.statement)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(())
    }

    async fn draft(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<Draft>> {
        let row = sqlx::query_as::<_, (String, String)>("SELECT ground, statement FROM appeal_drafts WHERE account_id = $1 AND decision_id = $2")
            .bind(account)
            .bind(decision)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(row.map(|(ground, statement)| Draft { ground, statement }))
    }

    async fn appeal_outcome(&self, account: Uuid, appeal: Uuid) -> StoreResult<Option<Outcome>> {
        use Json;
        let found: Option<Option<Json<Outcome>>> =
            sqlx::query_scalar("SELECT outcome FROM appeals WHERE id = $1 AND account_id = $2")
                .bind(appeal)
                .bind(account)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend_error)?;
        Ok(found.flatten().map(|j| j.0))
    }

    async fn appeals_waiting_since(&self, cutoff: DateTime<Utc>) -> StoreResult<Vec<(Uuid, i64)>> {
        sqlx::query_as::<_, (Uuid, i64)>(
            "SELECT a.id, a.version FROM appeals a JOIN appeal_pauses p ON p.appeal_id = a.id AND p.resumed_at IS NULL \
             WHERE a.status = 'awaiting_customer' AND p.paused_at < $1 LIMIT 500",
        )
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)
    }
}

/// An appeal's thread, timeline and pauses; internal notes only for staff.
/// Three reads on the caller's connection (see `Reader`).
pub(super) async fn read_appeal_record(
    conn: &mut Conn,
    summary: AppealSummary,
    include_internal: bool,
) -> StoreResult<AppealRecord> {
    let map = backend_error;
    let appeal = summary.id;
    // One round trip: each message once per file (once with none), the
    // files in upload order, folded below.
    let found = sqlx::query_as::<_, MessageFileRow>(
        "SELECT m.id, m.from_staff, m.internal, m.body, m.created_at, a.display_name, \
               f.id AS file_id, f.sha256, f.media_type, f.size_bytes, f.original_name, \
               f.storage_key, f.thumbnail_key \
             FROM appeal_messages m JOIN accounts a ON a.id = m.author_id \
             LEFT JOIN evidence_files f ON f.appeal_id = m.appeal_id AND f.message_id = m.id \
             WHERE m.appeal_id = $1 AND (m.internal = $2 OR m.internal = $3) \
             ORDER BY m.created_at, m.id, f.created_at, f.id",
    )
    .bind(appeal)
    .bind(false)
    .bind(include_internal)
    .fetch_all(&mut *conn)
    .await
    .map_err(map)?;
    let mut messages: Vec<AppealMessage> = Vec::new();
    for r in found {
        let file = r.file.into_evidence(appeal)?;
        let m = r.message;
        if messages.last().is_none_or(|last| last.id != m.id) {
            messages.push(AppealMessage {
                id: m.id,
                from_staff: m.from_staff,
                internal: m.internal,
                author_name: m.display_name,
                body: m.body,
                created_at: m.created_at,
                files: Vec::new(),
            });
        }
        if let (Some(message), Some(file)) = (messages.last_mut(), file) {
            message.files.push(file);
        }
    }
    let events = sqlx::query_as::<_, EventRow>(
        "SELECT at, from_status, to_status FROM appeal_events WHERE appeal_id = $1 ORDER BY at, id",
    )
    .bind(appeal)
    .fetch_all(&mut *conn)
    .await
    .map_err(map)?
    .into_iter()
    .map(AppealEvent::try_from)
    .collect::<Result<Vec<_>, StoreError>>()?;
    let pauses = sqlx::query_as::<_, (DateTime<Utc>, Option<DateTime<Utc>>)>(
        "SELECT paused_at, resumed_at FROM appeal_pauses WHERE appeal_id = $1 ORDER BY paused_at",
    )
    .bind(appeal)
    .fetch_all(&mut *conn)
    .await
    .map_err(map)?
    .into_iter()
    .map(|(from, until)| Pause { from, until })
    .collect();
    Ok(AppealRecord {
        summary,
        messages,
        events,
        pauses,
    })
}
