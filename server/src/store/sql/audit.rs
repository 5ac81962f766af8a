//! The append-only audit log: written inside the transaction of the change it records, browsed by supervisors.

use app::ssr::store::{Actor, AuditQuery, AuditRecord, AuditStore, StoreResult, Trail};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::types::Json;

use super::rows::{AuditRow, TrailRow};
use super::{Backend, Db, Tx};
use crate::store::backend_error;

/// One audit entry, written inside the caller's transaction.
pub async fn write(
    tx: &mut Tx,
    at: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    entity: (&str, String),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> StoreResult<()> {
    insert(&mut **tx, at, actor, action, entity, before, after).await
}

async fn insert<'e>(
    on: impl sqlx::Executor<'e, Database = Db>,
    at: DateTime<Utc>,
    actor: &Actor,
    action: &str,
    entity: (&str, String),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity_type, entity_id, before, after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(at)
    .bind(actor.id)
    .bind(&actor.label)
    .bind(action)
    .bind(entity.0)
    .bind(entity.1)
    .bind(before.map(Json))
    .bind(after.map(Json))
    .execute(on)
    .await
    .map_err(backend_error)?;
    Ok(())
}

pub(super) const AUDIT_COLUMNS: &str =
    "id, at, actor, action, entity_type, entity_id, before, after";

#[async_trait]
impl AuditStore for Backend {
    async fn audit_for(&self, entity_type: &str, entity_id: &str) -> StoreResult<Vec<AuditRecord>> {
        Ok(sqlx::query_as::<_, AuditRow>(&format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id"))
            .bind(entity_type)
            .bind(entity_id)
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(AuditRecord::from)
            .collect())
    }

    async fn trail(&self, entity_type: &str, entity_id: &str, read: &str) -> StoreResult<Trail> {
        // One round trip, and the reads are only counted: both walk
        // audit_log_by_entity_action (0013) without touching their rows.
        let rows = sqlx::query_as::<_, TrailRow>(&format!(
            "SELECT {AUDIT_COLUMNS}, \
               (SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log r \
                WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.action = $3) AS reads \
             FROM audit_log WHERE entity_type = $1 AND entity_id = $2 \
               AND (action <> $3 OR id = (SELECT MAX(r.id) FROM audit_log r \
                    WHERE r.entity_type = $1 AND r.entity_id = $2 AND r.action = $3)) \
             ORDER BY id"
        ))
        .bind(entity_type)
        .bind(entity_id)
        .bind(read)
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let mut trail = Trail::default();
        for row in rows {
            trail.reads = u64::try_from(row.reads).unwrap_or(0);
            let record = AuditRecord::from(row.entry);
            if record.action == read {
                trail.last_read = Some(record);
            } else {
                trail.changes.push(record);
            }
        }
        Ok(trail)
    }

    async fn record_event(
        &self,
        actor: &Actor,
        action: &str,
        entity: (&str, String),
        detail: Option<serde_json::Value>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        // One statement, atomic on its own: a transaction around it would
        // only add two round trips (a case view writes one of these).
        insert(&self.pool, at, actor, action, entity, None, detail).await
    }

    async fn audit_page(&self, q: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1"
        ));
        if let Some(t) = &q.entity_type {
            qb.push(" AND entity_type = ").push_bind(t.clone());
        }
        if let Some(id) = &q.entity_id {
            qb.push(" AND entity_id = ").push_bind(id.clone());
        }
        if let Some(actor) = &q.actor {
            qb.push(" AND actor = ").push_bind(actor.clone());
        }
        if let Some(before) = q.before_id {
            qb.push(" AND id < ").push_bind(before);
        }
        // Written in, not bound, as the queue's (cases.rs): a plan PostgreSQL can keep.
        qb.push(" ORDER BY id DESC LIMIT ")
            .push(q.limit.clamp(1, 10_000));
        Ok(qb
            .build_query_as::<AuditRow>()
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(AuditRecord::from)
            .collect())
    }
}
