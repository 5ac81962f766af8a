//! `GET /api/v1/outcomes`: what support decided, oldest first, from a cursor.

use app::ssr::store::{FeedKind, OutcomeEvent};
use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::{DateTime, Utc};
use domain::resolution::Outcome;
use domain::Money;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::problem::{ApiError, ApiResult, Problem};
use super::tokens::{Caller, OutcomesScope};
use crate::state::AppState;

pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 1000;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next_cursor` of the previous page; absent (or `0`) for the start.
    #[param(value_type = Option<String>, example = "0")]
    pub after: Option<String>,
    /// Events per page, 1–1000 (default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
}

/// One page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    pub events: Vec<FeedEvent>,
    /// Pass as `after` for the next page; the same cursor again when there is
    /// nothing new yet.
    pub next_cursor: String,
}

/// What support decided.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// The limit is back (to the limit before the decision).
    LimitRestored,
    /// Part of the limit is back.
    PartlyRestored,
    /// A freeze was lifted.
    FreezeLifted,
    /// The appeal was rejected; the decision stands.
    Rejected,
    /// The customer appealed the decision (`limit` and `staff` absent).
    AppealOpened,
    /// The appeal waited on the customer for 30 days and closed (`limit` and `staff` absent).
    ClosedNoReply,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerRef {
    /// The credit system's id for the customer, once it has sent one.
    pub id: Option<String>,
    /// LimitDesk's own id.
    pub limitdesk_id: Uuid,
}

/// Amounts in yuan, as decimal strings with two places.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitChange {
    #[schema(example = "2000.00")]
    pub before: String,
    #[schema(example = "8000.00")]
    pub after: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerMessage {
    /// `zh-CN` or `en`: the customer's language.
    pub lang: String,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedEvent {
    /// Stable: the same event always has the same id.
    pub id: Uuid,
    /// This event's position; `after` this value reads what follows it.
    pub cursor: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub occurred_at: DateTime<Utc>,
    pub customer: CustomerRef,
    pub appeal_id: Option<Uuid>,
    /// The credit system's id of the decision the appeal was about.
    pub decision_id: Option<String>,
    /// The limit before and after (the same when a freeze was lifted); absent for a rejection.
    pub limit: Option<LimitChange>,
    /// Who decided, pseudonymously: stable per staff member, never a name.
    pub staff: Option<String>,
    /// What to tell the customer, in their language.
    pub message: Option<CustomerMessage>,
}

fn amount(m: Money) -> String {
    format!("{:.2}", m.as_decimal())
}

impl FeedEvent {
    fn from_event(e: OutcomeEvent) -> Option<FeedEvent> {
        let lang = e.customer_lang;
        let (kind, limit, text) = match (e.kind, &e.outcome) {
            (FeedKind::AppealOpened, _) => (
                EventType::AppealOpened,
                None,
                domain::appeal::opened_notice(lang),
            ),
            (FeedKind::ClosedNoReply, _) => (
                EventType::ClosedNoReply,
                None,
                domain::appeal::closed_no_reply_notice(lang),
            ),
            (FeedKind::AppealDecided, Some(outcome)) => {
                let (kind, limit) = match *outcome {
                    Outcome::Restored { from, to } => (EventType::LimitRestored, Some((from, to))),
                    Outcome::PartlyRestored { from, to, .. } => {
                        (EventType::PartlyRestored, Some((from, to)))
                    }
                    // The amount stays; the line can be used again.
                    Outcome::Unfrozen { limit } => (EventType::FreezeLifted, Some((limit, limit))),
                    Outcome::Rejected { .. } => (EventType::Rejected, None),
                };
                (kind, limit, outcome.customer_text(lang))
            }
            (FeedKind::AppealDecided, None) => return None,
        };
        Some(FeedEvent {
            id: e.id,
            cursor: e.seq.to_string(),
            kind,
            occurred_at: e.occurred_at,
            customer: CustomerRef {
                id: e.customer_external_id,
                limitdesk_id: e.account,
            },
            appeal_id: e.appeal,
            decision_id: e.decision_external_id,
            limit: limit.map(|(before, after)| LimitChange {
                before: amount(before),
                after: amount(after),
            }),
            staff: e.staff.map(|id| format!("stf_{}", id.simple())),
            message: Some(CustomerMessage {
                lang: lang.tag().to_owned(),
                text,
            }),
        })
    }
}

/// Read the outcomes after a cursor. Poll with the last `next_cursor`: the
/// feed never skips an event and never repeats one, even while decisions
/// are being made.
#[utoipa::path(
    get,
    path = "/outcomes",
    tag = "outcomes",
    params(FeedQuery),
    responses(
        (status = 200, description = "The next events, oldest first", body = FeedPage),
        (status = 400, description = "A query parameter is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the `outcomes` scope", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["outcomes"]))
)]
pub async fn feed(
    State(state): State<AppState>,
    _caller: Caller<OutcomesScope>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<FeedPage>> {
    let query: FeedQuery = serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::parameter("after", e.to_string()))?;
    let after = match query.after.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::parameter("after", "a cursor from `next_cursor`, or 0"))?,
    };
    let limit = match query.limit.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| ApiError::parameter("limit", "a whole number from 1 to 1000"))?,
    };
    let events = state.ctx.store.outcome_events(after, limit).await?;
    let next_cursor = events.last().map_or(after, |e| e.seq).to_string();
    Ok(Json(FeedPage {
        events: events
            .into_iter()
            .filter_map(FeedEvent::from_event)
            .collect(),
        next_cursor,
    }))
}
