//! `POST /api/v1/customers/{id}/portal-sessions`: a one-time link that signs
//! the credit system's customer in, as a payment provider's customer-portal
//! sessions do. The credit product's app opens it for them.

use app::ssr::session::token_hash;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use domain::scope::PORTAL_LINK_MINUTES;
use serde::Serialize;
use utoipa::ToSchema;

use super::ingest::external_id;
use super::problem::{ApiError, ApiResult, Problem, ProblemKind};
use super::tokens::{Caller, PortalScope};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PortalSession {
    /// Open it for the customer; it works once, until `expires_at`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A one-time sign-in link for the customer with this id.
#[utoipa::path(
    post,
    path = "/customers/{id}/portal-sessions",
    tag = "portal",
    params(("id" = String, Path, description = "The credit system's id for the customer")),
    responses(
        (status = 201, description = "The link", body = PortalSession),
        (status = 400, description = "The id is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No live token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the `portal` scope", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No customer with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = ["portal"]))
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller<PortalScope>,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<PortalSession>)> {
    let id = external_id(&id)?;
    let store = state.ctx.store.as_ref();
    let account = store.customer_by_external_id(&id).await?.ok_or_else(|| {
        ApiError::new(
            ProblemKind::NotFound,
            format!("No customer `{id}`: send it with PUT /api/v1/customers/{id} first."),
        )
    })?;
    let token = crate::auth::new_token();
    let now = state.ctx.clock.now();
    let expires_at = now + chrono::Duration::minutes(PORTAL_LINK_MINUTES);
    store
        .create_portal_session(
            &token_hash(&token),
            account,
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
