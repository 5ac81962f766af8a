//! Configuration from the command line and the environment, with defaults that
//! run the embedded SQLite database from the repository root.

use std::path::PathBuf;
use std::sync::Arc;

use app::ssr::{Clock, Store};
use chrono::{DateTime, Utc};
use clap::Args;

use crate::secrets::SecretKey;

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database to use: `sqlite://path` or `postgres://…`. Default: a SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Directory for the embedded database and the evidence files.
    #[arg(
        long,
        env = "LIMITDESK_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database connections this process keeps open. Default: 8 for SQLite,
    /// 16 for PostgreSQL (app servers together stay under its `max_connections`).
    #[arg(long, env = "LIMITDESK_DB_CONNECTIONS", global = true,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_connections: Option<u32>,

    /// Pin "now" (RFC 3339), for demos and tests; the system clock otherwise.
    #[arg(long, env = "LIMITDESK_NOW", global = true)]
    pub now: Option<DateTime<Utc>>,
}

/// The key that seals secrets at rest. Read from the environment only, never
/// from an argument, which `ps` would show.
pub const SECRET_KEY_ENV: &str = "LIMITDESK_SECRET_KEY";

impl DbArgs {
    /// The store, migrated, with its secrets sealed.
    pub async fn open_store(&self) -> anyhow::Result<Arc<dyn Store>> {
        let url = self.database_url()?;
        let key = self.secret_key(&url)?;
        crate::store::connect_sized(&url, key, self.db_connections).await
    }

    /// `LIMITDESK_SECRET_KEY`, or for SQLite (one machine) a key generated into
    /// the data directory. PostgreSQL is shared by several app servers, which
    /// must agree on the key: there it has to be given.
    pub fn secret_key(&self, url: &str) -> anyhow::Result<SecretKey> {
        if let Ok(text) = std::env::var(SECRET_KEY_ENV) {
            return Ok(SecretKey::parse(&text)?);
        }
        if !url.starts_with("sqlite:") {
            anyhow::bail!(
                "{SECRET_KEY_ENV} is not set: with PostgreSQL every app server needs the same key \
                 (make one with `limitdesk secret-key`)"
            );
        }
        std::fs::create_dir_all(&self.data_dir)?;
        Ok(SecretKey::load_or_create(
            &self.data_dir.join("secret.key"),
        )?)
    }

    /// The database URL, creating the data directory for the SQLite default.
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        Ok(format!(
            "sqlite://{}",
            self.data_dir.join("limitdesk.db").display()
        ))
    }

    pub fn clock(&self) -> Clock {
        self.now.map(Clock::fixed).unwrap_or_else(Clock::system)
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one (printed at start).
    #[arg(long, env = "LIMITDESK_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: String,

    /// Mark cookies `Secure`; turn on when served over HTTPS.
    #[arg(long, env = "LIMITDESK_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Take the client address from the last `X-Forwarded-For` entry (behind a load balancer).
    #[arg(long, env = "LIMITDESK_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Where people reach LimitDesk (`https://limitdesk.example.com`): pages
    /// may post only from this origin. Default: the address it listens on (and
    /// `localhost` with the same port, when that is a loopback address).
    #[arg(long, env = "LIMITDESK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// How long a sign-in lasts, in hours.
    #[arg(long, env = "LIMITDESK_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u32,
}
