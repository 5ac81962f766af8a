//! The hourly housekeeping every app server runs.

use std::sync::Arc;

use app::ssr::AppContext;

use crate::appeals;
use crate::blobs::BlobStore;
use crate::review;

/// Deletes expired sessions, stale sign-in failures and orphaned evidence files,
/// and closes appeals left unanswered for 30 days, every hour. Safe to run on
/// every app server at once: each pass is one idempotent DELETE per table.
pub async fn every_hour(ctx: AppContext, blobs: Arc<dyn BlobStore>) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let now = ctx.clock.now();
        match ctx.store.delete_expired_sessions(now).await {
            Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
        }
        let stale = now - chrono::Duration::days(1);
        if let Err(e) = ctx.store.prune_login_failures(stale).await {
            tracing::warn!(error = %e, "could not prune sign-in failures");
        }
        appeals::sweep_orphans(ctx.store.as_ref(), blobs.as_ref()).await;
        review::close_unanswered(&ctx).await;
    }
}
