//! Staff members' second factor: authenticator secrets, used time steps, recovery codes.

use app::ssr::store::{Actor, SecondFactorStore, StoreError, StoreResult, TotpState};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{audit, Backend};
use crate::store::backend_error;

#[async_trait]
impl SecondFactorStore for Backend {
    async fn totp(&self, account: Uuid) -> StoreResult<Option<TotpState>> {
        let row = sqlx::query_as::<_, (Option<String>, Option<i64>)>(
            "SELECT totp_secret, totp_last_step FROM accounts WHERE id = $1",
        )
        .bind(account)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        let Some((Some(sealed), last_step)) = row else {
            return Ok(None);
        };
        let secret = self
            .key
            .open(&sealed, account.as_bytes())
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(TotpState { secret, last_step }))
    }

    async fn use_totp_step(&self, account: Uuid, step: i64) -> StoreResult<bool> {
        // One conditional UPDATE: two sign-ins racing with the same code, one wins.
        let done = sqlx::query(
            "UPDATE accounts SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(account)
        .execute(&self.pool)
        .await
        .map_err(backend_error)?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_recovery_codes(
        &self,
        account: Uuid,
        hashes: &[String],
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        for h in hashes {
            sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                .bind(account)
                .bind(h)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        audit::write(
            &mut tx,
            at,
            actor,
            "account.recovery_codes_set",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "count": hashes.len() })),
        )
        .await?;
        tx.commit().await.map_err(map)
    }

    async fn use_recovery_code(
        &self,
        account: Uuid,
        hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(at)
            .bind(account)
            .bind(hash)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let used = done.rows_affected() == 1;
        if used {
            audit::write(
                &mut tx,
                at,
                &Actor {
                    id: Some(account),
                    label: "self".to_owned(),
                },
                "account.recovery_code_used",
                ("account", account.to_string()),
                None,
                None,
            )
            .await?;
        }
        tx.commit().await.map_err(map)?;
        Ok(used)
    }

    async fn set_totp_secret(
        &self,
        account: Uuid,
        secret: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE accounts SET totp_secret = $1, totp_last_step = NULL WHERE id = $2 AND role <> 'customer'")
            .bind(self.key.seal(secret, account.as_bytes()))
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        // A new authenticator ends every session that the old one let in.
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        audit::write(
            &mut tx,
            at,
            actor,
            "account.totp_reset",
            ("account", account.to_string()),
            None,
            None,
        )
        .await?;
        tx.commit().await.map_err(map)
    }
}
