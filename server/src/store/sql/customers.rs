//! What the credit system told us about a customer: line, decisions, orders, account events.

use app::ssr::store::{
    AccountEvent, AccountFacts, CustomerFile, CustomerStore, EventKind, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{CreditLine, Installment, LimitDecision, Order, Reason};
use sqlx::types::Json;
use uuid::Uuid;

use super::rows::{self, DecisionRow, InstallmentRow, OrderRow};
use super::{Backend, Reader};
use crate::store::{backend_error, corrupt};

#[derive(sqlx::FromRow)]
struct CreditLineRow {
    limit_fen: i64,
    status: String,
    used_fen: i64,
}

impl TryFrom<CreditLineRow> for CreditLine {
    type Error = StoreError;

    fn try_from(r: CreditLineRow) -> StoreResult<CreditLine> {
        Ok(CreditLine {
            limit: rows::money(r.limit_fen)?,
            used: rows::money(r.used_fen)?,
            status: rows::line_status(&r.status)?,
        })
    }
}

/// A decision once per reason, in position order (once with none); the
/// caller adds the filter and the order.
const DECISIONS_WITH_REASONS: &str = "SELECT d.id, d.external_id, d.model_version, d.kind, \
      d.limit_before_fen, d.limit_after_fen, d.notice, d.decided_at, d.decided_on, r.facts \
    FROM limit_decisions d LEFT JOIN decision_reasons r ON r.decision_id = d.id";

#[derive(sqlx::FromRow)]
struct DecisionReasonRow {
    #[sqlx(flatten)]
    decision: DecisionRow,
    facts: Option<Json<Reason>>,
}

/// Rows of `DECISIONS_WITH_REASONS`, a decision's rows together, as decisions.
fn fold_decisions(found: Vec<DecisionReasonRow>) -> StoreResult<Vec<LimitDecision>> {
    let mut decisions: Vec<(DecisionRow, Vec<Reason>)> = Vec::new();
    for r in found {
        if decisions.last().is_none_or(|(d, _)| d.id != r.decision.id) {
            decisions.push((r.decision, Vec::new()));
        }
        if let (Some((_, reasons)), Some(facts)) = (decisions.last_mut(), r.facts) {
            reasons.push(facts.0);
        }
    }
    decisions
        .into_iter()
        .map(|(d, reasons)| d.into_decision(reasons))
        .collect()
}

/// An order with one of its installments, if it has any.
#[derive(sqlx::FromRow)]
struct OrderInstallmentRow {
    #[sqlx(flatten)]
    order: OrderRow,
    installment_id: Option<Uuid>,
    // INTEGER in PostgreSQL: an i64 would not decode there.
    seq: Option<i32>,
    due_on: Option<NaiveDate>,
    amount_fen: Option<i64>,
    paid_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct AccountFactsRow {
    identity_verified_until: Option<NaiveDate>,
    password_changed_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    identity_confirmed_at: Option<DateTime<Utc>>,
    last_binding_change_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AccountEventRow {
    id: Uuid,
    kind: String,
    occurred_at: DateTime<Utc>,
    detail: String,
}

impl TryFrom<AccountEventRow> for AccountEvent {
    type Error = StoreError;

    fn try_from(r: AccountEventRow) -> StoreResult<AccountEvent> {
        let kind = [
            EventKind::BindingChanged,
            EventKind::IdentityConfirmed,
            EventKind::IdentityVerified,
            EventKind::NewDeviceSignIn,
            EventKind::UnusualLocationSignIn,
        ]
        .into_iter()
        .find(|k| k.as_str() == r.kind)
        .ok_or_else(|| corrupt(format!("event kind {}", r.kind)))?;
        Ok(AccountEvent {
            id: r.id,
            kind,
            occurred_at: r.occurred_at,
            detail: r.detail,
        })
    }
}

async fn read_line<'e>(
    db: impl Reader<'e>,
    account: Uuid,
    today: NaiveDate,
) -> StoreResult<Option<CreditLine>> {
    let row = sqlx::query_as::<_, CreditLineRow>(
        "SELECT c.limit_fen, c.status, \
           (SELECT CAST(COALESCE(SUM(i.amount_fen), 0) AS BIGINT) \
              FROM installments i JOIN orders o ON o.id = i.order_id \
             WHERE o.account_id = c.account_id AND (i.paid_on IS NULL OR i.paid_on > $2)) AS used_fen \
         FROM credit_lines c WHERE c.account_id = $1",
    )
    .bind(account)
    .bind(today)
    .fetch_optional(db)
    .await
    .map_err(backend_error)?;
    row.map(CreditLine::try_from).transpose()
}

async fn read_decisions<'e>(db: impl Reader<'e>, account: Uuid) -> StoreResult<Vec<LimitDecision>> {
    let found = sqlx::query_as::<_, DecisionReasonRow>(&format!(
        "{DECISIONS_WITH_REASONS} WHERE d.account_id = $1 \
         ORDER BY d.decided_at DESC, d.id DESC, r.position"
    ))
    .bind(account)
    .fetch_all(db)
    .await
    .map_err(backend_error)?;
    fold_decisions(found)
}

async fn read_orders<'e>(db: impl Reader<'e>, account: Uuid) -> StoreResult<Vec<Order>> {
    // One round trip: each order once per installment, in order, folded below.
    let found = sqlx::query_as::<_, OrderInstallmentRow>(
        "SELECT o.id, o.description, o.placed_on, o.total_fen, \
           i.id AS installment_id, i.seq, i.due_on, i.amount_fen, i.paid_on \
         FROM orders o LEFT JOIN installments i ON i.order_id = o.id \
         WHERE o.account_id = $1 ORDER BY o.placed_on DESC, o.id DESC, i.seq",
    )
    .bind(account)
    .fetch_all(db)
    .await
    .map_err(backend_error)?;
    let mut orders: Vec<Order> = Vec::new();
    for r in found {
        let order_id = r.order.id;
        if orders.last().is_none_or(|o| o.id != order_id) {
            orders.push(Order::try_from(r.order)?);
        }
        let installment = match (r.installment_id, r.seq, r.due_on, r.amount_fen) {
            (Some(id), Some(seq), Some(due_on), Some(amount_fen)) => InstallmentRow {
                id,
                order_id,
                seq,
                due_on,
                amount_fen,
                paid_on: r.paid_on,
            },
            (None, ..) => continue,
            _ => return Err(corrupt(format!("installment of order {order_id}"))),
        };
        if let Some(order) = orders.last_mut() {
            order.installments.push(Installment::try_from(installment)?);
        }
    }
    Ok(orders)
}

