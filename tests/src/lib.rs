//! Helpers shared by LimitDesk's integration tests: the real release binary on a
//! free port with a fresh database, a fresh PostgreSQL database per test, and a
//! headless Chromium driven through chromedriver.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use app::ssr::Store;

pub mod browser;
pub mod files;
pub mod flows;
pub mod http;

pub use browser::Browser;

/// Every demo account's password in tests.
pub const PASSWORD: &str = "demo-password-2026";
/// Base32 TOTP secret of the demo staff in tests.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// The key that seals authenticator secrets, for every test server and store.
pub const SECRET_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

pub fn secret_key() -> server::secrets::SecretKey {
    server::secrets::SecretKey::parse(SECRET_KEY).expect("the tests' key is valid")
}

/// The pinned "now": noon on 2026-11-27 in Shanghai, the day the demo world's story is told from.
pub const NOW: &str = "2026-11-27T04:00:00Z";

/// The stylesheet's path as the build named it (`hash.txt` in the site
/// root, from `scripts/build`), or the plain name without one.
pub fn stylesheet_path() -> String {
    let hashes =
        std::fs::read_to_string(workspace_root().join("target/site/hash.txt")).unwrap_or_default();
    hashes
        .lines()
        .find_map(|l| l.strip_prefix("css:"))
        .map_or_else(
            || "/pkg/limitdesk.css".to_owned(),
            |h| format!("/pkg/limitdesk.{}.css", h.trim()),
        )
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The release binary built by `scripts/build` (or `scripts/test`).
pub fn binary() -> PathBuf {
    let path = std::env::var_os("LIMITDESK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/limitdesk"));
    assert!(
        path.exists(),
        "{} is missing: run `scripts/build` first (scripts/test does)",
        path.display()
    );
    path
}

pub fn clock() -> app::ssr::Clock {
    app::ssr::Clock::fixed(NOW.parse().expect("NOW is RFC 3339"))
}

/// A fresh, empty PostgreSQL database in the server named by TEST_DATABASE_URL,
/// or None (with a note) when none is configured and none is required.
pub async fn fresh_postgres_url() -> Option<String> {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var_os("LIMITDESK_REQUIRE_POSTGRES").is_none(),
            "LIMITDESK_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
        );
        eprintln!("TEST_DATABASE_URL not set: skipping the PostgreSQL half of this test");
        return None;
    };
    let name = format!("limitdesk_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    Some(format!("{base}/{name}"))
}

/// A store on a fresh database of each kind: SQLite always, PostgreSQL when configured.
pub struct Backends {
    pub sqlite: (Arc<dyn Store>, server::store::sqlite::SqliteStore),
    pub postgres: Option<(Arc<dyn Store>, server::store::postgres::PgStore)>,
    _dir: tempfile::TempDir,
}

pub async fn backends() -> Backends {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let sqlite = server::store::sqlite::SqliteStore::connect(&url, secret_key())
        .await
        .expect("open sqlite");
    let postgres = match fresh_postgres_url().await {
        Some(url) => {
            let pg = server::store::postgres::PgStore::connect(&url, secret_key())
                .await
                .expect("open postgres");
            Some((Arc::new(pg.clone()) as Arc<dyn Store>, pg))
        }
        None => None,
    };
    Backends {
        sqlite: (Arc::new(sqlite.clone()), sqlite),
        postgres,
        _dir: dir,
    }
}

impl Backends {
    /// Each backend's store, named, for running one test body against both.
    pub fn stores(&self) -> Vec<(&'static str, Arc<dyn Store>)> {
        let mut all = vec![("sqlite", self.sqlite.0.clone())];
        if let Some((store, _)) = &self.postgres {
            all.push(("postgres", store.clone()));
        }
        all
    }
}

