//! The credit system's API tokens, for admins only: every function checks the
//! role before it reads or writes anything.

use leptos::prelude::*;

use crate::api_tokens::{IssuedToken, TokenLine, TokenRefusal};
use crate::error::AppError;

/// Every token, revoked ones too, by name.
#[server(prefix = "/api", endpoint = "api_tokens")]
pub async fn get_api_tokens() -> Result<Vec<TokenLine>, AppError> {
    async move {
        let crate::ssr::Admin(_) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let local = crate::ssr::clock::local_minute;
        Ok(ctx
            .store
            .api_tokens()
            .await?
            .into_iter()
            .map(|t| TokenLine {
                name: t.name,
                prefix: t.prefix,
                scopes: t.scopes,
                created_local: local(t.created_at),
                last_used_local: t.last_used_at.map(local),
                revoked_local: t.revoked_at.map(local),
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

/// A new token; the answer is the only time it is shown.
#[server(prefix = "/api", endpoint = "create_api_token")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn create_api_token(
    name: String,
    // One checkbox per scope: present when ticked.
    #[server(default)] ingest: Option<String>,
    #[server(default)] outcomes: Option<String>,
    #[server(default)] portal: Option<String>,
) -> Result<Result<IssuedToken, TokenRefusal>, AppError> {
    async move {
        use domain::scope::Scope;
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        let scopes: Vec<Scope> = [
            (ingest, Scope::Ingest),
            (outcomes, Scope::Outcomes),
            (portal, Scope::Portal),
        ]
        .into_iter()
        .filter_map(|(ticked, scope)| ticked.map(|_| scope))
        .collect();
        let ctx = crate::ssr::app_context()?;
        Ok(ctx
            .tokens
            .issue(&name, &scopes, &admin.actor(), ctx.clock.now())
            .await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// Revokes a token: refused from the next call on.
#[server(prefix = "/api", endpoint = "revoke_api_token")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn revoke_api_token(name: String) -> Result<Result<(), TokenRefusal>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        match ctx
            .store
            .revoke_api_token(&name, &admin.actor(), ctx.clock.now())
            .await
        {
            Ok(_) => Ok(Ok(())),
            Err(crate::ssr::StoreError::NotFound) => Ok(Err(TokenRefusal::NotFound)),
            Err(e) => Err(e.into()),
        }
    }
    .await
    .map_err(AppError::with_status)
}
