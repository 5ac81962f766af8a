//! Sessions: only the SHA-256 of a token is ever stored.

use app::ssr::store::{Account, AppealSummary, SessionRead, SessionStore, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::rows::{AccountRow, SummaryRow};
use super::Backend;
use crate::store::backend_error;

#[async_trait]
impl SessionStore for Backend {
    async fn create_session(
        &self,
        token_hash: &str,
        account: Uuid,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(account)
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Account>> {
        let row = sqlx::query_as::<_, AccountRow>(
            "SELECT a.id, a.username, a.display_name, a.role, a.password_changed_at, a.disabled_at \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend_error)?;
        row.map(Account::try_from).transpose()
    }

    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SessionRead>> {
        // The account once per appeal, newest first (once with none).
        let found = sqlx::query_as::<_, SessionAppealRow>(
            "SELECT s.factor_at, a.id, a.username, a.display_name, a.role, a.password_changed_at, a.disabled_at, \
               p.id AS appeal_id, p.decision_id, p.status, p.ground, p.is_reappeal, p.submitted_at, \
               p.version, p.decided_by \
             FROM sessions s JOIN accounts a ON a.id = s.account_id \
             LEFT JOIN appeals p ON p.account_id = a.id AND a.role = $3 \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL \
             ORDER BY p.submitted_at DESC, p.id DESC",
        )
        .bind(token_hash)
        .bind(now)
        .bind(app::model::Role::Customer.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?;
        let mut found = found.into_iter();
        let Some(first) = found.next() else {
            return Ok(None);
        };
        let mut appeals = Vec::new();
        let factor_at = first.factor_at;
        let account = Account::try_from(first.account)?;
        for appeal in std::iter::once(first.appeal).chain(found.map(|r| r.appeal)) {
            if let Some(summary) = appeal.into_summary()? {
                appeals.push(summary);
            }
        }
        Ok(Some(SessionRead {
            account,
            appeals,
            factor_at,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(done.rows_affected())
    }

    async fn set_session_factor(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET factor_at = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn session_factor_at(&self, token_hash: &str) -> StoreResult<Option<DateTime<Utc>>> {
        let at: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT factor_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend_error)?;
        Ok(at.flatten())
    }
}

/// A session's account beside one of its appeals, if it has any.
#[derive(sqlx::FromRow)]
struct SessionAppealRow {
    factor_at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    account: AccountRow,
    #[sqlx(flatten)]
    appeal: MaybeAppealRow,
}

/// `SummaryRow`'s columns from the outer side of a LEFT JOIN.
#[derive(sqlx::FromRow)]
struct MaybeAppealRow {
    appeal_id: Option<Uuid>,
    decision_id: Option<Uuid>,
    status: Option<String>,
    ground: Option<String>,
    is_reappeal: Option<bool>,
    submitted_at: Option<DateTime<Utc>>,
    version: Option<i64>,
    decided_by: Option<Uuid>,
}

impl MaybeAppealRow {
    fn into_summary(self) -> StoreResult<Option<AppealSummary>> {
        let Some(id) = self.appeal_id else {
            return Ok(None);
        };
        let (
            Some(decision_id),
            Some(status),
            Some(ground),
            Some(is_reappeal),
            Some(submitted_at),
            Some(version),
        ) = (
            self.decision_id,
            self.status,
            self.ground,
            self.is_reappeal,
            self.submitted_at,
            self.version,
        )
        else {
            return Err(crate::store::corrupt(format!("appeal {id}")));
        };
        AppealSummary::try_from(SummaryRow {
            id,
            decision_id,
            status,
            ground,
            is_reappeal,
            submitted_at,
            version,
            decided_by: self.decided_by,
        })
        .map(Some)
    }
}
