//! SQLite and PostgreSQL implementations of `app::ssr::Store`.
//!
//! SQLx's checked macros and its decimal support each cover one database, so the
//! queries are plain runtime-checked SQL in the dialect both databases share,
//! written once in `sql/` and compiled as a module of each driver. Money is stored
//! as whole fen in BIGINT/INTEGER columns: exact in both, summed as integers.

pub mod postgres;
pub mod sqlite;

use std::sync::Arc;

use app::ssr::{Store, StoreError};

use crate::secrets::SecretKey;

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`) and
/// applies its migrations.
/// `key` seals authenticator secrets at rest.
pub async fn connect(url: &str, key: SecretKey) -> anyhow::Result<Arc<dyn Store>> {
    connect_sized(url, key, None).await
}

/// `connect`, keeping at most `connections` open (else the driver's default:
/// `sqlite::CONNECTIONS` or `postgres::CONNECTIONS`).
pub async fn connect_sized(
    url: &str,
    key: SecretKey,
    connections: Option<u32>,
) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        let connections = connections.unwrap_or(sqlite::CONNECTIONS);
        Ok(Arc::new(
            sqlite::SqliteStore::connect_sized(url, key, connections).await?,
        ))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let connections = connections.unwrap_or(postgres::CONNECTIONS);
        Ok(Arc::new(
            postgres::PgStore::connect_sized(url, key, connections).await?,
        ))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
    }
}

/// Maps a driver error once: uniqueness violations become `Conflict`, the rest
/// stay opaque (logged by whoever turns them into a response).
pub(crate) fn backend_error(err: sqlx::Error) -> StoreError {
    if let Some(db) = err.as_database_error() {
        if db.is_unique_violation() {
            return StoreError::Conflict(db.constraint().unwrap_or("value").to_owned());
        }
    }
    StoreError::Backend(Box::new(err))
}

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}
