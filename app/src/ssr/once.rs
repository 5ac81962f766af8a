//! What one request reads more than once, read once. The page header, the page
//! and the server functions they call each ask who is signed in, and a
//! customer's pages also ask for their appeals (the header, for the ones
//! waiting on a reply; the page, for its own); each asking was a database
//! round trip. The first asking reads them in one query (with when the session
//! last gave a second factor, which staff pages ask); the server provides a
//! `RequestOnce` per request, so nothing outlives the request that read it:
//! the next request reads afresh.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use http::HeaderMap;
use leptos::prelude::use_context;
use tokio::sync::OnceCell;
use uuid::Uuid;

use super::session::{cookie, session_cookie_name, token_hash};
use super::store::{Account, AppealSummary};
use super::AppContext;
use crate::error::AppError;

#[derive(Clone, Default)]
pub struct RequestOnce {
    account: Arc<OnceCell<Option<SignedIn>>>,
    appeals: Arc<OnceCell<(Uuid, Vec<AppealSummary>)>>,
}

/// Who is signed in, and when their session last gave a second factor.
struct SignedIn {
    account: Account,
    factor_at: Option<DateTime<Utc>>,
}

impl RequestOnce {
    /// The account behind the session cookie in `headers`, read at most once
    /// per request, with its appeals kept for `appeals_of`.
    pub(super) async fn account(
        &self,
        ctx: &AppContext,
        headers: &HeaderMap,
    ) -> Result<Option<Account>, AppError> {
        Ok(self.read(ctx, headers).await?.map(|s| s.account.clone()))
    }

    /// When this request's session last gave a second factor, if ever.
    pub(super) async fn factor_at(
        &self,
        ctx: &AppContext,
        headers: &HeaderMap,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        Ok(self.read(ctx, headers).await?.and_then(|s| s.factor_at))
    }

    async fn read(
        &self,
        ctx: &AppContext,
        headers: &HeaderMap,
    ) -> Result<Option<&SignedIn>, AppError> {
        let read = self
            .account
            .get_or_try_init(|| async {
                let Some(token) = cookie(headers, session_cookie_name(ctx.secure_cookies)) else {
                    return Ok::<_, AppError>(None);
                };
                let read = ctx
                    .store
                    .session(&token_hash(&token), ctx.clock.now())
                    .await?;
                Ok(read.map(|read| {
                    // Set once, here, before anyone could ask for the appeals.
                    let _ = self.appeals.set((read.account.id, read.appeals));
                    SignedIn {
                        account: read.account,
                        factor_at: read.factor_at,
                    }
                }))
            })
            .await?;
        Ok(read.as_ref())
    }
}

/// `account`'s appeals, newest first, read at most once per request.
pub async fn appeals_of(ctx: &AppContext, account: Uuid) -> Result<Vec<AppealSummary>, AppError> {
    let read = || async { Ok::<_, AppError>(ctx.store.appeals_of(account).await?) };
    let Some(once) = use_context::<RequestOnce>() else {
        return read().await;
    };
    let (of, appeals) = once
        .appeals
        .get_or_try_init(|| async { read().await.map(|appeals| (account, appeals)) })
        .await?;
    if *of == account {
        Ok(appeals.clone())
    } else {
        read().await
    }
}
