//! What one request reads more than once, read once. The page header, the page
//! and the server functions they call each ask who is signed in, and a
//! customer's pages also ask for their appeals (the header, for the ones
//! waiting on a reply; the page, for its own); each asking was a database
//! round trip. The first asking reads both in one query; the server provides a
//! `RequestOnce` per request, so nothing outlives the request that read it:
//! the next request reads afresh.

use std::sync::Arc;

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
    account: Arc<OnceCell<Option<Account>>>,
    appeals: Arc<OnceCell<(Uuid, Vec<AppealSummary>)>>,
}

impl RequestOnce {
    /// The account behind the session cookie in `headers`, read at most once
    /// per request, with its appeals kept for `appeals_of`.
    pub(super) async fn account(
        &self,
        ctx: &AppContext,
        headers: &HeaderMap,
    ) -> Result<Option<Account>, AppError> {
        self.account
            .get_or_try_init(|| async {
                let Some(token) = cookie(headers, session_cookie_name(ctx.secure_cookies)) else {
                    return Ok(None);
                };
                let read = ctx
                    .store
                    .session_with_appeals(&token_hash(&token), ctx.clock.now())
                    .await?;
                Ok(read.map(|(account, appeals)| {
                    // Set once, here, before anyone could ask for the appeals.
                    let _ = self.appeals.set((account.id, appeals));
                    account
                }))
            })
            .await
            .cloned()
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
