//! API tokens: `ldk_` and 256 random bits, shown once; only SHA-256 is stored.
//! Created and revoked by an admin (`limitdesk token`); checked on every call.

use std::marker::PhantomData;

use app::ssr::session::token_hash;
use app::ssr::store::{Actor, ApiToken, NewApiToken, Store, StoreError, StoreResult};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use domain::scope::Scope;
use uuid::Uuid;

use app::api_tokens::{IssuedToken, TokenRefusal};
use app::ssr::context::TokenIssuer;

use super::problem::{ApiError, ProblemKind};
use crate::state::AppState;

/// Every token starts so: secret scanners and people can tell one at a glance.
pub const PREFIX: &str = "ldk_";
/// How many characters of a token lists show.
const SHOWN: usize = 12;

/// A new token named `name` with `scopes`: the stored record and the token
/// itself, which exists nowhere else.
pub async fn create(
    store: &dyn Store,
    name: &str,
    scopes: &[Scope],
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<Result<(ApiToken, String), TokenRefusal>> {
    let name = name.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        return Ok(Err(TokenRefusal::Name));
    }
    if scopes.is_empty() {
        return Ok(Err(TokenRefusal::NoScope));
    }
    let token = format!("{PREFIX}{}", crate::auth::new_token());
    let record = NewApiToken {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        prefix: token.chars().take(SHOWN).collect(),
        token_hash: token_hash(&token),
        scopes: scopes.to_vec(),
        created_at: at,
    };
    match store.create_api_token(record, actor).await {
        Ok(created) => Ok(Ok((created, token))),
        Err(StoreError::Conflict(_)) => Ok(Err(TokenRefusal::Taken)),
        Err(e) => Err(e),
    }
}

/// The admin page's way to [`create`] a token.
pub struct Tokens {
    pub store: std::sync::Arc<dyn Store>,
}

#[async_trait::async_trait]
impl TokenIssuer for Tokens {
    async fn issue(
        &self,
        name: &str,
        scopes: &[Scope],
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<IssuedToken, TokenRefusal>> {
        Ok(create(self.store.as_ref(), name, scopes, actor, at)
            .await?
            .map(|(record, token)| IssuedToken {
                name: record.name,
                token,
            }))
    }
}

/// A scope as a type, so a handler's signature says what it needs.
pub trait NeedsScope: Send + Sync + 'static {
    const SCOPE: Scope;
}

pub struct IngestScope;
pub struct OutcomesScope;
pub struct PortalScope;

impl NeedsScope for IngestScope {
    const SCOPE: Scope = Scope::Ingest;
}
impl NeedsScope for OutcomesScope {
    const SCOPE: Scope = Scope::Outcomes;
}
impl NeedsScope for PortalScope {
    const SCOPE: Scope = Scope::Portal;
}

/// The calling token, live and holding scope `S`: 401 for a missing, unknown
/// or revoked token, 403 for a missing scope.
pub struct Caller<S: NeedsScope> {
    pub token: ApiToken,
    scope: PhantomData<S>,
}

/// How often a token's "last used" is written: reads of the feed must not
/// each become a write.
const TOUCH_EVERY_SECONDS: i64 = 60;

impl<S: NeedsScope> FromRequestParts<AppState> for Caller<S> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let unauthorized = |detail: &str| ApiError::new(ProblemKind::Unauthorized, detail);
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| unauthorized("Send `Authorization: Bearer <token>`."))?;
        let token = value
            .strip_prefix("Bearer ")
            .map(str::trim)
            .filter(|t| t.starts_with(PREFIX))
            .ok_or_else(|| unauthorized("The Authorization header must be `Bearer ldk_…`."))?;
        let store = state.ctx.store.as_ref();
        let found = store
            .api_token_by_hash(&token_hash(token))
            .await?
            .filter(|t| t.revoked_at.is_none())
            .ok_or_else(|| unauthorized("This token is unknown or revoked."))?;
        if !found.scopes.contains(&S::SCOPE) {
            return Err(ApiError::new(
                ProblemKind::Forbidden,
                format!(
                    "The token `{}` lacks the `{}` scope.",
                    found.name,
                    S::SCOPE.as_str()
                ),
            ));
        }
        // Real time: "last used" is for operators, not part of the story.
        let now = Utc::now();
        if found
            .last_used_at
            .is_none_or(|at| (now - at).num_seconds() >= TOUCH_EVERY_SECONDS)
        {
            store.touch_api_token(found.id, now).await?;
        }
        Ok(Caller {
            token: found,
            scope: PhantomData,
        })
    }
}
