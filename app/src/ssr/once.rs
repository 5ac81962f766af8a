//! What one request reads more than once, read once. The page header, the page
//! and the server functions they call each ask who is signed in, and a
//! customer's pages also ask for their appeals (the header, for the ones
//! waiting on a reply; the page, for its own); each asking was a database
//! round trip. The server provides a `RequestOnce` per request, so nothing
//! outlives the request that read it: the next request reads afresh.

use std::sync::Arc;

use leptos::prelude::use_context;
use tokio::sync::OnceCell;
use uuid::Uuid;

use super::store::{Account, AppealSummary};
use super::AppContext;
use crate::error::AppError;

#[derive(Clone, Default)]
pub struct RequestOnce {
    pub(super) account: Arc<OnceCell<Option<Account>>>,
    appeals: Arc<OnceCell<(Uuid, Vec<AppealSummary>)>>,
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
