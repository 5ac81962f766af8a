//! Support's outcomes on their way to the credit system.

use async_trait::async_trait;
use uuid::Uuid;

use super::StoreResult;

/// Support's outcomes on their way to the credit system.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Outbox entries not yet delivered, oldest first.
    async fn outbox_pending(&self, limit: u32) -> StoreResult<Vec<(i64, Uuid, serde_json::Value)>>;
}