/// Runs `limitdesk ARGS` on that data directory and database, as the tests'
/// server does; its standard output, or a panic with its standard error.
fn run_cli(data_dir: &Path, database_url: &str, args: &[&str]) -> String {
    let out = Command::new(binary())
        .args(args)
        .current_dir(workspace_root())
        .env("LIMITDESK_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("LIMITDESK_SECRET_KEY", SECRET_KEY)
        .env("LIMITDESK_NOW", NOW)
        .output()
        .expect("run limitdesk");
    assert!(
        out.status.success(),
        "limitdesk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The real `limitdesk` binary serving a fresh database seeded with the demo world.
pub struct TestServer {
    pub url: String,
    child: Child,
    pub data_dir: tempfile::TempDir,
    pub database_url: String,
}

impl TestServer {
    /// On SQLite in a temporary data directory.
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("limitdesk.db").display());
        TestServer::start_on(dir, url)
    }

    /// On the given database URL.
    pub fn start_on(data_dir: tempfile::TempDir, database_url: String) -> TestServer {
        run_cli(
            data_dir.path(),
            &database_url,
            &[
                "seed-demo",
                "--password",
                PASSWORD,
                "--totp-secret",
                TOTP_SECRET,
            ],
        );
        let mut child = Command::new(binary())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .current_dir(workspace_root())
            .env("LIMITDESK_DATA_DIR", data_dir.path())
            .env("DATABASE_URL", &database_url)
            .env("LIMITDESK_SECRET_KEY", SECRET_KEY)
            .env("LIMITDESK_NOW", NOW)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start limitdesk serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let url = line
            .trim()
            .strip_prefix("LimitDesk listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the server: {line:?}"))
            .to_owned();
        TestServer {
            url,
            child,
            data_dir,
            database_url,
        }
    }

    /// Runs `limitdesk ARGS` on the server's database; its standard output.
    pub fn cli(&self, args: &[&str]) -> String {
        run_cli(self.data_dir.path(), &self.database_url, args)
    }

    /// A new API token with `scopes`, made the way an operator makes one.
    pub fn api_token(&self, name: &str, scopes: &[&str]) -> String {
        let mut args = vec!["token", "create", "--name", name];
        for scope in scopes {
            args.extend(["--scope", scope]);
        }
        let out = self.cli(&args);
        out.lines()
            .last()
            .expect("the token line")
            .trim()
            .to_owned()
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    /// A store on the server's own database, to look up ids the UI shows.
    pub async fn store(&self) -> Arc<dyn Store> {
        server::store::connect(&self.database_url, secret_key())
            .await
            .expect("open the server's database")
    }

    /// The id of the account named `username`.
    pub async fn account_id(&self, username: &str) -> uuid::Uuid {
        self.store()
            .await
            .credentials(username)
            .await
            .expect("query")
            .expect("account exists")
            .account
            .id
    }

    /// The id of `username`'s newest limit decision.
    pub async fn newest_decision_of(&self, username: &str) -> uuid::Uuid {
        let account = self.account_id(username).await;
        self.store().await.decisions(account).await.expect("query")[0].id
    }

    /// An admin account (the demo world has none), with the demo password and
    /// the tests' authenticator secret.
    pub async fn add_admin(&self, username: &str, display_name: &str) -> uuid::Uuid {
        self.add_staff(username, display_name, app::model::Role::Admin)
            .await
    }

    /// A staff account with the demo password and the tests' authenticator secret.
    pub async fn add_staff(
        &self,
        username: &str,
        display_name: &str,
        role: app::model::Role,
    ) -> uuid::Uuid {
        let store = self.store().await;
        store
            .create_account(
                app::ssr::store::NewAccount {
                    id: uuid::Uuid::now_v7(),
                    username: username.to_owned(),
                    display_name: display_name.to_owned(),
                    role,
                    password_hash: server::password::hash(PASSWORD).expect("hash"),
                    totp_secret: Some(TOTP_SECRET.to_owned()),
                    id_number_masked: None,
                    phone_masked: None,
                    identity_verified_until: None,
                    created_at: chrono::Utc::now(),
                },
                &app::ssr::store::Actor::system("test"),
            )
            .await
            .expect("create the staff account")
            .id
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A benchmark report's opening: its title, when and on what machine it ran.
pub fn report_head(title: &str) -> String {
    format!(
        "# {title}\n\n- Date: {} UTC\n- Machine: {}\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S"),
        machine()
    )
}

/// The machine a benchmark ran on, for its report.
pub fn machine() -> String {
    let cpus = command_output("nproc", &[]).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".to_owned())
    });
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .map(|l| l.trim_start_matches("MemTotal:").trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned());
    let kernel = command_output("uname", &["-r"]).unwrap_or_else(|| "?".to_owned());
    format!("{cpus} CPUs (nproc), MemTotal {memory}, Linux {kernel}")
}
