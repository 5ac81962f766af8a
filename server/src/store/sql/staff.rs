//! The staff lifecycle: enrolment links and role grants.

use app::model::Role;
use app::ssr::store::{
    Account, Actor, EnrolmentDone, EnrolmentOffer, LinkState, NewAccount, NewEnrolment, RoleGrant,
    StaffStore, StoreError, StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::insert_account;
use super::rows::AccountRow;
use super::{audit, Backend, Tx};
use crate::secrets::SecretKey;
use crate::store::{backend_error, corrupt};

/// Stores a link with what its page offers sealed for its account, after
/// retiring every unused older link of that account.
async fn insert_enrolment(tx: &mut Tx, key: &SecretKey, e: &NewEnrolment) -> StoreResult<()> {
    let owner = e.account.as_bytes();
    let codes = serde_json::to_string(&e.recovery_codes).map_err(corrupt)?;
    sqlx::query("DELETE FROM enrolments WHERE account_id = $1 AND used_at IS NULL")
        .bind(e.account)
        .execute(&mut **tx)
        .await
        .map_err(backend_error)?;
    sqlx::query(
        "INSERT INTO enrolments (token_hash, account_id, created_at, expires_at, totp_secret, recovery_codes) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&e.token_hash)
    .bind(e.account)
    .bind(e.created_at)
    .bind(e.expires_at)
    .bind(key.seal(&e.totp_secret, owner))
    .bind(key.seal(&codes, owner))
    .execute(&mut **tx)
    .await
    .map_err(backend_error)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EnrolmentRow {
    #[sqlx(flatten)]
    account: AccountRow,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    totp_secret: Option<String>,
    recovery_codes: Option<String>,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: Uuid,
    account_id: Uuid,
    username: String,
    display_name: String,
    current_role: String,
    role: String,
    requested_by: Uuid,
    requested_by_name: String,
    requested_at: DateTime<Utc>,
}

impl TryFrom<GrantRow> for RoleGrant {
    type Error = StoreError;

    fn try_from(r: GrantRow) -> StoreResult<RoleGrant> {
        let role = |s: &str| Role::parse(s).ok_or_else(|| corrupt(format!("role {s}")));
        Ok(RoleGrant {
            id: r.id,
            account: r.account_id,
            username: r.username,
            display_name: r.display_name,
            current_role: role(&r.current_role)?,
            role: role(&r.role)?,
            requested_by: r.requested_by,
            requested_by_name: r.requested_by_name,
            requested_at: r.requested_at,
        })
    }
}

const GRANTS: &str = "SELECT g.id, g.account_id, a.username, a.display_name, a.role AS current_role, g.role, \
     g.requested_by, r.display_name AS requested_by_name, g.requested_at \
     FROM role_grants g JOIN accounts a ON a.id = g.account_id JOIN accounts r ON r.id = g.requested_by \
     WHERE g.decided_at IS NULL";

#[async_trait]
impl StaffStore for Backend {
    #[tracing::instrument(skip_all, fields(username = %account.username), err)]
    async fn create_staff(
        &self,
        account: NewAccount,
        enrolment: NewEnrolment,
        actor: &Actor,
    ) -> StoreResult<Account> {
        let mut tx = self.begin_write().await?;
        insert_account(&mut tx, &self.key, &account, actor).await?;
        insert_enrolment(&mut tx, &self.key, &enrolment).await?;
        audit::write(
            &mut tx,
            enrolment.created_at,
            actor,
            "account.enrolment_issued",
            ("account", account.id.to_string()),
            None,
            Some(serde_json::json!({ "expires_at": enrolment.expires_at, "reset": false })),
        )
        .await?;
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

    #[tracing::instrument(skip_all, fields(account = %enrolment.account), err)]
    async fn reissue_enrolment(&self, enrolment: NewEnrolment, actor: &Actor) -> StoreResult<()> {
        let map = backend_error;
        let account = enrolment.account;
        let mut tx = self.begin_write().await?;
        // The old authenticator may be in a thief's pocket: it stops now, not
        // when the new link is used.
        let done = sqlx::query(
            "UPDATE accounts SET totp_secret = NULL, totp_last_step = NULL \
             WHERE id = $1 AND disabled_at IS NULL AND role IN ('agent', 'supervisor', 'admin')",
        )
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        for table in ["recovery_codes", "sessions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
                .bind(account)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        insert_enrolment(&mut tx, &self.key, &enrolment).await?;
        audit::write(
            &mut tx,
            enrolment.created_at,
            actor,
            "account.enrolment_issued",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "expires_at": enrolment.expires_at, "reset": true })),
        )
        .await?;
        tx.commit().await.map_err(map)
    }

    async fn enrolment(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<EnrolmentOffer, LinkState>> {
        let row = sqlx::query_as::<_, EnrolmentRow>(
            "SELECT a.id, a.username, a.display_name, a.role, a.password_changed_at, a.disabled_at, \
             e.expires_at, e.used_at, e.totp_secret, e.recovery_codes \
             FROM enrolments e JOIN accounts a ON a.id = e.account_id WHERE e.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        let Some(row) = row else {
            return Ok(Err(LinkState::Unknown));
        };
        if row.used_at.is_some() {
            return Ok(Err(LinkState::Used));
        }
        if row.expires_at <= now || row.account.disabled_at.is_some() {
            return Ok(Err(LinkState::Expired));
        }
        let account: Account = row.account.try_into()?;
        let owner = account.id.as_bytes();
        let open = |sealed: Option<String>| -> StoreResult<String> {
            let sealed = sealed.ok_or_else(|| corrupt("an unused enrolment without its offer"))?;
            self.key
                .open(&sealed, owner)
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        let totp_secret = open(row.totp_secret)?;
        let recovery_codes = serde_json::from_str(&open(row.recovery_codes)?).map_err(corrupt)?;
        Ok(Ok(EnrolmentOffer {
            account,
            totp_secret,
            recovery_codes,
            expires_at: row.expires_at,
        }))
    }

    #[tracing::instrument(skip_all, err)]
    async fn complete_enrolment(
        &self,
        done: EnrolmentDone,
    ) -> StoreResult<Result<Account, LinkState>> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let offer = sqlx::query_as::<_, (Uuid, Option<String>)>(concat!(
            "SELECT account_id, totp_secret FROM enrolments \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 ",
            row_lock!()
        ))
        .bind(&done.token_hash)
        .bind(done.at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?;
        let Some((account, Some(sealed_secret))) = offer else {
            drop(tx);
            return Ok(Err(self
                .enrolment(&done.token_hash, done.at)
                .await?
                .err()
                .unwrap_or(LinkState::Used)));
        };
        sqlx::query(
            "UPDATE enrolments SET used_at = $1, totp_secret = NULL, recovery_codes = NULL WHERE token_hash = $2",
        )
        .bind(done.at)
        .bind(&done.token_hash)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        // Sealed for this account already: it moves across as it is.
        let updated = sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_changed_at = $2, totp_secret = $3, totp_last_step = $4 \
             WHERE id = $5 AND disabled_at IS NULL",
        )
        .bind(&done.password_hash)
        .bind(done.at)
        .bind(&sealed_secret)
        .bind(done.totp_step)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if updated.rows_affected() != 1 {
            return Ok(Err(LinkState::Expired));
        }
        for table in ["recovery_codes", "sessions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE account_id = $1"))
                .bind(account)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        for hash in &done.recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
                .bind(account)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        let row = sqlx::query_as::<_, AccountRow>(
            "SELECT id, username, display_name, role, password_changed_at, disabled_at FROM accounts WHERE id = $1",
        )
        .bind(account)
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        let account: Account = row.try_into()?;
        audit::write(
            &mut tx,
            done.at,
            &account.actor(),
            "account.enrolled",
            ("account", account.id.to_string()),
            None,
            Some(serde_json::json!({ "recovery_codes": done.recovery_hashes.len() })),
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(Ok(account))
    }

    #[tracing::instrument(skip(self, actor), err)]
    async fn lower_role(&self, account: Uuid, actor: &Actor, at: DateTime<Utc>) -> StoreResult<()> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar(concat!(
            "SELECT role FROM accounts WHERE id = $1 AND disabled_at IS NULL \
             AND role IN ('agent', 'supervisor', 'admin') ",
            row_lock!()
        ))
        .bind(account)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?;
        let Some(before) = before else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("UPDATE accounts SET role = 'agent' WHERE id = $1")
            .bind(account)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        withdraw_grants(&mut tx, account, at).await?;
        audit::write(
            &mut tx,
            at,
            actor,
            "account.role_changed",
            ("account", account.to_string()),
            Some(serde_json::json!({ "role": before })),
            Some(serde_json::json!({ "role": "agent" })),
        )
        .await?;
        tx.commit().await.map_err(map)
    }

    #[tracing::instrument(skip(self, requester), err)]
    async fn request_role(
        &self,
        account: Uuid,
        role: Role,
        requester: &Account,
        at: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let map = backend_error;
        let id = Uuid::now_v7();
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO role_grants (id, account_id, role, requested_by, requested_at) \
             SELECT $1, id, $2, $3, $4 FROM accounts \
             WHERE id = $5 AND disabled_at IS NULL AND role IN ('agent', 'supervisor', 'admin')",
        )
        .bind(id)
        .bind(role.as_str())
        .bind(requester.id)
        .bind(at)
        .bind(account)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if inserted.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        audit::write(
            &mut tx,
            at,
            &requester.actor(),
            "account.role_requested",
            ("account", account.to_string()),
            None,
            Some(serde_json::json!({ "role": role.as_str(), "grant": id })),
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(id)
    }

    async fn open_role_grants(&self) -> StoreResult<Vec<RoleGrant>> {
        sqlx::query_as::<_, GrantRow>(&format!("{GRANTS} ORDER BY g.requested_at, g.id"))
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(RoleGrant::try_from)
            .collect()
    }

    async fn role_grant(&self, grant: Uuid) -> StoreResult<Option<RoleGrant>> {
        sqlx::query_as::<_, GrantRow>(&format!("{GRANTS} AND g.id = $1"))
            .bind(grant)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?
            .map(RoleGrant::try_from)
            .transpose()
    }

    #[tracing::instrument(skip(self, decider), err)]
    async fn decide_role_grant(
        &self,
        grant: Uuid,
        approve: bool,
        decider: &Account,
        at: DateTime<Utc>,
    ) -> StoreResult<RoleGrant> {
        let map = backend_error;
        let mut tx = self.begin_write().await?;
        // The second-admin rule once more on the locked row, as the SQL's own
        // condition: neither the asker nor the account decides.
        let row = sqlx::query_as::<_, GrantRow>(&format!(
            "{GRANTS} AND g.id = $1 AND g.requested_by <> $2 AND g.account_id <> $2 \
             AND a.disabled_at IS NULL {}",
            row_lock!()
        ))
        .bind(grant)
        .bind(decider.id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?;
        let Some(row) = row else {
            return Err(StoreError::NotFound);
        };
        let open = RoleGrant::try_from(row)?;
        sqlx::query(
            "UPDATE role_grants SET decided_by = $1, decided_at = $2, outcome = $3 WHERE id = $4",
        )
        .bind(decider.id)
        .bind(at)
        .bind(if approve { "approved" } else { "declined" })
        .bind(grant)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if approve {
            sqlx::query("UPDATE accounts SET role = $1 WHERE id = $2")
                .bind(open.role.as_str())
                .bind(open.account)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        audit::write(
            &mut tx,
            at,
            &decider.actor(),
            if approve {
                "account.role_granted"
            } else {
                "account.role_declined"
            },
            ("account", open.account.to_string()),
            Some(serde_json::json!({ "role": open.current_role.as_str() })),
            Some(serde_json::json!({
                "role": if approve { open.role } else { open.current_role }.as_str(),
                "grant": grant,
                "requested_by": open.requested_by,
            })),
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(open)
    }
}

/// Ends the open grant of `account`, if any: it was lowered or deactivated.
pub(super) async fn withdraw_grants(
    tx: &mut Tx,
    account: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE role_grants SET decided_at = $1, outcome = 'withdrawn' WHERE account_id = $2 AND decided_at IS NULL",
    )
    .bind(at)
    .bind(account)
    .execute(&mut **tx)
    .await
    .map_err(backend_error)?;
    Ok(())
}
