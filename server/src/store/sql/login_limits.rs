//! Failed sign-ins, counted in the database so every app server sees them.

use app::ssr::store::{FailureScope, LoginLimit, LoginLimitStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::Backend;
use crate::store::backend_error;

#[async_trait]
impl LoginLimitStore for Backend {
    async fn reserve_login_attempt(
        &self,
        limits: &[LoginLimit<'_>],
        since: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Vec<i64>>> {
        let mut tx = self.begin_write().await?;
        // Counted and reserved under the keys' row locks (taken in the callers'
        // fixed order: account, then address), so of parallel attempts each
        // sees the ones before it.
        for limit in limits {
            sqlx::query(
                "INSERT INTO login_keys (scope, key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(limit.scope.as_str())
            .bind(limit.key)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
            sqlx::query(concat!(
                "SELECT scope FROM login_keys WHERE scope = $1 AND key = $2",
                row_lock!()
            ))
            .bind(limit.scope.as_str())
            .bind(limit.key)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            let used: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM login_failures WHERE scope = $1 AND key = $2 AND at > $3",
            )
            .bind(limit.scope.as_str())
            .bind(limit.key)
            .bind(since)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            if used >= i64::from(limit.max) {
                return Ok(None);
            }
        }
        let mut reserved = Vec::with_capacity(limits.len());
        for limit in limits {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO login_failures (scope, key, at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(limit.scope.as_str())
            .bind(limit.key)
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            reserved.push(id);
        }
        tx.commit().await.map_err(backend_error)?;
        Ok(Some(reserved))
    }

    async fn release_login_attempts(&self, attempts: &[i64]) -> StoreResult<()> {
        for id in attempts {
            sqlx::query("DELETE FROM login_failures WHERE id = $1")
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err(backend_error)?;
        }
        Ok(())
    }

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
        sqlx::query(
            "DELETE FROM login_keys WHERE NOT EXISTS \
             (SELECT 1 FROM login_failures f WHERE f.scope = login_keys.scope AND f.key = login_keys.key)",
        )
        .execute(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(done.rows_affected())
    }
}
