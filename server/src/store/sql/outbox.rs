//! Support's outcomes waiting for the credit system.

use app::ssr::store::{OutboxStore, StoreResult};
use async_trait::async_trait;
use sqlx::types::Json;
use sqlx::Row;
use uuid::Uuid;

use super::Backend;
use crate::store::backend_error;

#[async_trait]
impl OutboxStore for Backend {
    async fn outbox_pending(&self, limit: u32) -> StoreResult<Vec<(i64, Uuid, serde_json::Value)>> {
        use Json;
        let map = backend_error;
        sqlx::query("SELECT id, appeal_id, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1")
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map)?
            .iter()
            .map(|r| {
                let Json(payload): Json<serde_json::Value> = r.try_get("payload").map_err(map)?;
                Ok((r.try_get("id").map_err(map)?, r.try_get("appeal_id").map_err(map)?, payload))
            })
            .collect()
    }
}
