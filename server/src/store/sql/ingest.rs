//! The credit system's data arriving through the API.

use app::ssr::store::{
    Actor, Applied, ExternalCustomer, IngestStore, StoreError, StoreResult, NO_PASSWORD,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{audit, Backend};
use crate::store::backend_error;

#[async_trait]
impl IngestStore for Backend {
    async fn customer_by_external_id(&self, external_id: &str) -> StoreResult<Option<Uuid>> {
        sqlx::query_scalar(
            "SELECT id FROM accounts WHERE external_id = $1 AND role = 'customer' AND disabled_at IS NULL",
        )
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)
    }

    async fn create_portal_session(
        &self,
        token_hash: &str,
        account: Uuid,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO portal_sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account)
        .bind(at)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        audit::write(
            &mut tx,
            at,
            actor,
            "portal_session.created",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "expires_at": expires_at })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn use_portal_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Uuid>> {
        // One conditional UPDATE: two tabs opening the same link, one wins.
        sqlx::query_scalar(
            "UPDATE portal_sessions SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)
    }
    #[tracing::instrument(skip(self, c, actor), fields(external_id = %c.external_id), err)]
    async fn upsert_customer(
        &self,
        c: ExternalCustomer,
        actor: &Actor,
    ) -> StoreResult<(Uuid, Applied)> {
        // Two first writes of one new customer at once: the loser finds the
        // winner's row on its second pass.
        for _ in 0..2 {
            match self.upsert_customer_once(&c, actor).await {
                Err(StoreError::Conflict(_)) => continue,
                other => return other,
            }
        }
        self.upsert_customer_once(&c, actor).await
    }
}

impl Backend {
    async fn upsert_customer_once(
        &self,
        c: &ExternalCustomer,
        actor: &Actor,
    ) -> StoreResult<(Uuid, Applied)> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query_as::<_, (Uuid, Option<i64>)>(concat!(
            "SELECT id, external_version FROM accounts WHERE external_id = $1 AND role = 'customer' ",
            row_lock!()
        ))
        .bind(&c.external_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?;
        let after = serde_json::json!({
            "external_id": c.external_id,
            "version": c.version,
            "display_name": c.display_name,
            "id_number_masked": c.id_number_masked,
            "phone_masked": c.phone_masked,
            "identity_verified_until": c.identity_verified_until,
            "lang": c.lang,
        });
        let (id, applied) = match existing {
            Some((id, Some(stored))) if stored >= c.version => return Ok((id, Applied::NotNewer)),
            Some((id, _)) => {
                sqlx::query(
                    "UPDATE accounts SET display_name = $1, id_number_masked = $2, phone_masked = $3, \
                     identity_verified_until = $4, preferred_lang = $5, external_version = $6 WHERE id = $7",
                )
                .bind(&c.display_name)
                .bind(&c.id_number_masked)
                .bind(&c.phone_masked)
                .bind(c.identity_verified_until)
                .bind(c.lang.tag())
                .bind(c.version)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                audit::write(
                    &mut tx,
                    c.at,
                    actor,
                    "customer.updated",
                    ("account", id.to_string()),
                    None,
                    Some(after),
                )
                .await?;
                (id, Applied::Updated)
            }
            None => {
                let id = Uuid::now_v7();
                // Customers from the credit system have no username of their
                // own: they never type one (portal sessions sign them in).
                sqlx::query(
                    "INSERT INTO accounts (id, username, display_name, role, password_hash, password_changed_at, \
                     id_number_masked, phone_masked, identity_verified_until, created_at, external_id, external_version, preferred_lang) \
                     VALUES ($1, $2, $3, 'customer', $4, $5, $6, $7, $8, $5, $9, $10, $11)",
                )
                .bind(id)
                .bind(format!("ext.{}", id.simple()))
                .bind(&c.display_name)
                .bind(NO_PASSWORD)
                .bind(c.at)
                .bind(&c.id_number_masked)
                .bind(&c.phone_masked)
                .bind(c.identity_verified_until)
                .bind(&c.external_id)
                .bind(c.version)
                .bind(c.lang.tag())
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                sqlx::query(
                    "INSERT INTO credit_lines (account_id, limit_fen, status, updated_at) VALUES ($1, 0, 'active', $2)",
                )
                .bind(id)
                .bind(c.at)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                audit::write(
                    &mut tx,
                    c.at,
                    actor,
                    "customer.created",
                    ("account", id.to_string()),
                    None,
                    Some(after),
                )
                .await?;
                (id, Applied::Created)
            }
        };
        tx.commit().await.map_err(map)?;
        Ok((id, applied))
    }
}
