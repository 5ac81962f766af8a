//! Support's outcomes waiting for the credit system.

use app::ssr::store::{OutboxStore, StoreResult};
use async_trait::async_trait;
use sqlx::types::Json;
use uuid::Uuid;

use super::Backend;
use crate::store::backend_error;

#[async_trait]
impl OutboxStore for Backend {
    async fn outbox_pending(&self, limit: u32) -> StoreResult<Vec<(i64, Uuid, serde_json::Value)>> {
        Ok(sqlx::query_as::<_, (i64, Uuid, Json<serde_json::Value>)>(
            "SELECT id, appeal_id, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?
        .into_iter()
        .map(|(id, appeal, Json(payload))| (id, appeal, payload))
        .collect())
    }
}
