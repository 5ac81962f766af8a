//! Accounts and passwords.

use app::ssr::store::{
    Account, AccountStore, Actor, Credentials, NewAccount, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::rows::AccountRow;
use super::{audit, Backend, Tx};
use crate::secrets::SecretKey;
use crate::store::backend_error;

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    account: AccountRow,
    password_hash: String,
}

pub(super) async fn insert_account(
    tx: &mut Tx,
    key: &SecretKey,
    a: &NewAccount,
    actor: &Actor,
) -> StoreResult<()> {
    let sealed = a
        .totp_secret
        .as_deref()
        .map(|secret| key.seal(secret, a.id.as_bytes()));
    sqlx::query(
        "INSERT INTO accounts (id, username, display_name, role, password_hash, password_changed_at, totp_secret, \
         id_number_masked, phone_masked, identity_verified_until, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(a.id)
    .bind(&a.username)
    .bind(&a.display_name)
    .bind(a.role.as_str())
    .bind(&a.password_hash)
    .bind(a.created_at)
    .bind(sealed)
    .bind(&a.id_number_masked)
    .bind(&a.phone_masked)
    .bind(a.identity_verified_until)
    .bind(a.created_at)
    .execute(&mut **tx)
    .await
    .map_err(backend_error)?;
    audit::write(
        tx,
        a.created_at,
        actor,
        "account.created",
        ("account", a.id.to_string()),
        None,
        Some(serde_json::json!({ "username": a.username, "role": a.role.as_str() })),
    )
    .await
}

#[async_trait]
impl AccountStore for Backend {
    #[tracing::instrument(skip(self), err)]
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>> {
        let row = sqlx::query_as::<_, CredentialsRow>(
            // A deactivated account has no credentials: its sign-in fails like
            // an unknown name's.
            "SELECT id, username, display_name, role, password_changed_at, disabled_at, password_hash \
             FROM accounts WHERE lower(username) = lower($1) AND disabled_at IS NULL",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.map(|r| {
            Ok(Credentials {
                account: r.account.try_into()?,
                password_hash: r.password_hash,
            })
        })
        .transpose()
    }

    #[tracing::instrument(skip(self, account), fields(username = %account.username), err)]
    async fn create_account(&self, account: NewAccount, actor: &Actor) -> StoreResult<Account> {
        let mut tx = self.begin_write().await?;
        insert_account(&mut tx, &self.key, &account, actor).await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(Account {
            id: account.id,
            username: account.username,
            display_name: account.display_name,
            role: account.role,
            password_changed_at: account.created_at,
            active: true,
        })
    }

    #[tracing::instrument(skip(self, password_hash), err)]
    async fn set_password(
        &self,
        account: Uuid,
        password_hash: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(at)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        audit::write(
            &mut tx,
            at,
            actor,
            "account.password_changed",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "sessions_ended": ended.rows_affected() })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn set_customer_sign_in(
        &self,
        account: Uuid,
        username: &str,
        password_hash: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE accounts SET username = $1, password_hash = $2, password_changed_at = $3 \
             WHERE id = $4 AND role = 'customer'",
        )
        .bind(username)
        .bind(password_hash)
        .bind(at)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        audit::write(
            &mut tx,
            at,
            actor,
            "account.sign_in_set",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "username": username })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)
    }

    async fn account(&self, account: Uuid) -> StoreResult<Option<Account>> {
        sqlx::query_as::<_, AccountRow>("SELECT id, username, display_name, role, password_changed_at, disabled_at FROM accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?
            .map(Account::try_from)
            .transpose()
    }

    async fn staff_accounts(&self) -> StoreResult<Vec<Account>> {
        sqlx::query_as::<_, AccountRow>(
            "SELECT id, username, display_name, role, password_changed_at, disabled_at FROM accounts \
             WHERE role IN ('agent', 'supervisor', 'admin') ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?
        .into_iter()
        .map(Account::try_from)
        .collect()
    }

    #[tracing::instrument(skip(self, actor), err)]
    async fn deactivate_account(
        &self,
        account: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Vec<Uuid>> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE accounts SET disabled_at = $1 \
             WHERE id = $2 AND disabled_at IS NULL AND role IN ('agent', 'supervisor', 'admin')",
        )
        .bind(at)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        super::staff::withdraw_grants(&mut tx, account, at).await?;
        let held: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM appeals WHERE assigned_to = $1 \
             AND status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval')",
        )
        .bind(account)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend_error)?;
        for appeal in &held {
            // A new version, so that a form still open on the old one is stale.
            sqlx::query(
                "UPDATE appeals SET assigned_to = NULL, version = version + 1, updated_at = $1 WHERE id = $2",
            )
            .bind(at)
            .bind(appeal)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
            audit::write(
                &mut tx,
                at,
                actor,
                "appeal.unassigned",
                ("appeal", appeal.to_string()),
                Some(serde_json::json!({ "assigned_to": account })),
                Some(serde_json::json!({ "assigned_to": null, "why": "staff deactivated" })),
            )
            .await?;
        }
        audit::write(
            &mut tx,
            at,
            actor,
            "account.deactivated",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({
                "sessions_ended": ended.rows_affected(),
                "appeals_returned": held.len(),
            })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(held)
    }
}