async fn read_facts<'e>(db: impl Reader<'e>, account: Uuid) -> StoreResult<AccountFacts> {
    // One round trip: the account's row and its two latest events of note.
    let row = sqlx::query_as::<_, AccountFactsRow>(
        "SELECT a.identity_verified_until, a.password_changed_at, a.created_at, \
           (SELECT e.occurred_at FROM account_events e WHERE e.account_id = a.id AND e.kind = $2 \
             ORDER BY e.occurred_at DESC LIMIT 1) AS identity_confirmed_at, \
           (SELECT e.occurred_at FROM account_events e WHERE e.account_id = a.id AND e.kind = $3 \
             ORDER BY e.occurred_at DESC LIMIT 1) AS last_binding_change_at \
         FROM accounts a WHERE a.id = $1",
    )
    .bind(account)
    .bind(EventKind::IdentityConfirmed.as_str())
    .bind(EventKind::BindingChanged.as_str())
    .fetch_optional(db)
    .await
    .map_err(backend_error)?
    .ok_or(StoreError::NotFound)?;
    Ok(AccountFacts {
        identity_verified_until: row.identity_verified_until,
        identity_confirmed_at: row.identity_confirmed_at,
        // The password set at sign-up is not a change.
        password_changed_at: (row.password_changed_at > row.created_at)
            .then_some(row.password_changed_at),
        last_binding_change_at: row.last_binding_change_at,
    })
}

#[async_trait]
impl CustomerStore for Backend {
    #[tracing::instrument(skip(self), err)]
    async fn credit_line(
        &self,
        account: Uuid,
        today: NaiveDate,
    ) -> StoreResult<Option<CreditLine>> {
        read_line(&self.pool, account, today).await
    }

    #[tracing::instrument(skip(self), err)]
    async fn customer_file(
        &self,
        account: Uuid,
        today: NaiveDate,
    ) -> StoreResult<Option<CustomerFile>> {
        // Four reads on one connection (see `Reader`).
        let mut conn = self.pool.acquire().await.map_err(backend_error)?;
        let Some(line) = read_line(&mut *conn, account, today).await? else {
            return Ok(None);
        };
        Ok(Some(CustomerFile {
            line,
            decisions: read_decisions(&mut *conn, account).await?,
            orders: read_orders(&mut *conn, account).await?,
            facts: read_facts(&mut *conn, account).await?,
        }))
    }

    #[tracing::instrument(skip(self), err)]
    async fn decisions(&self, account: Uuid) -> StoreResult<Vec<LimitDecision>> {
        read_decisions(&self.pool, account).await
    }

    #[tracing::instrument(skip(self), err)]
    async fn decision(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<LimitDecision>> {
        // Scoped by owner: another customer's decision id finds nothing.
        let found = sqlx::query_as::<_, DecisionReasonRow>(&format!(
            "{DECISIONS_WITH_REASONS} WHERE d.id = $1 AND d.account_id = $2 ORDER BY r.position"
        ))
        .bind(decision)
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(fold_decisions(found)?.pop())
    }

    #[tracing::instrument(skip(self), err)]
    async fn orders(&self, account: Uuid) -> StoreResult<Vec<Order>> {
        read_orders(&self.pool, account).await
    }

    #[tracing::instrument(skip(self), err)]
    async fn account_facts(&self, account: Uuid) -> StoreResult<AccountFacts> {
        read_facts(&self.pool, account).await
    }

    async fn account_events(&self, account: Uuid) -> StoreResult<Vec<AccountEvent>> {
        sqlx::query_as::<_, AccountEventRow>("SELECT id, kind, occurred_at, detail FROM account_events WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC")
            .bind(account)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(AccountEvent::try_from)
            .collect()
    }
}
