//! `POST /api/v1/customers/{id}/portal-sessions`: a one-time link that signs
//! the credit system's customer in, as a payment provider's customer-portal
//! sessions do. The credit product's app opens it for them.

use app::ssr::session::token_hash;
use app::ssr::store::PortalLink;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, Utc};
use domain::scope::PORTAL_LINK_MINUTES;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body;
use super::ingest::{external_id, reference};
use super::problem::{ApiError, ApiResult, Problem, ProblemKind};
use super::tokens::{Caller, PortalScope};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PortalSession {
    /// Open it for the customer; it works once, until `expires_at`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Where the link lands; with no body, on the customer's overview.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortalSessionBody {
    /// The credit system's id of one of the customer's decisions: the link
    /// lands on it (what changed, why, and how to put it right).
    #[schema(example = "DEC-9001")]
    pub decision_id: Option<String>,
}

/// A one-time sign-in link for the customer with this id, optionally
/// straight to one of their decisions.
#[utoipa::path(
    post,
    path = "/customers/{id}/portal-sessions",
    tag = "portal",
    params(("id" = String, Path, description = "The credit system's id for the customer")),
    request_body(content = Option<PortalSessionBody>, description = "Optional: where the link lands"),
    responses(
        (status = 201, description = "The link", body = PortalSession),
        (status = 400, description = "The id or the body is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the `portal` scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No customer with this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The customer has no decision with `decision_id`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["portal"]))
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller<PortalScope>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<PortalSession>)> {
    let id = external_id(&id)?;
    let bytes =
        bytes.map_err(|_| ApiError::new(ProblemKind::TooLarge, "The body is larger than 1 MB."))?;
    let landing = if bytes.is_empty() {
        PortalSessionBody::default()
    } else {
        body::json::<PortalSessionBody>(&headers, &bytes)?
    };
    let store = state.ctx.store.as_ref();
    let account = store.customer_by_external_id(&id).await?.ok_or_else(|| {
        ApiError::new(
            ProblemKind::NotFound,
            format!("No customer `{id}`: send it with PUT /api/v1/customers/{id} first."),
        )
    })?;
    let decision = match &landing.decision_id {
        None => None,
        Some(d) => {
            let d = reference("/decision_id", d)?;
            let found = store.decision_by_external_id(account, &d).await?;
            Some(found.ok_or_else(|| {
                ApiError::Problem(
                    ProblemKind::UnknownReference,
                    format!("`/decision_id`: customer `{id}` has no decision `{d}`."),
                    vec![super::problem::FieldProblem {
                        pointer: Some("/decision_id".to_owned()),
                        parameter: None,
                        detail: format!("no decision `{d}` of this customer"),
                    }],
                )
            })?)
        }
    };
    let token = crate::auth::new_token();
    let now = state.ctx.clock.now();
    let expires_at = now + chrono::Duration::minutes(PORTAL_LINK_MINUTES);
    store
        .create_portal_session(
            &token_hash(&token),
            PortalLink { account, decision },
            now,
            expires_at,
            &caller.token.actor(),
        )
        .await?;
    let base = state.origins.first().map(String::as_str).unwrap_or("");
    Ok((
        StatusCode::CREATED,
        Json(PortalSession {
            url: format!("{base}/portal/{token}"),
            expires_at,
        }),
    ))
}
