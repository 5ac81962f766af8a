use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::backend_error;
use crate::secrets::SecretKey;
use app::ssr::store::StoreResult;

type Db = Sqlite;
type Backend = SqliteStore;

/// The clause that holds an appeal's row until the transaction ends. SQLite
/// needs none: `BEGIN IMMEDIATE` already lets one writer in at a time.
macro_rules! row_lock {
    () => {
        ""
    };
}

/// Walks the open appeals in deadline order. SQLite's statistics are sampled
/// (see `analysis_limit` below), and the sample of `appeals_by_status_due`
/// sees one status only, so its planner would rather read every open appeal
/// by status and sort them: work that grows with the open appeals, not the
/// page (100 µs of the query's 560 at 10⁵). The plain queue names its index.
macro_rules! open_by_due {
    () => {
        " INDEXED BY appeals_open_by_due"
    };
}

/// SQLite plans each statement once, whatever its parameters (see postgres.rs).
macro_rules! opaque_uuid {
    ($param:literal) => {
        $param
    };
}

/// What a bulk load (`seed-load`) ends with: fresh statistics for the
/// planner, bounded like every connection's (`analysis_limit`).
const AFTER_BULK_LOAD: &str = "ANALYZE";

// The same SQL is compiled once per driver on purpose (see sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;

/// Connections kept open by default: readers run side by side in WAL mode,
/// writers queue for the one write lock.
pub const CONNECTIONS: u32 = 8;

/// The embedded default: one file, WAL mode.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Seals authenticator secrets at rest.
    key: SecretKey,
}

impl SqliteStore {
    pub async fn connect(url: &str, key: SecretKey) -> anyhow::Result<SqliteStore> {
        SqliteStore::connect_sized(url, key, CONNECTIONS).await
    }

    /// `connect`, keeping at most `connections` open.
    pub async fn connect_sized(
        url: &str,
        key: SecretKey,
        connections: u32,
    ) -> anyhow::Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Without statistics the planner reads "status IN (open ones)" through
            // the status index and sorts every open appeal for the queue's first
            // page (seconds at 10⁵) instead of walking the partial index in order.
            // SQLite's advice for long-lived connections: optimize at open, with a
            // bounded ANALYZE, and again at close. (An unbounded one was tried on
            // 2026-12-06: with exact averages and no histograms, "role IN (staff
            // roles)" looked like a third of all accounts and the staff list
            // walked 10⁵ customers, 27 ms instead of 50 µs.)
            .pragma("analysis_limit", "400")
            // Any write (a case view writes its access-log line) empties every
            // other connection's page cache; mapped, the file's pages are read
            // back from memory instead of copied in by a read() per page.
            .pragma("mmap_size", "1073741824")
            .pragma("optimize", "0x10002")
            .optimize_on_close(true, Some(400));
        let pool = SqlitePoolOptions::new()
            .max_connections(connections)
            // sqlx pings every connection it hands out unless told not to: a
            // second trip to the connection's worker thread for every query. A
            // file in this process cannot hang up, so there is nothing to test.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        sql::refuse_username_clashes(&pool).await?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        widen_checks(&pool).await?;
        sql::seal_secrets(&pool, &key).await?;
        Ok(SqliteStore { pool, key })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// SQLite's default `BEGIN` is deferred: a read-then-write transaction can then
    /// fail with SQLITE_BUSY whatever the timeout. Taking the write lock up front
    /// makes concurrent writers queue instead.
    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(backend_error)
    }
}

/// Tables whose CHECK constraint grew with migration 0012, a value that
/// shows the table is rebuilt already, and the rebuild.
const REBUILDS: [(&str, &str, &str); 2] = [
    (
        "appeals",
        "'resolved_by_reassessment'",
        include_str!("appeals_rebuild.sql"),
    ),
    (
        "outcome_events",
        "'appeal_opened'",
        include_str!("outcome_events_rebuild.sql"),
    ),
];

/// Rebuilds each table of `REBUILDS` once so its CHECK admits the new
/// values. SQLite alters no CHECK constraint, and a rebuild needs foreign
/// keys off, which it ignores inside a transaction: SQLx's migrations always
/// run in one, so this step runs here, on one connection, checking the keys
/// itself before it commits.
async fn widen_checks(pool: &SqlitePool) -> anyhow::Result<()> {
    for (table, marker, rebuild) in REBUILDS {
        rebuild_once(pool, table, marker, rebuild).await?;
    }
    Ok(())
}

async fn rebuild_once(
    pool: &SqlitePool,
    table: &str,
    marker: &str,
    rebuild: &'static str,
) -> anyhow::Result<()> {
    const SCHEMA_OF: &str = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1";
    let schema: String = sqlx::query_scalar(SCHEMA_OF)
        .bind(table)
        .fetch_one(pool)
        .await?;
    if schema.contains(marker) {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let rebuilt = async {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        // Another process may have rebuilt it meanwhile.
        let schema: String = sqlx::query_scalar(SCHEMA_OF)
            .bind(table)
            .fetch_one(&mut *tx)
            .await?;
        if !schema.contains(marker) {
            sqlx::raw_sql(rebuild).execute(&mut *tx).await?;
            let broken: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut *tx)
                    .await?;
            anyhow::ensure!(
                broken.is_empty(),
                "rebuilding {table} broke foreign keys in {broken:?}"
            );
        }
        tx.commit().await?;
        anyhow::Ok(())
    }
    .await;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    rebuilt
}

impl app::ssr::Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
