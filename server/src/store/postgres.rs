use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use super::backend_error;
use crate::secrets::SecretKey;
use app::ssr::store::StoreResult;

type Db = Postgres;
type Backend = PgStore;

/// The clause that holds an appeal's row until the transaction ends.
macro_rules! row_lock {
    () => {
        " FOR UPDATE"
    };
}

/// PostgreSQL's statistics know how many appeals each status holds, and its
/// planner finds the partial index unaided.
macro_rules! open_by_due {
    () => {
        ""
    };
}

/// A staff id compared in a prepared statement, behind a subquery so that the
/// planner cannot see its value: every staff member then gets the same plan,
/// and PostgreSQL caches it after five runs instead of planning the queue's
/// counts anew on every page (1 of their 2 ms at 10⁵, for a supervisor with
/// nothing assigned, whose own plan always looked cheaper than the shared one).
macro_rules! opaque_uuid {
    ($param:literal) => {
        concat!("(SELECT CAST(", $param, " AS UUID))")
    };
}

/// What a bulk load (`seed-load`) ends with: statistics for the planner, and
/// the visibility map that lets the queue's counts read their indexes alone
/// (autovacuum would get there, but later than the first page views).
const AFTER_BULK_LOAD: &str = "VACUUM (ANALYZE)";

// The same SQL is compiled once per driver on purpose (see sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;

/// The production database, shared by every app server.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Seals authenticator secrets at rest.
    key: SecretKey,
}

/// Connections each app server keeps open by default; the servers together
/// must stay under the database's `max_connections`.
pub const CONNECTIONS: u32 = 16;

/// How long a pooled connection may sit idle before it is pinged on its way out.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

impl PgStore {
    pub async fn connect(url: &str, key: SecretKey) -> anyhow::Result<PgStore> {
        PgStore::connect_sized(url, key, CONNECTIONS).await
    }

    /// `connect`, keeping at most `connections` open.
    pub async fn connect_sized(
        url: &str,
        key: SecretKey,
        connections: u32,
    ) -> anyhow::Result<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings every connection it hands out unless told not to, which
            // doubles the round trips of every page. A connection in steady use
            // is known alive; one idle long enough for a server restart or a
            // firewall's timeout to have dropped it is tested first.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect(url)
            .await?;
        sql::refuse_username_clashes(&pool).await?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        sql::seal_secrets(&pool, &key).await?;
        Ok(PgStore { pool, key })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        self.pool.begin().await.map_err(backend_error)
    }
}

impl app::ssr::Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }
}
