//! What a signed-in customer reads about their own account.

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::{DecisionView, HistoryEntry, Overview, Repayments, Viewer};

/// The signed-in customer, if any (for the page header).
#[server(prefix = "/api", endpoint = "viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    use crate::model::Role;
    let Some(account) = crate::ssr::session::current_account()
        .await?
        .filter(|a| a.role == Role::Customer)
    else {
        return Ok(None);
    };
    let ctx = crate::ssr::app_context()?;
    let awaiting_reply = crate::ssr::once::appeals_of(&ctx, account.id)
        .await?
        .into_iter()
        .filter(|a| a.status == domain::appeal::AppealStatus::AwaitingCustomer)
        .map(|a| a.id)
        .collect();
    Ok(Some(Viewer {
        username: account.username,
        display_name: account.display_name,
        awaiting_reply,
    }))
}

#[server(prefix = "/api", endpoint = "overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_overview() -> Result<Overview, AppError> {
    async move {
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let today = ctx.clock.today();
        let file = ctx
            .store
            .customer_file(account.id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let overdue_now = domain::repayment::total_overdue(&file.orders, today).map_err(|e| {
            tracing::error!(error = %e, "overdue total overflowed");
            AppError::Internal
        })?;
        let line = file.line;
        let adverse = match domain::decision::current_adverse(&file.decisions) {
            Some(decision) => Some(
                ssr::decision_view(
                    &ctx,
                    account.id,
                    decision.clone(),
                    true,
                    file.orders,
                    file.facts,
                )
                .await?,
            ),
            None => None,
        };
        Ok(Overview {
            viewer: Viewer {
                username: account.username,
                display_name: account.display_name,
                awaiting_reply: Vec::new(),
            },
            line,
            adverse,
            overdue_now,
            today,
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// Every decision on the customer's line, newest first.
#[server(prefix = "/api", endpoint = "history")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_history() -> Result<Vec<HistoryEntry>, AppError> {
    async move {
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let appeals = crate::ssr::once::appeals_of(&ctx, account.id).await?;
        Ok(ctx
            .store
            .decisions(account.id)
            .await?
            .into_iter()
            .map(|decision| HistoryEntry {
                decided_at_local: crate::ssr::clock::local_minute(decision.decided_at),
                appeal: ssr::latest_appeal(&appeals, decision.id),
                decision,
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

/// One decision of the signed-in customer; anyone else's id is `NotFound`.
#[server(prefix = "/api", endpoint = "decision")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_decision(id: Uuid) -> Result<DecisionView, AppError> {
    async move {
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        // The customer's own decisions: another customer's id finds nothing.
        let file = ctx
            .store
            .customer_file(account.id, ctx.clock.today())
            .await?
            .ok_or(AppError::NotFound)?;
        let in_force =
            domain::decision::current_adverse(&file.decisions).is_some_and(|d| d.id == id);
        let decision = file
            .decisions
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(AppError::NotFound)?;
        ssr::decision_view(
            &ctx,
            account.id,
            decision,
            in_force,
            file.orders,
            file.facts,
        )
        .await
    }
    .await
    .map_err(AppError::with_status)
}

#[server(prefix = "/api", endpoint = "repayments")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_repayments() -> Result<Repayments, AppError> {
    async move {
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        Ok(Repayments {
            orders: ctx.store.orders(account.id).await?,
            today: ctx.clock.today(),
        })
    }
    .await
    .map_err(AppError::with_status)
}

#[cfg(feature = "ssr")]
mod ssr {
    use domain::{restoration_checklist, CustomerState, LimitDecision, Order};
    use uuid::Uuid;

    use crate::error::AppError;
    use crate::model::{AppealBrief, DecisionView};
    use crate::ssr::clock::local_date;
    use crate::ssr::store::AccountFacts;
    use crate::ssr::AppContext;

    /// A decision with its checklist computed against the customer's state today.
    pub async fn decision_view(
        ctx: &AppContext,
        account: Uuid,
        decision: LimitDecision,
        in_force: bool,
        orders: Vec<Order>,
        facts: AccountFacts,
    ) -> Result<DecisionView, AppError> {
        let state = CustomerState {
            today: ctx.clock.today(),
            orders,
            identity_verified_until: facts.identity_verified_until,
            identity_confirmed_at: facts.identity_confirmed_at,
            password_changed_at: facts.password_changed_at,
            last_binding_change_on: facts.last_binding_change_at.map(local_date),
        };
        let appeals = crate::ssr::once::appeals_of(ctx, account).await?;
        let appeal = latest_appeal(&appeals, decision.id);
        // A decision's appeals are its customer's: with none among theirs,
        // there is nothing earlier to read.
        let prior = if appeal.is_some() {
            ctx.store.prior_appeals(decision.id).await?
        } else {
            Vec::new()
        };
        let appealable =
            domain::appeal::eligibility(&decision, in_force, &prior, ctx.clock.today()).is_ok();
        // A replaced decision has nothing left to restore: the newer one says what applies.
        let checklist = if in_force {
            restoration_checklist(&decision, &state)
        } else {
            Vec::new()
        };
        Ok(DecisionView {
            decided_at_local: crate::ssr::clock::local_minute(decision.decided_at),
            decision,
            checklist,
            in_force,
            appeal,
            appealable,
        })
    }

    /// The newest of the customer's appeals on `decision` (appeals come newest first).
    pub fn latest_appeal(
        appeals: &[crate::ssr::store::AppealSummary],
        decision: Uuid,
    ) -> Option<AppealBrief> {
        appeals
            .iter()
            .find(|a| a.decision_id == decision)
            .map(|a| AppealBrief {
                id: a.id,
                status: a.status,
            })
    }
}
