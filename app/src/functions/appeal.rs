//! What a customer reads about their appeals. Filing, replying and withdrawing
//! carry files or must work before the wasm loads: they are form posts handled
//! by the server (`server/src/appeals.rs`).

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::{AppealForm, AppealView};

/// The appeal form for one of the customer's decisions, with the rules' verdict.
#[server(prefix = "/api", endpoint = "appeal_form")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_appeal_form(decision: Uuid) -> Result<AppealForm, AppError> {
    async move {
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        // The customer's own decisions: another customer's id finds nothing.
        let decisions = ctx.store.decisions(account.id).await?;
        let in_force =
            domain::decision::current_adverse(&decisions).is_some_and(|d| d.id == decision);
        let found = decisions
            .into_iter()
            .find(|d| d.id == decision)
            .ok_or(AppError::NotFound)?;
        let appeals = crate::ssr::once::appeals_of(&ctx, account.id).await?;
        let on_this = || appeals.iter().filter(|a| a.decision_id == decision);
        // A decision's appeals are its customer's: with none among theirs,
        // there is nothing earlier to read.
        let prior = if on_this().next().is_some() {
            ctx.store.prior_appeals(decision).await?
        } else {
            Vec::new()
        };
        let eligibility = domain::appeal::eligibility(&found, in_force, &prior, ctx.clock.today());
        let open_appeal = on_this().find(|a| a.status.is_open()).map(|a| a.id);
        let draft = ctx.store.draft(account.id, decision).await?;
        Ok(AppealForm {
            window_closes_on: domain::appeal::window_closes_on(&found),
            decision: found,
            eligibility,
            open_appeal,
            draft_ground: draft
                .as_ref()
                .and_then(|d| domain::appeal::Ground::parse(&d.ground)),
            draft_statement: draft.map(|d| d.statement).unwrap_or_default(),
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// One of the customer's appeals with its thread, timeline and deadline.
#[server(prefix = "/api", endpoint = "appeal")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_appeal(id: Uuid) -> Result<AppealView, AppError> {
    async move {
        use crate::model::{FileView, MessageView, TimelineEntry};
        use crate::ssr::clock::{local_date, local_minute};
        let crate::ssr::Customer(account) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let record = ctx
            .store
            .appeal(account.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let decision = ctx
            .store
            .decision(account.id, record.summary.decision_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let deadlines =
            domain::appeal::deadlines(record.summary.submitted_at, &record.pauses, ctx.clock.now());
        let outcome = ctx.store.appeal_outcome(account.id, id).await?;
        Ok(AppealView {
            id: record.summary.id,
            status: record.summary.status,
            ground: record.summary.ground,
            is_reappeal: record.summary.is_reappeal,
            version: record.summary.version,
            decision,
            submitted_at_local: local_minute(record.summary.submitted_at),
            decide_by: local_date(deadlines.decision_due),
            first_response_by: local_minute(deadlines.first_response_due),
            paused: deadlines.paused,
            outcome,
            timeline: record
                .events
                .iter()
                .map(|e| TimelineEntry {
                    at_local: local_minute(e.at),
                    status: e.to_status,
                })
                .collect(),
            messages: record
                .messages
                .into_iter()
                .map(|m| MessageView {
                    from_staff: m.from_staff,
                    author_name: m.author_name,
                    body: m.body,
                    at_local: local_minute(m.created_at),
                    files: m
                        .files
                        .into_iter()
                        .map(|f| FileView {
                            id: f.id,
                            name: f.original_name,
                            media_type: f.media_type,
                            size_bytes: f.size_bytes,
                            has_thumbnail: f.thumbnail_key.is_some(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }
    .await
    .map_err(AppError::with_status)
}
