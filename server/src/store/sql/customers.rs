//! What the credit system told us about a customer: line, decisions, orders, account events.

use app::ssr::store::{
    AccountEvent, AccountFacts, CustomerStore, EventKind, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::{CreditLine, Installment, LimitDecision, Order, Reason};
use uuid::Uuid;

use super::rows::{self, DecisionRow, InstallmentRow, OrderRow, ReasonRow};
use super::Backend;
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

#[async_trait]
impl CustomerStore for Backend {
    #[tracing::instrument(skip(self), err)]
    async fn credit_line(
        &self,
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
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.map(CreditLine::try_from).transpose()
    }

    #[tracing::instrument(skip(self), err)]
    async fn decisions(&self, account: Uuid) -> StoreResult<Vec<LimitDecision>> {
        let decisions = sqlx::query_as::<_, DecisionRow>(
            "SELECT id, external_id, model_version, kind, limit_before_fen, limit_after_fen, notice, decided_at, decided_on \
             FROM limit_decisions WHERE account_id = $1 ORDER BY decided_at DESC, id DESC",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let reasons = sqlx::query_as::<_, ReasonRow>(
            "SELECT r.decision_id, r.facts FROM decision_reasons r \
             JOIN limit_decisions d ON d.id = r.decision_id \
             WHERE d.account_id = $1 ORDER BY r.decision_id, r.position",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let mut by_decision: std::collections::HashMap<Uuid, Vec<Reason>> =
            std::collections::HashMap::new();
        for r in reasons {
            by_decision
                .entry(r.decision_id)
                .or_default()
                .push(r.facts.0);
        }
        decisions
            .into_iter()
            .map(|r| {
                let reasons = by_decision.remove(&r.id).unwrap_or_default();
                r.into_decision(reasons)
            })
            .collect()
    }

    #[tracing::instrument(skip(self), err)]
    async fn decision(&self, account: Uuid, decision: Uuid) -> StoreResult<Option<LimitDecision>> {
        // Scoped by owner: another customer's decision id finds nothing.
        let row = sqlx::query_as::<_, DecisionRow>(
            "SELECT id, external_id, model_version, kind, limit_before_fen, limit_after_fen, notice, decided_at, decided_on \
             FROM limit_decisions WHERE id = $1 AND account_id = $2",
        )
        .bind(decision)
        .bind(account)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        let Some(row) = row else { return Ok(None) };
        let reasons = sqlx::query_as::<_, ReasonRow>("SELECT decision_id, facts FROM decision_reasons WHERE decision_id = $1 ORDER BY position")
            .bind(decision)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(|r| r.facts.0)
            .collect();
        row.into_decision(reasons).map(Some)
    }

    #[tracing::instrument(skip(self), err)]
    async fn orders(&self, account: Uuid) -> StoreResult<Vec<Order>> {
        let orders = sqlx::query_as::<_, OrderRow>(
            "SELECT id, description, placed_on, total_fen FROM orders WHERE account_id = $1 ORDER BY placed_on DESC, id DESC",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let installments = sqlx::query_as::<_, InstallmentRow>(
            "SELECT i.id, i.order_id, i.seq, i.due_on, i.amount_fen, i.paid_on \
             FROM installments i JOIN orders o ON o.id = i.order_id \
             WHERE o.account_id = $1 ORDER BY i.order_id, i.seq",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let mut orders = orders
            .into_iter()
            .map(Order::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        for r in installments {
            let inst = Installment::try_from(r)?;
            if let Some(order) = orders.iter_mut().find(|o| o.id == inst.order_id) {
                order.installments.push(inst);
            }
        }
        Ok(orders)
    }

    #[tracing::instrument(skip(self), err)]
    async fn account_facts(&self, account: Uuid) -> StoreResult<AccountFacts> {
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
        .fetch_optional(&self.pool)
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
