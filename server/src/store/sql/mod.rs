//! The store's SQL, written once for both databases.
//!
//! Everything here is SQL both SQLite and PostgreSQL accept (`$n` parameters,
//! `ON CONFLICT`, `CAST(… AS BIGINT)`). `sqlite.rs` and `postgres.rs` each
//! include this directory as their own module, with their own `Db` and
//! `Backend`, so the same code is compiled and type-checked once per driver
//! (SQLx's generic-over-database bounds would be heavier, and `sqlx::Any` has no
//! Uuid or chrono types). Multi-row changes run in one transaction that also
//! writes the audit log.

mod accounts;
mod appeals;
mod audit;
mod cases;
mod customers;
mod factors;
mod import;
mod ingest;
mod login_limits;
mod outbox;
mod rows;
mod sessions;
mod staff;

use super::{Backend, Db, AFTER_BULK_LOAD};
use crate::secrets::{is_sealed, SecretKey};

type Tx = sqlx::Transaction<'static, Db>;
/// One pooled connection, held for several reads in a row.
type Conn = <Db as sqlx::Database>::Connection;

/// Reads on whatever the caller holds: the pool for one read, or one
/// connection for several (`customer_file`, `appeal`, `case`): each trip through the
/// pool (taking a connection, handing it back, SQLx's check on the way back)
/// costs more CPU than a small read (README, "what a trip costs").
trait Reader<'e>: sqlx::Executor<'e, Database = Db> {}
impl<'e, E: sqlx::Executor<'e, Database = Db>> Reader<'e> for E {}

/// Refuses to upgrade a database whose usernames clash once case is ignored
/// (the unique index of migration 0007 would fail on them): names them, so
/// an operator can rename one of each, instead of failing on an index.
pub(super) async fn refuse_username_clashes(pool: &sqlx::Pool<Db>) -> anyhow::Result<()> {
    // Before the first migration there is no table to look at, and so no clash.
    let Ok(clashes) = sqlx::query_scalar::<_, String>(
        "SELECT lower(username) FROM accounts GROUP BY lower(username) HAVING COUNT(*) > 1",
    )
    .fetch_all(pool)
    .await
    else {
        return Ok(());
    };
    if clashes.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "these usernames exist more than once when case is ignored: {}. Rename all but one of \
         each (they would let one person pass for another), then start again.",
        clashes.join(", ")
    )
}

/// Seals the authenticator secrets stored in plain text before sealing
/// existed (a migration step in Rust: SQL has no key), and refuses to start
/// with a key that does not open the secrets already sealed, rather than
/// failing every staff sign-in later.
pub(super) async fn seal_secrets(pool: &sqlx::Pool<Db>, key: &SecretKey) -> anyhow::Result<()> {
    let stored = sqlx::query_as::<_, (uuid::Uuid, String)>(
        "SELECT id, totp_secret FROM accounts WHERE totp_secret IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    let mut sealed_now = 0;
    for (account, value) in stored {
        if is_sealed(&value) {
            key.open(&value, account.as_bytes())?;
            continue;
        }
        // Conditional on the old value, so two servers starting at once seal it once.
        sqlx::query("UPDATE accounts SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3")
            .bind(key.seal(&value, account.as_bytes()))
            .bind(account)
            .bind(&value)
            .execute(pool)
            .await?;
        sealed_now += 1;
    }
    if sealed_now > 0 {
        tracing::info!(
            accounts = sealed_now,
            "sealed authenticator secrets stored in plain text"
        );
    }
    Ok(())
}
