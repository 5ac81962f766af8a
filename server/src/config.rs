//! Configuration from the command line and the environment, with defaults that
//! run the embedded SQLite database from the repository root.

use std::path::PathBuf;

use app::ssr::Clock;
use chrono::{DateTime, Utc};
use clap::Args;

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

    /// Pin "now" (RFC 3339), for demos and tests; the system clock otherwise.
    #[arg(long, env = "LIMITDESK_NOW", global = true)]
    pub now: Option<DateTime<Utc>>,
}

impl DbArgs {
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
