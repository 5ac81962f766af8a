//! Failed sign-ins, counted in the database so every app server sees them.

use app::ssr::store::{FailureScope, LoginLimitStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::Backend;
use crate::store::backend_error;

#[async_trait]
impl LoginLimitStore for Backend {
    async fn record_login_failure(
        &self,
        scope: FailureScope,
        key: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (scope, key, at) VALUES ($1, $2, $3)")
            .bind(scope.as_str())
            .bind(key)
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        scope: FailureScope,
        key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<u32> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE scope = $1 AND key = $2 AND at > $3",
        )
        .bind(scope.as_str())
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    async fn clear_login_failures(&self, scope: FailureScope, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn prune_login_failures(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(before)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(done.rows_affected())
    }
}
