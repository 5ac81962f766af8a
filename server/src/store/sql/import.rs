//! Bulk writes: the demo world, synthetic load.

use app::ssr::store::{
    Actor, CustomerRecord, ImportStore, ImportedAppeal, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::appeal::DECISION_DAYS;
use domain::LimitDecision;
use sqlx::types::Json;
use uuid::Uuid;

use super::accounts::insert_account;
use super::appeals::{insert_appeal, insert_event};
use super::{audit, Backend, Tx, AFTER_BULK_LOAD};
use crate::secrets::SecretKey;
use crate::store::backend_error;

pub(super) async fn insert_customer(
    tx: &mut Tx,
    key: &SecretKey,
    customer: &CustomerRecord,
    actor: &Actor,
) -> StoreResult<()> {
    let map = backend_error;
    let account_id = customer.account.id;
    let now = customer.account.created_at;
    insert_account(tx, key, &customer.account, actor).await?;
    sqlx::query("INSERT INTO credit_lines (account_id, limit_fen, status, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(account_id)
        .bind(customer.limit.fen())
        .bind(customer.status.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(map)?;
    audit::write(
        tx,
        now,
        actor,
        "credit_line.imported",
        ("credit_line", account_id.to_string()),
        None,
        Some(serde_json::json!({ "limit": customer.limit, "status": customer.status })),
    )
    .await?;
    for d in &customer.decisions {
        if !insert_decision(tx, account_id, d, now, None, actor).await? {
            return Err(StoreError::Conflict("limit_decisions.external_id".into()));
        }
    }
    for o in &customer.orders {
        sqlx::query("INSERT INTO orders (id, account_id, description, placed_on, total_fen) VALUES ($1, $2, $3, $4, $5)")
            .bind(o.id)
            .bind(account_id)
            .bind(&o.description)
            .bind(o.placed_on)
            .bind(o.total.fen())
            .execute(&mut **tx)
            .await
            .map_err(map)?;
        for i in &o.installments {
            sqlx::query(
                "INSERT INTO installments (id, order_id, seq, due_on, amount_fen, paid_on) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(i.id)
            .bind(o.id)
            .bind(i32::try_from(i.seq).unwrap_or(i32::MAX))
            .bind(i.due_on)
            .bind(i.amount.fen())
            .bind(i.paid_on)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
        }
    }
    for e in &customer.events {
        sqlx::query("INSERT INTO account_events (id, account_id, kind, occurred_at, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(e.id)
            .bind(account_id)
            .bind(e.kind.as_str())
            .bind(e.occurred_at)
            .bind(&e.detail)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
    }
    Ok(())
}

/// A limit decision with its reasons exactly as notified, and its audit
/// entry; `false` (and nothing written) if its external id is taken.
pub(super) async fn insert_decision(
    tx: &mut Tx,
    account_id: Uuid,
    d: &LimitDecision,
    received_at: DateTime<Utc>,
    digest: Option<&str>,
    actor: &Actor,
) -> StoreResult<bool> {
    use Json;
    let map = backend_error;
    // ON CONFLICT rather than an error: on PostgreSQL an error would abort
    // the whole transaction, and an ingest batch answers each write alone.
    let inserted = sqlx::query(
        "INSERT INTO limit_decisions (id, account_id, external_id, model_version, kind, limit_before_fen, \
         limit_after_fen, notice, decided_at, decided_on, received_at, digest) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (external_id) DO NOTHING",
    )
    .bind(d.id)
    .bind(account_id)
    .bind(&d.external_id)
    .bind(&d.model_version)
    .bind(d.kind.as_str())
    .bind(d.limit_before.fen())
    .bind(d.limit_after.fen())
    .bind(&d.notice)
    .bind(d.decided_at)
    .bind(d.decided_on)
    .bind(received_at)
    .bind(digest)
    .execute(&mut **tx)
    .await
    .map_err(map)?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for (position, reason) in d.reasons.iter().enumerate() {
        sqlx::query("INSERT INTO decision_reasons (decision_id, position, code, facts) VALUES ($1, $2, $3, $4)")
            .bind(d.id)
            .bind(i32::try_from(position + 1).unwrap_or(i32::MAX))
            .bind(reason.code().as_str())
            .bind(Json(reason))
            .execute(&mut **tx)
            .await
            .map_err(map)?;
    }
    audit::write(
        tx,
        received_at,
        actor,
        "limit_decision.recorded",
        ("limit_decision", d.id.to_string()),
        None,
        Some(serde_json::json!({
            "external_id": d.external_id,
            "kind": d.kind,
            "limit_before": d.limit_before,
            "limit_after": d.limit_after,
            "reasons": d.reasons.codes(),
        })),
    )
    .await?;
    Ok(true)
}

#[async_trait]
impl ImportStore for Backend {
    #[tracing::instrument(skip(self, customer), fields(username = %customer.account.username), err)]
    async fn import_customer(&self, customer: CustomerRecord, actor: &Actor) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        insert_customer(&mut tx, &self.key, &customer, actor).await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn import_customers(
        &self,
        customers: Vec<CustomerRecord>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        for c in &customers {
            insert_customer(&mut tx, &self.key, c, actor).await?;
        }
        tx.commit().await.map_err(backend_error)
    }

    async fn import_appeals(&self, appeals: Vec<ImportedAppeal>, actor: &Actor) -> StoreResult<()> {
        use domain::appeal::{AppealAction, AppealStatus};
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        for imported in &appeals {
            let a = &imported.appeal;
            insert_appeal(&mut tx, a, actor).await?;
            let mut status = AppealStatus::Submitted;
            let mut due = a.submitted_at + chrono::Duration::days(DECISION_DAYS);
            let mut paused_at = None;
            for (action, at) in &imported.steps {
                let to = domain::appeal::transition(status, *action)?;
                match action {
                    AppealAction::AskForInformation => {
                        paused_at = Some(*at);
                        sqlx::query(
                            "INSERT INTO appeal_pauses (appeal_id, paused_at) VALUES ($1, $2)",
                        )
                        .bind(a.id)
                        .bind(*at)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                    }
                    _ if status == AppealStatus::AwaitingCustomer => {
                        if let Some(p) = paused_at.take() {
                            due += *at - p;
                        }
                        sqlx::query("UPDATE appeal_pauses SET resumed_at = $1 WHERE appeal_id = $2 AND resumed_at IS NULL")
                            .bind(*at)
                            .bind(a.id)
                            .execute(&mut *tx)
                            .await
                            .map_err(map)?;
                    }
                    _ => {}
                }
                insert_event(&mut tx, a.id, *at, actor, Some(status), to).await?;
                status = to;
            }
            sqlx::query(
                "UPDATE appeals SET status = $1, version = $2, due_at = $3, assigned_to = $4, updated_at = $5 WHERE id = $6",
            )
            .bind(status.as_str())
            .bind(i64::try_from(imported.steps.len()).unwrap_or(0) + 1)
            .bind(due)
            .bind(imported.assigned_to)
            .bind(imported.steps.last().map(|(_, at)| *at).unwrap_or(a.submitted_at))
            .bind(a.id)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        }
        tx.commit().await.map_err(map)
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        // Simple protocol: PostgreSQL runs VACUUM only outside a transaction block.
        sqlx::raw_sql(AFTER_BULK_LOAD)
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(backend_error)
    }
}
