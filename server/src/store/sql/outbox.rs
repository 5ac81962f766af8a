//! The feed of support's outcomes and the API tokens that read it.

use app::ssr::store::{
    Actor, ApiToken, ApiTokenStore, FeedKind, NewApiToken, OutboxStore, OutcomeEvent, StoreError,
    StoreResult,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::resolution::Outcome;
use domain::scope::Scope;
use domain::Lang;
use sqlx::types::Json;
use uuid::Uuid;

use super::{audit, Backend, Tx};
use crate::store::{backend_error, corrupt};

/// What a writing transaction appends to the feed.
pub(super) struct NewOutcomeEvent {
    pub kind: FeedKind,
    pub account: Uuid,
    pub appeal: Option<Uuid>,
    pub decision: Option<Uuid>,
    pub staff: Option<Uuid>,
    pub outcome: Option<Outcome>,
    pub at: DateTime<Utc>,
}

/// Appends to the feed. Call it as the transaction's last write: the counter
/// row it takes stays locked until commit, which is what keeps positions
/// gap-free for readers (see migration 0010).
pub(super) async fn append_event(tx: &mut Tx, e: NewOutcomeEvent) -> StoreResult<i64> {
    let map = backend_error;
    let seq: i64 = sqlx::query_scalar(
        "UPDATE feed_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(map)?;
    sqlx::query(
        "INSERT INTO outcome_events (seq, id, kind, account_id, appeal_id, decision_id, staff_id, outcome, occurred_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq)
    .bind(Uuid::now_v7())
    .bind(e.kind.as_str())
    .bind(e.account)
    .bind(e.appeal)
    .bind(e.decision)
    .bind(e.staff)
    .bind(e.outcome.map(Json))
    .bind(e.at)
    .execute(&mut **tx)
    .await
    .map_err(map)?;
    Ok(seq)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    id: Uuid,
    kind: String,
    account_id: Uuid,
    external_id: Option<String>,
    preferred_lang: String,
    appeal_id: Option<Uuid>,
    decision_external_id: Option<String>,
    staff_id: Option<Uuid>,
    outcome: Option<Json<Outcome>>,
    occurred_at: DateTime<Utc>,
}

impl TryFrom<EventRow> for OutcomeEvent {
    type Error = StoreError;

    fn try_from(r: EventRow) -> StoreResult<OutcomeEvent> {
        Ok(OutcomeEvent {
            seq: r.seq,
            id: r.id,
            kind: FeedKind::parse(&r.kind)
                .ok_or_else(|| corrupt(format!("feed event kind {}", r.kind)))?,
            account: r.account_id,
            customer_external_id: r.external_id,
            customer_lang: Lang::from_tag(&r.preferred_lang)
                .ok_or_else(|| corrupt(format!("language {}", r.preferred_lang)))?,
            appeal: r.appeal_id,
            decision_external_id: r.decision_external_id,
            staff: r.staff_id,
            outcome: r.outcome.map(|Json(o)| o),
            occurred_at: r.occurred_at,
        })
    }
}

#[async_trait]
impl OutboxStore for Backend {
    async fn outcome_events(&self, after: i64, limit: u32) -> StoreResult<Vec<OutcomeEvent>> {
        sqlx::query_as::<_, EventRow>(
            // The page is chosen first, in a subquery: joined directly,
            // SQLite's planner scans every account and probes each one's
            // events (`outcome_events_by_account`), then sorts: a page cost
            // as much as the customers (scripts/bench ingest, README).
            "SELECT e.seq, e.id, e.kind, e.account_id, a.external_id, a.preferred_lang, e.appeal_id, \
             d.external_id AS decision_external_id, e.staff_id, e.outcome, e.occurred_at \
             FROM (SELECT * FROM outcome_events WHERE seq > $1 ORDER BY seq LIMIT $2) e \
             JOIN accounts a ON a.id = e.account_id \
             LEFT JOIN limit_decisions d ON d.id = e.decision_id \
             ORDER BY e.seq",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend_error)?
        .into_iter()
        .map(OutcomeEvent::try_from)
        .collect()
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: Uuid,
    name: String,
    prefix: String,
    scopes: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = StoreError;

    fn try_from(r: TokenRow) -> StoreResult<ApiToken> {
        Ok(ApiToken {
            scopes: Scope::split(&r.scopes)
                .ok_or_else(|| corrupt(format!("token scopes {}", r.scopes)))?,
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        })
    }
}

const TOKENS: &str =
    "SELECT id, name, prefix, scopes, created_at, last_used_at, revoked_at FROM api_tokens";

#[async_trait]
impl ApiTokenStore for Backend {
    #[tracing::instrument(skip(self, actor), err)]
    async fn create_api_token(&self, t: NewApiToken, actor: &Actor) -> StoreResult<ApiToken> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, name, prefix, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id)
        .bind(&t.name)
        .bind(&t.prefix)
        .bind(&t.token_hash)
        .bind(Scope::join(&t.scopes))
        .bind(t.created_at)
        .execute(&mut *tx)
        .await
        .map_err(backend_error)?;
        audit::write(
            &mut tx,
            t.created_at,
            actor,
            "api_token.created",
            ("api_token", t.id.to_string()),
            None,
            Some(serde_json::json!({ "name": t.name, "scopes": Scope::join(&t.scopes) })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(ApiToken {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scopes: t.scopes,
            created_at: t.created_at,
            last_used_at: None,
            revoked_at: None,
        })
    }

    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        sqlx::query_as::<_, TokenRow>(&format!("{TOKENS} ORDER BY name"))
            .fetch_all(&self.pool)
            .await
            .map_err(backend_error)?
            .into_iter()
            .map(ApiToken::try_from)
            .collect()
    }

    async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiToken>> {
        sqlx::query_as::<_, TokenRow>(&format!("{TOKENS} WHERE token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend_error)?
            .map(ApiToken::try_from)
            .transpose()
    }

    async fn touch_api_token(&self, token: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token)
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    #[tracing::instrument(skip(self, actor), err)]
    async fn revoke_api_token(
        &self,
        name: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<ApiToken> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query_as::<_, TokenRow>(
            "UPDATE api_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL \
             RETURNING id, name, prefix, scopes, created_at, last_used_at, revoked_at",
        )
        .bind(at)
        .bind(name)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?
        .ok_or(StoreError::NotFound)?;
        let token = ApiToken::try_from(row)?;
        audit::write(
            &mut tx,
            at,
            actor,
            "api_token.revoked",
            ("api_token", token.id.to_string()),
            None,
            Some(serde_json::json!({ "name": token.name })),
        )
        .await?;
        tx.commit().await.map_err(backend_error)?;
        Ok(token)
    }
}
