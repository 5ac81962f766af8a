//! The store, written once for both databases.
//!
//! Everything here is SQL both SQLite and PostgreSQL accept (`$n` parameters,
//! `ON CONFLICT`, `CAST(… AS BIGINT)`); the macro instantiates it for one driver
//! so each backend is type-checked on its own. Multi-row changes run in one
//! transaction that also writes the audit log.

macro_rules! impl_store {
    ($store:ty, $db:ty, $backend:tt) => {
        mod rows {
            use app::model::Role;
            use app::ssr::store::{Account, StoreResult};
            use chrono::{DateTime, NaiveDate, Utc};
            use domain::decision::NewDecision;
            use domain::{DecisionKind, Installment, LimitDecision, Money, Order, Reason};
            use sqlx::types::Json;
            use sqlx::Row;
            use uuid::Uuid;

            use crate::store::{backend_error, corrupt};

            pub type DbRow = <$db as sqlx::Database>::Row;

            pub fn money(fen: i64) -> StoreResult<Money> {
                Money::from_fen(fen).map_err(corrupt)
            }

            pub fn account(r: &DbRow) -> StoreResult<Account> {
                let role: String = r.try_get("role").map_err(backend_error)?;
                Ok(Account {
                    id: r.try_get("id").map_err(backend_error)?,
                    username: r.try_get("username").map_err(backend_error)?,
                    display_name: r.try_get("display_name").map_err(backend_error)?,
                    role: Role::parse(&role).ok_or_else(|| corrupt(format!("role {role}")))?,
                    password_changed_at: r.try_get("password_changed_at").map_err(backend_error)?,
                })
            }

            /// A decision row plus its reasons (in position order) as a validated domain value.
            pub fn decision(r: &DbRow, reasons: Vec<Reason>) -> StoreResult<LimitDecision> {
                let kind: String = r.try_get("kind").map_err(backend_error)?;
                NewDecision {
                    id: r.try_get("id").map_err(backend_error)?,
                    external_id: r.try_get("external_id").map_err(backend_error)?,
                    model_version: r.try_get("model_version").map_err(backend_error)?,
                    kind: DecisionKind::parse(&kind).ok_or_else(|| corrupt(format!("decision kind {kind}")))?,
                    limit_before: money(r.try_get("limit_before_fen").map_err(backend_error)?)?,
                    limit_after: money(r.try_get("limit_after_fen").map_err(backend_error)?)?,
                    reasons,
                    notice: r.try_get("notice").map_err(backend_error)?,
                    decided_at: r.try_get::<DateTime<Utc>, _>("decided_at").map_err(backend_error)?,
                    decided_on: r.try_get::<NaiveDate, _>("decided_on").map_err(backend_error)?,
                }
                .validate()
                .map_err(corrupt)
            }

            pub fn reason(r: &DbRow) -> StoreResult<(Uuid, Reason)> {
                let Json(reason): Json<Reason> = r.try_get("facts").map_err(backend_error)?;
                Ok((r.try_get("decision_id").map_err(backend_error)?, reason))
            }

            pub fn order(r: &DbRow) -> StoreResult<Order> {
                Ok(Order {
                    id: r.try_get("id").map_err(backend_error)?,
                    description: r.try_get("description").map_err(backend_error)?,
                    placed_on: r.try_get("placed_on").map_err(backend_error)?,
                    total: money(r.try_get("total_fen").map_err(backend_error)?)?,
                    installments: Vec::new(),
                })
            }

            pub fn audit(r: &DbRow) -> StoreResult<app::ssr::store::AuditRecord> {
                let before: Option<Json<serde_json::Value>> = r.try_get("before").map_err(backend_error)?;
                let after: Option<Json<serde_json::Value>> = r.try_get("after").map_err(backend_error)?;
                Ok(app::ssr::store::AuditRecord {
                    id: r.try_get("id").map_err(backend_error)?,
                    at: r.try_get("at").map_err(backend_error)?,
                    actor: r.try_get("actor").map_err(backend_error)?,
                    action: r.try_get("action").map_err(backend_error)?,
                    entity_type: r.try_get("entity_type").map_err(backend_error)?,
                    entity_id: r.try_get("entity_id").map_err(backend_error)?,
                    before: before.map(|j| j.0),
                    after: after.map(|j| j.0),
                })
            }

            pub fn installment(r: &DbRow) -> StoreResult<Installment> {
                let seq: i32 = r.try_get("seq").map_err(backend_error)?;
                Ok(Installment {
                    id: r.try_get("id").map_err(backend_error)?,
                    order_id: r.try_get("order_id").map_err(backend_error)?,
                    seq: u32::try_from(seq).map_err(corrupt)?,
                    due_on: r.try_get("due_on").map_err(backend_error)?,
                    amount: money(r.try_get("amount_fen").map_err(backend_error)?)?,
                    paid_on: r.try_get("paid_on").map_err(backend_error)?,
                })
            }
        }

        mod audit {
            use app::ssr::store::{Actor, StoreResult};
            use chrono::{DateTime, Utc};
            use sqlx::types::Json;

            use crate::store::backend_error;

            /// One audit entry, written inside the caller's transaction.
            pub async fn write(
                tx: &mut sqlx::Transaction<'static, $db>,
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
                .execute(&mut **tx)
                .await
                .map_err(backend_error)?;
                Ok(())
            }
        }

        const AUDIT_COLUMNS: &str = "id, at, actor, action, entity_type, entity_id, before, after";

        impl_appeals!($store, $db);
        impl_review!($store, $db, $backend);

        #[async_trait::async_trait]
        impl app::ssr::Store for $store {
            async fn prior_appeals(&self, decision: uuid::Uuid) -> app::ssr::store::StoreResult<Vec<domain::appeal::PriorAppeal>> {
                self.appeals_prior(decision).await
            }

            async fn appeals_of(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Vec<app::ssr::store::AppealSummary>> {
                self.appeals_of_account(account).await
            }

            #[tracing::instrument(skip(self, appeal), fields(appeal = %appeal.id), err)]
            async fn create_appeal(&self, appeal: app::ssr::store::NewAppeal, actor: &app::ssr::store::Actor) -> app::ssr::store::StoreResult<()> {
                self.appeals_create(appeal, actor).await
            }

            async fn appeal(&self, account: uuid::Uuid, appeal: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::AppealRecord>> {
                self.appeals_one(account, appeal).await
            }

            #[tracing::instrument(skip(self, message, actor), err)]
            async fn advance_appeal(
                &self,
                appeal: uuid::Uuid,
                expected_version: i64,
                action: domain::appeal::AppealAction,
                message: Option<app::ssr::store::NewMessage>,
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<domain::appeal::AppealStatus> {
                self.appeals_advance(appeal, expected_version, action, message, actor, at).await
            }

            async fn evidence(&self, account: Option<uuid::Uuid>, file: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::Evidence>> {
                self.appeals_evidence(account, file).await
            }

            async fn known_storage_keys(&self, keys: &[String]) -> app::ssr::store::StoreResult<Vec<String>> {
                self.appeals_known_keys(keys).await
            }

            async fn save_draft(
                &self,
                account: uuid::Uuid,
                decision: uuid::Uuid,
                draft: &app::ssr::store::Draft,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                self.appeals_save_draft(account, decision, draft, at).await
            }

            async fn draft(&self, account: uuid::Uuid, decision: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::Draft>> {
                self.appeals_draft(account, decision).await
            }

            fn backend(&self) -> &'static str {
                $backend
            }

            #[tracing::instrument(skip(self), err)]
            async fn credentials(&self, username: &str) -> app::ssr::store::StoreResult<Option<app::ssr::store::Credentials>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT id, username, display_name, role, password_changed_at, password_hash \
                     FROM accounts WHERE username = $1",
                )
                .bind(username)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                row.map(|r| {
                    Ok(app::ssr::store::Credentials {
                        account: rows::account(&r)?,
                        password_hash: r.try_get("password_hash").map_err(crate::store::backend_error)?,
                    })
                })
                .transpose()
            }

            #[tracing::instrument(skip(self, account), fields(username = %account.username), err)]
            async fn create_account(
                &self,
                account: app::ssr::store::NewAccount,
                actor: &app::ssr::store::Actor,
            ) -> app::ssr::store::StoreResult<app::ssr::store::Account> {
                let mut tx = self.begin_write().await?;
                insert_account(&mut tx, &account, actor).await?;
                tx.commit().await.map_err(crate::store::backend_error)?;
                Ok(app::ssr::store::Account {
                    id: account.id,
                    username: account.username,
                    display_name: account.display_name,
                    role: account.role,
                    password_changed_at: account.created_at,
                })
            }

            #[tracing::instrument(skip(self, password_hash), err)]
            async fn set_password(
                &self,
                account: uuid::Uuid,
                password_hash: &str,
                at: chrono::DateTime<chrono::Utc>,
                actor: &app::ssr::store::Actor,
            ) -> app::ssr::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let updated = sqlx::query("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
                    .bind(password_hash)
                    .bind(at)
                    .bind(account)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::store::backend_error)?;
                if updated.rows_affected() == 0 {
                    return Err(app::ssr::StoreError::NotFound);
                }
                let ended = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                    .bind(account)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::store::backend_error)?;
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
                tx.commit().await.map_err(crate::store::backend_error)
            }

            async fn create_session(
                &self,
                token_hash: &str,
                account: uuid::Uuid,
                now: chrono::DateTime<chrono::Utc>,
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                    .bind(token_hash)
                    .bind(account)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(())
            }

            async fn session_account(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<Option<app::ssr::store::Account>> {
                let row = sqlx::query(
                    "SELECT a.id, a.username, a.display_name, a.role, a.password_changed_at \
                     FROM sessions s JOIN accounts a ON a.id = s.account_id \
                     WHERE s.token_hash = $1 AND s.expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                row.as_ref().map(rows::account).transpose()
            }

            async fn delete_session(&self, token_hash: &str) -> app::ssr::store::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(())
            }

            async fn delete_expired_sessions(&self, now: chrono::DateTime<chrono::Utc>) -> app::ssr::store::StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(done.rows_affected())
            }

            async fn record_login_failure(
                &self,
                scope: app::ssr::store::FailureScope,
                key: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                sqlx::query("INSERT INTO login_failures (scope, key, at) VALUES ($1, $2, $3)")
                    .bind(scope.as_str())
                    .bind(key)
                    .bind(at)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(())
            }

            async fn login_failures_since(
                &self,
                scope: app::ssr::store::FailureScope,
                key: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<u32> {
                let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE scope = $1 AND key = $2 AND at > $3")
                    .bind(scope.as_str())
                    .bind(key)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(u32::try_from(count).unwrap_or(u32::MAX))
            }

            async fn clear_login_failures(&self, scope: app::ssr::store::FailureScope, key: &str) -> app::ssr::store::StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE scope = $1 AND key = $2")
                    .bind(scope.as_str())
                    .bind(key)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(())
            }

            async fn prune_login_failures(&self, before: chrono::DateTime<chrono::Utc>) -> app::ssr::store::StoreResult<u64> {
                let done = sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(before)
                    .execute(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?;
                Ok(done.rows_affected())
            }

            #[tracing::instrument(skip(self), err)]
            async fn credit_line(
                &self,
                account: uuid::Uuid,
                today: chrono::NaiveDate,
            ) -> app::ssr::store::StoreResult<Option<domain::CreditLine>> {
                use sqlx::Row;
                let row = sqlx::query(
                    "SELECT c.limit_fen, c.status, \
                       (SELECT CAST(COALESCE(SUM(i.amount_fen), 0) AS BIGINT) \
                          FROM installments i JOIN orders o ON o.id = i.order_id \
                         WHERE o.account_id = c.account_id AND (i.paid_on IS NULL OR i.paid_on > $2)) AS used_fen \
                     FROM credit_lines c WHERE c.account_id = $1",
                )
                .bind(account)
                .bind(today)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let Some(r) = row else { return Ok(None) };
                let status: String = r.try_get("status").map_err(crate::store::backend_error)?;
                Ok(Some(domain::CreditLine {
                    limit: rows::money(r.try_get("limit_fen").map_err(crate::store::backend_error)?)?,
                    used: rows::money(r.try_get("used_fen").map_err(crate::store::backend_error)?)?,
                    status: domain::LineStatus::parse(&status).ok_or_else(|| crate::store::corrupt(format!("line status {status}")))?,
                }))
            }

            #[tracing::instrument(skip(self), err)]
            async fn decisions(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Vec<domain::LimitDecision>> {
                let decisions = sqlx::query(
                    "SELECT id, external_id, model_version, kind, limit_before_fen, limit_after_fen, notice, decided_at, decided_on \
                     FROM limit_decisions WHERE account_id = $1 ORDER BY decided_at DESC, id DESC",
                )
                .bind(account)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let reasons = sqlx::query(
                    "SELECT r.decision_id, r.facts FROM decision_reasons r \
                     JOIN limit_decisions d ON d.id = r.decision_id \
                     WHERE d.account_id = $1 ORDER BY r.decision_id, r.position",
                )
                .bind(account)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let mut by_decision: std::collections::HashMap<uuid::Uuid, Vec<domain::Reason>> = std::collections::HashMap::new();
                for r in &reasons {
                    let (id, reason) = rows::reason(r)?;
                    by_decision.entry(id).or_default().push(reason);
                }
                decisions
                    .iter()
                    .map(|r| {
                        use sqlx::Row;
                        let id: uuid::Uuid = r.try_get("id").map_err(crate::store::backend_error)?;
                        rows::decision(r, by_decision.remove(&id).unwrap_or_default())
                    })
                    .collect()
            }

            #[tracing::instrument(skip(self), err)]
            async fn decision(
                &self,
                account: uuid::Uuid,
                decision: uuid::Uuid,
            ) -> app::ssr::store::StoreResult<Option<domain::LimitDecision>> {
                // Scoped by owner: another customer's decision id finds nothing.
                let row = sqlx::query(
                    "SELECT id, external_id, model_version, kind, limit_before_fen, limit_after_fen, notice, decided_at, decided_on \
                     FROM limit_decisions WHERE id = $1 AND account_id = $2",
                )
                .bind(decision)
                .bind(account)
                .fetch_optional(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let Some(row) = row else { return Ok(None) };
                let reasons = sqlx::query("SELECT decision_id, facts FROM decision_reasons WHERE decision_id = $1 ORDER BY position")
                    .bind(decision)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?
                    .iter()
                    .map(|r| rows::reason(r).map(|(_, reason)| reason))
                    .collect::<Result<Vec<_>, _>>()?;
                rows::decision(&row, reasons).map(Some)
            }

            #[tracing::instrument(skip(self), err)]
            async fn orders(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Vec<domain::Order>> {
                let orders = sqlx::query(
                    "SELECT id, description, placed_on, total_fen FROM orders WHERE account_id = $1 ORDER BY placed_on DESC, id DESC",
                )
                .bind(account)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let installments = sqlx::query(
                    "SELECT i.id, i.order_id, i.seq, i.due_on, i.amount_fen, i.paid_on \
                     FROM installments i JOIN orders o ON o.id = i.order_id \
                     WHERE o.account_id = $1 ORDER BY i.order_id, i.seq",
                )
                .bind(account)
                .fetch_all(&self.pool)
                .await
                .map_err(crate::store::backend_error)?;
                let mut orders = orders.iter().map(rows::order).collect::<Result<Vec<_>, _>>()?;
                for r in &installments {
                    let inst = rows::installment(r)?;
                    if let Some(order) = orders.iter_mut().find(|o| o.id == inst.order_id) {
                        order.installments.push(inst);
                    }
                }
                Ok(orders)
            }

            #[tracing::instrument(skip(self), err)]
            async fn account_facts(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<app::ssr::store::AccountFacts> {
                use sqlx::Row;
                let row = sqlx::query("SELECT identity_verified_until, password_changed_at, created_at FROM accounts WHERE id = $1")
                    .bind(account)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?
                    .ok_or(app::ssr::StoreError::NotFound)?;
                let last_event = |kind: app::ssr::store::EventKind| {
                    sqlx::query_scalar::<_, chrono::DateTime<chrono::Utc>>(
                        "SELECT occurred_at FROM account_events WHERE account_id = $1 AND kind = $2 ORDER BY occurred_at DESC LIMIT 1",
                    )
                    .bind(account)
                    .bind(kind.as_str())
                    .fetch_optional(&self.pool)
                };
                let password_changed_at: chrono::DateTime<chrono::Utc> =
                    row.try_get("password_changed_at").map_err(crate::store::backend_error)?;
                let created_at: chrono::DateTime<chrono::Utc> = row.try_get("created_at").map_err(crate::store::backend_error)?;
                Ok(app::ssr::store::AccountFacts {
                    identity_verified_until: row.try_get("identity_verified_until").map_err(crate::store::backend_error)?,
                    identity_confirmed_at: last_event(app::ssr::store::EventKind::IdentityConfirmed)
                        .await
                        .map_err(crate::store::backend_error)?,
                    // The password set at sign-up is not a change.
                    password_changed_at: (password_changed_at > created_at).then_some(password_changed_at),
                    last_binding_change_at: last_event(app::ssr::store::EventKind::BindingChanged)
                        .await
                        .map_err(crate::store::backend_error)?,
                })
            }

            #[tracing::instrument(skip(self, customer), fields(username = %customer.account.username), err)]
            async fn import_customer(
                &self,
                customer: app::ssr::store::CustomerRecord,
                actor: &app::ssr::store::Actor,
            ) -> app::ssr::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                insert_customer(&mut tx, &customer, actor).await?;
                tx.commit().await.map_err(crate::store::backend_error)
            }

            async fn audit_for(
                &self,
                entity_type: &str,
                entity_id: &str,
            ) -> app::ssr::store::StoreResult<Vec<app::ssr::store::AuditRecord>> {
                sqlx::query(&format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id"))
                    .bind(entity_type)
                    .bind(entity_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(crate::store::backend_error)?
                    .iter()
                    .map(rows::audit)
                    .collect()
            }

            async fn record_event(
                &self,
                actor: &app::ssr::store::Actor,
                action: &str,
                entity: (&str, String),
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                audit::write(&mut tx, at, actor, action, entity, None, None).await?;
                tx.commit().await.map_err(crate::store::backend_error)
            }

            async fn audit_page(&self, q: &app::ssr::store::AuditQuery) -> app::ssr::store::StoreResult<Vec<app::ssr::store::AuditRecord>> {
                self.review_audit_page(q).await
            }
            async fn totp(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::TotpState>> {
                self.review_totp(account).await
            }
            async fn use_totp_step(&self, account: uuid::Uuid, step: i64) -> app::ssr::store::StoreResult<bool> {
                self.review_use_totp_step(account, step).await
            }
            async fn set_recovery_codes(
                &self,
                account: uuid::Uuid,
                hashes: &[String],
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                self.review_set_recovery_codes(account, hashes, actor, at).await
            }
            async fn use_recovery_code(&self, account: uuid::Uuid, hash: &str, at: chrono::DateTime<chrono::Utc>) -> app::ssr::store::StoreResult<bool> {
                self.review_use_recovery_code(account, hash, at).await
            }
            async fn set_totp_secret(
                &self,
                account: uuid::Uuid,
                secret: &str,
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<()> {
                self.review_set_totp_secret(account, secret, actor, at).await
            }
            async fn staff_accounts(&self) -> app::ssr::store::StoreResult<Vec<app::ssr::store::Account>> {
                self.review_staff_accounts().await
            }
            async fn account(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::Account>> {
                self.review_account(account).await
            }
            #[tracing::instrument(skip(self), err)]
            async fn queue(&self, q: &app::ssr::store::QueueQuery) -> app::ssr::store::StoreResult<Vec<app::ssr::store::QueueRow>> {
                self.review_queue(q).await
            }
            async fn queue_counts(&self, staff: uuid::Uuid, now: chrono::DateTime<chrono::Utc>) -> app::ssr::store::StoreResult<app::ssr::store::QueueCounts> {
                self.review_queue_counts(staff, now).await
            }
            #[tracing::instrument(skip(self), err)]
            async fn case(&self, appeal: uuid::Uuid) -> app::ssr::store::StoreResult<Option<app::ssr::store::CaseRecord>> {
                self.review_case(appeal).await
            }
            async fn account_events(&self, account: uuid::Uuid) -> app::ssr::store::StoreResult<Vec<app::ssr::store::AccountEvent>> {
                self.review_account_events(account).await
            }
            #[tracing::instrument(skip(self, actor), err)]
            async fn assign_appeal(
                &self,
                appeal: uuid::Uuid,
                expected_version: i64,
                to: uuid::Uuid,
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<domain::appeal::AppealStatus> {
                self.review_assign(appeal, expected_version, to, actor, at).await
            }
            async fn add_note(&self, appeal: uuid::Uuid, note: app::ssr::store::NewMessage, actor: &app::ssr::store::Actor) -> app::ssr::store::StoreResult<()> {
                self.review_add_note(appeal, note, actor).await
            }
            #[tracing::instrument(skip(self, note, actor), err)]
            async fn propose_verdict(
                &self,
                appeal: uuid::Uuid,
                expected_version: i64,
                verdict: domain::resolution::Verdict,
                note: Option<app::ssr::store::NewMessage>,
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<domain::appeal::AppealStatus> {
                self.review_propose(appeal, expected_version, verdict, note, actor, at).await
            }
            #[tracing::instrument(skip(self, note, actor), err)]
            async fn decide_appeal(
                &self,
                appeal: uuid::Uuid,
                expected_version: i64,
                verdict: domain::resolution::Verdict,
                note: Option<app::ssr::store::NewMessage>,
                actor: &app::ssr::store::Actor,
                at: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::store::StoreResult<domain::resolution::Outcome> {
                self.review_decide(appeal, expected_version, verdict, note, actor, at).await
            }
            async fn appeal_outcome(&self, account: uuid::Uuid, appeal: uuid::Uuid) -> app::ssr::store::StoreResult<Option<domain::resolution::Outcome>> {
                self.review_outcome(account, appeal).await
            }
            async fn appeals_waiting_since(&self, cutoff: chrono::DateTime<chrono::Utc>) -> app::ssr::store::StoreResult<Vec<(uuid::Uuid, i64)>> {
                self.review_waiting_since(cutoff).await
            }
            async fn outbox_pending(&self, limit: u32) -> app::ssr::store::StoreResult<Vec<(i64, uuid::Uuid, serde_json::Value)>> {
                self.review_outbox_pending(limit).await
            }
            async fn import_customers(&self, customers: Vec<app::ssr::store::CustomerRecord>, actor: &app::ssr::store::Actor) -> app::ssr::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                for c in &customers {
                    insert_customer(&mut tx, c, actor).await?;
                }
                tx.commit().await.map_err(crate::store::backend_error)
            }
            async fn import_appeals(&self, appeals: Vec<app::ssr::store::ImportedAppeal>, actor: &app::ssr::store::Actor) -> app::ssr::store::StoreResult<()> {
                self.review_import_appeals(appeals, actor).await
            }
            async fn refresh_statistics(&self) -> app::ssr::store::StoreResult<()> {
                // Same statement on both; SQLite's is bounded by the connection's analysis_limit.
                sqlx::query("ANALYZE")
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(crate::store::backend_error)
            }
        }

        async fn insert_customer(
            tx: &mut sqlx::Transaction<'static, $db>,
            customer: &app::ssr::store::CustomerRecord,
            actor: &app::ssr::store::Actor,
        ) -> app::ssr::store::StoreResult<()> {
            let map = crate::store::backend_error;
            let account_id = customer.account.id;
            let now = customer.account.created_at;
            insert_account(tx, &customer.account, actor).await?;
            sqlx::query("INSERT INTO credit_lines (account_id, limit_fen, status, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(account_id)
                .bind(customer.limit.fen())
                .bind(customer.status.as_str())
                .bind(now)
                .execute(&mut **tx)
                .await
                .map_err(map)?;
            audit::write(
                tx,
                now,
                actor,
                "credit_line.imported",
                ("credit_line", account_id.to_string()),
                None,
                Some(serde_json::json!({ "limit": customer.limit, "status": customer.status })),
            )
            .await?;
            for d in &customer.decisions {
                insert_decision(tx, account_id, d, now, actor).await?;
            }
            for o in &customer.orders {
                sqlx::query("INSERT INTO orders (id, account_id, description, placed_on, total_fen) VALUES ($1, $2, $3, $4, $5)")
                    .bind(o.id)
                    .bind(account_id)
                    .bind(&o.description)
                    .bind(o.placed_on)
                    .bind(o.total.fen())
                    .execute(&mut **tx)
                    .await
                    .map_err(map)?;
                for i in &o.installments {
                    sqlx::query(
                        "INSERT INTO installments (id, order_id, seq, due_on, amount_fen, paid_on) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(i.id)
                    .bind(o.id)
                    .bind(i32::try_from(i.seq).unwrap_or(i32::MAX))
                    .bind(i.due_on)
                    .bind(i.amount.fen())
                    .bind(i.paid_on)
                    .execute(&mut **tx)
                    .await
                    .map_err(map)?;
                }
            }
            for e in &customer.events {
                sqlx::query("INSERT INTO account_events (id, account_id, kind, occurred_at, detail) VALUES ($1, $2, $3, $4, $5)")
                    .bind(e.id)
                    .bind(account_id)
                    .bind(e.kind.as_str())
                    .bind(e.occurred_at)
                    .bind(&e.detail)
                    .execute(&mut **tx)
                    .await
                    .map_err(map)?;
            }
            Ok(())
        }

        /// A limit decision with its reasons exactly as notified, and its audit entry.
        async fn insert_decision(
            tx: &mut sqlx::Transaction<'static, $db>,
            account_id: uuid::Uuid,
            d: &domain::LimitDecision,
            received_at: chrono::DateTime<chrono::Utc>,
            actor: &app::ssr::store::Actor,
        ) -> app::ssr::store::StoreResult<()> {
            use sqlx::types::Json;
            let map = crate::store::backend_error;
            sqlx::query(
                "INSERT INTO limit_decisions (id, account_id, external_id, model_version, kind, limit_before_fen, \
                 limit_after_fen, notice, decided_at, decided_on, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(d.id)
            .bind(account_id)
            .bind(&d.external_id)
            .bind(&d.model_version)
            .bind(d.kind.as_str())
            .bind(d.limit_before.fen())
            .bind(d.limit_after.fen())
            .bind(&d.notice)
            .bind(d.decided_at)
            .bind(d.decided_on)
            .bind(received_at)
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            for (position, reason) in d.reasons.iter().enumerate() {
                sqlx::query("INSERT INTO decision_reasons (decision_id, position, code, facts) VALUES ($1, $2, $3, $4)")
                    .bind(d.id)
                    .bind(i32::try_from(position + 1).unwrap_or(i32::MAX))
                    .bind(reason.code().as_str())
                    .bind(Json(reason))
                    .execute(&mut **tx)
                    .await
                    .map_err(map)?;
            }
            audit::write(
                tx,
                received_at,
                actor,
                "limit_decision.recorded",
                ("limit_decision", d.id.to_string()),
                None,
                Some(serde_json::json!({
                    "external_id": d.external_id,
                    "kind": d.kind,
                    "limit_before": d.limit_before,
                    "limit_after": d.limit_after,
                    "reasons": d.reasons.codes(),
                })),
            )
            .await
        }

        async fn insert_account(
            tx: &mut sqlx::Transaction<'static, $db>,
            a: &app::ssr::store::NewAccount,
            actor: &app::ssr::store::Actor,
        ) -> app::ssr::store::StoreResult<()> {
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
            .bind(&a.totp_secret)
            .bind(&a.id_number_masked)
            .bind(&a.phone_masked)
            .bind(a.identity_verified_until)
            .bind(a.created_at)
            .execute(&mut **tx)
            .await
            .map_err(crate::store::backend_error)?;
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
    };
}
