//! The credit system's data arriving through the API: each write by its own
//! ids, ordered by its versions, with its effects in the same transaction.

use app::ssr::store::{
    Actor, Applied, ExternalAccountEvent, ExternalCreditLine, ExternalCustomer, ExternalDecision,
    ExternalOrder, ExternalRepayment, IngestOp, IngestRefusal, IngestResult, IngestStore,
    PortalLink, StoreError, StoreResult, NO_PASSWORD,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::appeal::{AppealAction, AppealStatus};
use domain::reason::Reason;
use uuid::Uuid;

use super::appeals::insert_event;
use super::cases::{bump_appeal, decision_in_tx};
use super::import::insert_decision;
use super::{audit, rows, Backend, Tx};
use crate::store::backend_error;

/// A write's own answer (refused or done), `None` if it lost a race for a
/// first insert and should look again, or a failure that ends the batch.
type OpResult = StoreResult<Option<IngestResult>>;

#[async_trait]
impl IngestStore for Backend {
    async fn customer_by_external_id(&self, external_id: &str) -> StoreResult<Option<Uuid>> {
        sqlx::query_scalar(
            "SELECT id FROM accounts WHERE external_id = $1 AND role = 'customer' AND disabled_at IS NULL",
        )
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)
    }

    async fn decision_by_external_id(
        &self,
        account: Uuid,
        external_id: &str,
    ) -> StoreResult<Option<Uuid>> {
        sqlx::query_scalar(
            "SELECT id FROM limit_decisions WHERE external_id = $1 AND account_id = $2",
        )
        .bind(external_id)
        .bind(account)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)
    }

    async fn create_portal_session(
        &self,
        token_hash: &str,
        link: PortalLink,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO portal_sessions (token_hash, account_id, decision_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(link.account)
        .bind(link.decision)
        .bind(at)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        audit::write(
            &mut tx,
            at,
            actor,
            "portal_session.created",
            ("account", link.account.to_string()),
            None,
            Some(serde_json::json!({ "expires_at": expires_at, "decision": link.decision })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn use_portal_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PortalLink>> {
        // One conditional UPDATE: two tabs opening the same link, one wins.
        let spent: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
            "UPDATE portal_sessions SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id, decision_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(spent.map(|(account, decision)| PortalLink { account, decision }))
    }

    #[tracing::instrument(skip(self, ops, actor), fields(ops = ops.len()), err)]
    async fn ingest(&self, ops: Vec<IngestOp>, actor: &Actor) -> StoreResult<Vec<IngestResult>> {
        let mut tx = self.begin_write().await?;
        let mut results = Vec::with_capacity(ops.len());
        for op in &ops {
            results.push(apply_alone(&mut tx, op, actor).await?);
        }
        tx.commit().await.map_err(backend_error)?;
        Ok(results)
    }
}

/// One write and its effects. Every refusal is decided before the write's
/// first change, so a refused write leaves nothing behind with no savepoint
/// (which would cost two round trips a write); first inserts use `ON
/// CONFLICT DO NOTHING`, so a concurrent first write of the same id is found
/// rather than aborting the transaction, and a second attempt answers as a
/// repeat would.
async fn apply_alone(tx: &mut Tx, op: &IngestOp, actor: &Actor) -> StoreResult<IngestResult> {
    for _ in 0..2 {
        if let Some(answer) = apply(tx, op, actor).await? {
            return Ok(answer);
        }
    }
    Err(StoreError::Conflict("record".into()))
}

async fn apply(tx: &mut Tx, op: &IngestOp, actor: &Actor) -> OpResult {
    match op {
        IngestOp::Customer(c) => customer(tx, c, actor).await,
        IngestOp::CreditLine(l) => credit_line(tx, l, actor).await,
        IngestOp::Order(o) => order(tx, o, actor).await,
        IngestOp::Repayment(r) => repayment(tx, r, actor).await,
        IngestOp::AccountEvent(e) => account_event(tx, e, actor).await,
        IngestOp::Decision(d) => decision(tx, d, actor).await,
    }
}

/// LimitDesk's id for the credit system's customer, or the refusal naming it.
async fn customer_id(tx: &mut Tx, external_id: &str) -> StoreResult<Result<Uuid, IngestRefusal>> {
    let id: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE external_id = $1 AND role = 'customer'")
            .bind(external_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(backend_error)?;
    Ok(id.ok_or_else(|| IngestRefusal::UnknownCustomer(external_id.to_owned())))
}

macro_rules! known {
    ($lookup:expr) => {
        match $lookup? {
            Ok(found) => found,
            Err(refusal) => return Ok(Some(Err(refusal))),
        }
    };
}

/// The answer for an immutable record whose id is taken: the same body
/// again is a no-op, another body a refusal. `table` is one of ours.
async fn repeat(tx: &mut Tx, table: &'static str, external_id: &str, digest: &str) -> OpResult {
    let stored: Option<(Uuid, Option<String>)> = sqlx::query_as(&format!(
        "SELECT id, digest FROM {table} WHERE external_id = $1"
    ))
    .bind(external_id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(backend_error)?;
    Ok(stored.map(|(id, stored)| {
        if stored.as_deref() == Some(digest) {
            Ok((id, Applied::Unchanged))
        } else {
            Err(IngestRefusal::Changed(external_id.to_owned()))
        }
    }))
}

async fn customer(tx: &mut Tx, c: &ExternalCustomer, actor: &Actor) -> OpResult {
    let map = backend_error;
    let existing = sqlx::query_as::<_, (Uuid, Option<i64>)>(concat!(
        "SELECT id, external_version FROM accounts WHERE external_id = $1 AND role = 'customer' ",
        row_lock!()
    ))
    .bind(&c.external_id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map)?;
    let after = serde_json::json!({
        "external_id": c.external_id,
        "version": c.version,
        "display_name": c.display_name,
        "id_number_masked": c.id_number_masked,
        "phone_masked": c.phone_masked,
        "identity_verified_until": c.identity_verified_until,
        "lang": c.lang,
    });
    match existing {
        Some((id, Some(stored))) if stored >= c.version => Ok(Some(Ok((id, Applied::NotNewer)))),
        Some((id, _)) => {
            sqlx::query(
                "UPDATE accounts SET display_name = $1, id_number_masked = $2, phone_masked = $3, \
                 identity_verified_until = $4, preferred_lang = $5, external_version = $6 WHERE id = $7",
            )
            .bind(&c.display_name)
            .bind(&c.id_number_masked)
            .bind(&c.phone_masked)
            .bind(c.identity_verified_until)
            .bind(c.lang.tag())
            .bind(c.version)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            audit::write(
                tx,
                c.at,
                actor,
                "customer.updated",
                ("account", id.to_string()),
                None,
                Some(after),
            )
            .await?;
            Ok(Some(Ok((id, Applied::Updated))))
        }
        None => {
            let id = Uuid::now_v7();
            // Customers from the credit system have no username of their
            // own: they never type one (portal sessions sign them in).
            let inserted = sqlx::query(
                "INSERT INTO accounts (id, username, display_name, role, password_hash, password_changed_at, \
                 id_number_masked, phone_masked, identity_verified_until, created_at, external_id, external_version, preferred_lang) \
                 VALUES ($1, $2, $3, 'customer', $4, $5, $6, $7, $8, $5, $9, $10, $11) \
                 ON CONFLICT (external_id) DO NOTHING",
            )
            .bind(id)
            .bind(format!("ext.{}", id.simple()))
            .bind(&c.display_name)
            .bind(NO_PASSWORD)
            .bind(c.at)
            .bind(&c.id_number_masked)
            .bind(&c.phone_masked)
            .bind(c.identity_verified_until)
            .bind(&c.external_id)
            .bind(c.version)
            .bind(c.lang.tag())
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            if inserted.rows_affected() == 0 {
                return Ok(None);
            }
            sqlx::query(
                "INSERT INTO credit_lines (account_id, limit_fen, status, updated_at) VALUES ($1, 0, 'active', $2)",
            )
            .bind(id)
            .bind(c.at)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            audit::write(
                tx,
                c.at,
                actor,
                "customer.created",
                ("account", id.to_string()),
                None,
                Some(after),
            )
            .await?;
            Ok(Some(Ok((id, Applied::Created))))
        }
    }
}

async fn credit_line(tx: &mut Tx, l: &ExternalCreditLine, actor: &Actor) -> OpResult {
    let map = backend_error;
    let account = known!(customer_id(tx, &l.customer).await);
    let (limit_fen, status, stored): (i64, String, Option<i64>) = sqlx::query_as(concat!(
        "SELECT limit_fen, status, external_version FROM credit_lines WHERE account_id = $1",
        row_lock!()
    ))
    .bind(account)
    .fetch_one(&mut **tx)
    .await
    .map_err(map)?;
    if stored.is_some_and(|v| v >= l.version) {
        return Ok(Some(Ok((account, Applied::NotNewer))));
    }
    sqlx::query(
        "UPDATE credit_lines SET limit_fen = $1, outstanding_fen = $2, status = $3, external_version = $4, \
         version = version + 1, updated_at = $5 WHERE account_id = $6",
    )
    .bind(l.limit.fen())
    .bind(l.outstanding.fen())
    .bind(l.status.as_str())
    .bind(l.version)
    .bind(l.at)
    .bind(account)
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    audit::write(
        tx,
        l.at,
        actor,
        "credit_line.updated",
        ("credit_line", account.to_string()),
        Some(serde_json::json!({ "limit": rows::money(limit_fen)?, "status": status })),
        Some(serde_json::json!({ "version": l.version, "limit": l.limit, "outstanding": l.outstanding, "status": l.status })),
    )
    .await?;
    let applied = if stored.is_none() {
        Applied::Created
    } else {
        Applied::Updated
    };
    Ok(Some(Ok((account, applied))))
}

async fn order(tx: &mut Tx, o: &ExternalOrder, actor: &Actor) -> OpResult {
    let map = backend_error;
    let account = known!(customer_id(tx, &o.customer).await);
    let existing = sqlx::query_as::<_, (Uuid, Uuid, Option<i64>)>(concat!(
        "SELECT id, account_id, external_version FROM orders WHERE external_id = $1",
        row_lock!()
    ))
    .bind(&o.external_id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map)?;
    let (id, applied) = match existing {
        Some((_, owner, _)) if owner != account => {
            return Ok(Some(Err(IngestRefusal::OtherCustomer(
                o.external_id.clone(),
            ))))
        }
        Some((id, _, Some(stored))) if stored >= o.version => {
            return Ok(Some(Ok((id, Applied::NotNewer))))
        }
        Some((id, _, _)) => {
            // Refused before any change: a schedule may not drop a repaid installment.
            let last = i32::try_from(o.installments.len()).unwrap_or(i32::MAX);
            let repaid: Option<i32> = sqlx::query_scalar(
                "SELECT i.seq FROM installments i JOIN repayments r ON r.installment_id = i.id \
                 WHERE i.order_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT 1",
            )
            .bind(id)
            .bind(last)
            .fetch_optional(&mut **tx)
            .await
            .map_err(map)?;
            if let Some(seq) = repaid {
                let seq = u32::try_from(seq).unwrap_or(0);
                return Ok(Some(Err(IngestRefusal::InstallmentRepaid(seq))));
            }
            sqlx::query(
                "UPDATE orders SET description = $1, placed_on = $2, total_fen = $3, external_version = $4 WHERE id = $5",
            )
            .bind(&o.description)
            .bind(o.placed_on)
            .bind(o.total.fen())
            .bind(o.version)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            (id, Applied::Updated)
        }
        None => {
            let id = Uuid::now_v7();
            let inserted = sqlx::query(
                "INSERT INTO orders (id, account_id, description, placed_on, total_fen, external_id, external_version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (external_id) DO NOTHING",
            )
            .bind(id)
            .bind(account)
            .bind(&o.description)
            .bind(o.placed_on)
            .bind(o.total.fen())
            .bind(&o.external_id)
            .bind(o.version)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            if inserted.rows_affected() == 0 {
                return Ok(None);
            }
            (id, Applied::Created)
        }
    };
    let last = i32::try_from(o.installments.len()).unwrap_or(i32::MAX);
    sqlx::query("DELETE FROM installments WHERE order_id = $1 AND seq > $2")
        .bind(id)
        .bind(last)
        .execute(&mut **tx)
        .await
        .map_err(map)?;
    for i in &o.installments {
        let installment: Uuid = sqlx::query_scalar(
            "INSERT INTO installments (id, order_id, seq, due_on, amount_fen, paid_on) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (order_id, seq) DO UPDATE SET due_on = excluded.due_on, amount_fen = excluded.amount_fen, \
             paid_on = excluded.paid_on RETURNING id",
        )
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(i32::try_from(i.seq).unwrap_or(i32::MAX))
        .bind(i.due_on)
        .bind(i.amount.fen())
        .bind(i.paid_on)
        .fetch_one(&mut **tx)
        .await
        .map_err(map)?;
        if i.paid_on.is_none() {
            settle(tx, installment).await?;
        }
    }
    audit::write(
        tx,
        o.at,
        actor,
        if applied == Applied::Created {
            "order.created"
        } else {
            "order.updated"
        },
        ("order", id.to_string()),
        None,
        Some(serde_json::json!({
            "external_id": o.external_id,
            "version": o.version,
            "total": o.total,
            "installments": o.installments.iter().map(|i| serde_json::json!({
                "seq": i.seq, "due_on": i.due_on, "amount": i.amount, "paid_on": i.paid_on,
            })).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(Some(Ok((id, applied))))
}

/// Marks the installment paid on the day its repayments first add up to its
/// amount, if the credit system has not said it is paid.
async fn settle(tx: &mut Tx, installment: Uuid) -> StoreResult<()> {
    let map = backend_error;
    let amount: i64 = sqlx::query_scalar("SELECT amount_fen FROM installments WHERE id = $1")
        .bind(installment)
        .fetch_one(&mut **tx)
        .await
        .map_err(map)?;
    let paid: Vec<(NaiveDate, i64)> = sqlx::query_as(
        "SELECT paid_on, amount_fen FROM repayments WHERE installment_id = $1 ORDER BY paid_on",
    )
    .bind(installment)
    .fetch_all(&mut **tx)
    .await
    .map_err(map)?;
    let mut sum = 0i64;
    let settled_on = paid.into_iter().find_map(|(on, fen)| {
        sum = sum.saturating_add(fen);
        (sum >= amount).then_some(on)
    });
    if let Some(on) = settled_on {
        sqlx::query("UPDATE installments SET paid_on = $1 WHERE id = $2 AND paid_on IS NULL")
            .bind(on)
            .bind(installment)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
    }
    Ok(())
}

/// The installment `seq` of the customer's order, with the order's id and description.
async fn installment(
    tx: &mut Tx,
    account: Uuid,
    order: &str,
    seq: u32,
    pointer: &str,
) -> StoreResult<Result<(Uuid, Uuid, String), IngestRefusal>> {
    let map = backend_error;
    let found: Option<(Uuid, String)> = sqlx::query_as(
        "SELECT id, description FROM orders WHERE external_id = $1 AND account_id = $2",
    )
    .bind(order)
    .bind(account)
    .fetch_optional(&mut **tx)
    .await
    .map_err(map)?;
    let Some((order_id, description)) = found else {
        return Ok(Err(IngestRefusal::UnknownOrder {
            pointer: pointer.to_owned(),
            order: order.to_owned(),
        }));
    };
    let installment: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM installments WHERE order_id = $1 AND seq = $2")
            .bind(order_id)
            .bind(i32::try_from(seq).unwrap_or(i32::MAX))
            .fetch_optional(&mut **tx)
            .await
            .map_err(map)?;
    Ok(installment
        .map(|i| (order_id, i, description))
        .ok_or_else(|| IngestRefusal::UnknownInstallment {
            pointer: pointer.to_owned(),
            order: order.to_owned(),
            seq,
        }))
}

async fn repayment(tx: &mut Tx, r: &ExternalRepayment, actor: &Actor) -> OpResult {
    let map = backend_error;
    let account = known!(customer_id(tx, &r.customer).await);
    let (_, installment_id, _) =
        known!(installment(tx, account, &r.order, r.seq, "/order_id").await);
    let id = Uuid::now_v7();
    let inserted = sqlx::query(
        "INSERT INTO repayments (id, external_id, account_id, installment_id, amount_fen, paid_on, digest, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (external_id) DO NOTHING",
    )
    .bind(id)
    .bind(&r.external_id)
    .bind(account)
    .bind(installment_id)
    .bind(r.amount.fen())
    .bind(r.paid_on)
    .bind(&r.digest)
    .bind(r.at)
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    if inserted.rows_affected() == 0 {
        return repeat(tx, "repayments", &r.external_id, &r.digest).await;
    }
    settle(tx, installment_id).await?;
    audit::write(
        tx,
        r.at,
        actor,
        "repayment.recorded",
        ("repayment", id.to_string()),
        None,
        Some(serde_json::json!({
            "external_id": r.external_id, "order": r.order, "seq": r.seq, "amount": r.amount, "paid_on": r.paid_on,
        })),
    )
    .await?;
    Ok(Some(Ok((id, Applied::Created))))
}

async fn account_event(tx: &mut Tx, e: &ExternalAccountEvent, actor: &Actor) -> OpResult {
    let map = backend_error;
    let account = known!(customer_id(tx, &e.customer).await);
    let id = Uuid::now_v7();
    let inserted = sqlx::query(
        "INSERT INTO account_events (id, account_id, kind, occurred_at, detail, external_id, digest) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (external_id) DO NOTHING",
    )
    .bind(id)
    .bind(account)
    .bind(e.kind.as_str())
    .bind(e.occurred_at)
    .bind(&e.detail)
    .bind(&e.external_id)
    .bind(&e.digest)
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    if inserted.rows_affected() == 0 {
        return repeat(tx, "account_events", &e.external_id, &e.digest).await;
    }
    audit::write(
        tx,
        e.at,
        actor,
        "account_event.recorded",
        ("account", account.to_string()),
        None,
        Some(serde_json::json!({ "external_id": e.external_id, "kind": e.kind.as_str(), "occurred_at": e.occurred_at })),
    )
    .await?;
    Ok(Some(Ok((id, Applied::Created))))
}

async fn decision(tx: &mut Tx, x: &ExternalDecision, actor: &Actor) -> OpResult {
    let account = known!(customer_id(tx, &x.customer).await);
    // The overdue items name installments by the credit system's ids; the
    // checklist follows them by LimitDesk's.
    let mut decision = x.decision.clone();
    let mut refs = x.overdue.iter();
    let mut reasons: Vec<Reason> = decision.reasons.iter().cloned().collect();
    for reason in &mut reasons {
        if let Reason::OverdueUnpaid { items } = reason {
            for item in items {
                let Some(r) = refs.next() else { break };
                let (order_id, installment_id, description) =
                    known!(installment(tx, account, &r.order, r.seq, &r.pointer).await);
                item.order_id = order_id;
                item.installment_id = installment_id;
                item.order = description;
            }
        }
    }
    decision.reasons =
        domain::decision::Reasons::new(reasons).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    decision.id = Uuid::now_v7();
    if !insert_decision(tx, account, &decision, x.at, Some(&x.digest), actor).await? {
        return repeat(tx, "limit_decisions", &decision.external_id, &x.digest).await;
    }
    resolve_by_reassessment(tx, account, &decision, x.at, actor).await?;
    Ok(Some(Ok((decision.id, Applied::Created))))
}

/// Closes the customer's open appeals that `newer` settles (the engine gave
/// back what the appealed decision took), each with its timeline entry.
async fn resolve_by_reassessment(
    tx: &mut Tx,
    account: Uuid,
    newer: &domain::LimitDecision,
    at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    // Only a restoration or a lifted freeze settles an appeal
    // (`reassessment_resolves`); a backfill of reductions reads nothing here.
    if newer.is_adverse() {
        return Ok(());
    }
    let map = backend_error;
    let open: Vec<(Uuid, Uuid, String, i64)> = sqlx::query_as(concat!(
        "SELECT id, decision_id, status, version FROM appeals WHERE account_id = $1 \
         AND status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval')",
        row_lock!()
    ))
    .bind(account)
    .fetch_all(&mut **tx)
    .await
    .map_err(map)?;
    for (appeal, appealed_id, status, version) in open {
        let (appealed, _) = decision_in_tx(tx, appealed_id).await?;
        if !domain::appeal::reassessment_resolves(&appealed, newer) {
            continue;
        }
        let from = rows::status(&status)?;
        let to = domain::appeal::transition(from, AppealAction::Reassess)?;
        debug_assert_eq!(to, AppealStatus::ResolvedByReassessment);
        bump_appeal(tx, appeal, version, to, at).await?;
        // The clock stops for good: nothing is waited on any more.
        sqlx::query(
            "UPDATE appeal_pauses SET resumed_at = $1 WHERE appeal_id = $2 AND resumed_at IS NULL",
        )
        .bind(at)
        .bind(appeal)
        .execute(&mut **tx)
        .await
        .map_err(map)?;
        insert_event(tx, appeal, at, actor, Some(from), to).await?;
    }
    Ok(())
}
