//! Load benchmark of the customer pages and the support console against the
//! real release binary.
//!
//! For each backend (SQLite always; PostgreSQL when `BENCH_DATABASE_URL` or
//! `TEST_DATABASE_URL` names a server to create a fresh database in) it seeds the
//! demo world plus a synthetic population (`limitdesk seed-load`), serves it, signs
//! in as a customer, an appellant and the demo supervisor, and measures a static
//! file, the customer pages and the console with concurrent clients. Each page's
//! throughput is also given as a share of the static file's, beside the goal the
//! page should reach. The Markdown report goes to `target/bench-report.md` and stdout.
//!
//! Run it with `scripts/bench`, or after `scripts/build`:
//! `cargo bench -p limitdesk-tests --bench console`. Knobs (environment):
//! `BENCH_CUSTOMERS`, `BENCH_APPEALS` (100000 each), `BENCH_CLIENTS` (16),
//! `BENCH_SECONDS` (10 per endpoint, after a 2-second warm-up), `BENCH_PAGES`
//! (measure only the pages whose name contains one of these comma-separated
//! words, e.g. `queue,case`; the static file is always measured).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use app::ssr::store::QueueQuery;
use domain::appeal::AppealStatus;
use domain::resolution::{resolve, RejectReason, Verdict};
use limitdesk_tests::{binary, secret_key, workspace_root, NOW, PASSWORD, SECRET_KEY, TOTP_SECRET};
use reqwest::header::{HeaderMap, HeaderValue, COOKIE, LOCATION, ORIGIN};
use reqwest::redirect::Policy;
use reqwest::{Client, RequestBuilder, Response};
use uuid::Uuid;

const WARM_UP: Duration = Duration::from_secs(2);
const SESSION_COOKIE: &str = "ld_session";

struct Config {
    customers: u32,
    appeals: u32,
    clients: usize,
    seconds: u64,
    /// Words of the page names to measure; empty means every page.
    pages: Vec<String>,
}

impl Config {
    fn from_env() -> anyhow::Result<Config> {
        fn var<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
            match std::env::var(name) {
                Ok(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a number")),
                Err(_) => Ok(default),
            }
        }
        let config = Config {
            customers: var("BENCH_CUSTOMERS", 100_000)?,
            appeals: var("BENCH_APPEALS", 100_000)?,
            clients: var("BENCH_CLIENTS", 16usize)?.max(1),
            seconds: var("BENCH_SECONDS", 10u64)?.max(1),
            pages: std::env::var("BENCH_PAGES")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        if config.appeals > config.customers {
            bail!("BENCH_APPEALS may not exceed BENCH_CUSTOMERS (one appeal per customer)");
        }
        Ok(config)
    }
}

/// One row of the report.
struct Row {
    backend: &'static str,
    endpoint: &'static str,
    requests: usize,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: usize,
    /// The server process's CPU time (user and system) per request: what a
    /// page costs the server whatever the load generator and the machine's
    /// other tenants take, so it moves less from run to run than `÷ static`.
    cpu_us: Option<f64>,
    note: String,
    /// The throughput this row should reach, as a share of the static file's.
    goal: Option<f64>,
}

impl Row {
    fn throughput(&self) -> f64 {
        if self.seconds > 0.0 {
            self.requests as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// The row every page's throughput is divided by.
const STATIC: &str = "GET /pkg/limitdesk.css (static)";
/// What a customer's appeal page shows: the appeal's status.
const APPEAL_MARKER: &str = "data-testid=\"appeal-status\"";

/// One measured endpoint: who asks, what, and what its answer must contain.
struct Page<'a> {
    name: &'static str,
    clients: &'a [Client],
    endpoint: Endpoint,
    marker: Option<&'static str>,
    goal: Option<f64>,
}

/// What each backend's run produced, for the report.
struct BackendRun {
    backend: &'static str,
    seed_seconds: f64,
    rows: Vec<Row>,
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; there is nothing to filter.
    let config = Config::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(config))
}

async fn run(config: Config) -> anyhow::Result<()> {
    let bin = binary();
    eprintln!(
        "bench: {} customers, {} appeals, {} clients, {} s per endpoint, binary {}",
        config.customers,
        config.appeals,
        config.clients,
        config.seconds,
        bin.display()
    );
    let mut runs = Vec::new();

    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("limitdesk.db").display());
    runs.push(bench_backend("sqlite", &config, dir.path(), &url).await?);
    write_report(&config, &runs)?;
    drop(dir);

    let admin_url = std::env::var("BENCH_DATABASE_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .ok();
    match admin_url {
        Some(admin_url) => {
            let (url, name) = fresh_postgres(&admin_url).await?;
            let dir = tempfile::tempdir()?;
            let result = bench_backend("postgres", &config, dir.path(), &url).await;
            drop_postgres(&admin_url, &name).await;
            runs.push(result?);
        }
        None => {
            eprintln!("bench: neither BENCH_DATABASE_URL nor TEST_DATABASE_URL is set: SQLite only")
        }
    }
    let report = write_report(&config, &runs)?;
    println!("{report}");
    Ok(())
}

/// A new, empty database in the PostgreSQL server of `admin_url`: (url, name).
async fn fresh_postgres(admin_url: &str) -> anyhow::Result<(String, String)> {
    let name = format!("limitdesk_bench_{}", Uuid::now_v7().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(admin_url)
        .await
        .context("connect to the PostgreSQL server")?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .context("create the benchmark database")?;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(admin_url);
    Ok((format!("{base}/{name}"), name))
}

/// Removes the benchmark database again (it can be large); best effort.
async fn drop_postgres(admin_url: &str, name: &str) {
    let Ok(mut conn) = <sqlx::PgConnection as sqlx::Connection>::connect(admin_url).await else {
        return;
    };
    if let Err(e) = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
    {
        eprintln!("bench: could not drop {name}: {e}");
    }
}

/// Runs `limitdesk ARGS` on the database, its output passed through.
fn limitdesk(args: &[&str], data_dir: &std::path::Path, database_url: &str) -> anyhow::Result<()> {
    let status = Command::new(binary())
        .args(args)
        .current_dir(workspace_root())
        .env("LIMITDESK_DATA_DIR", data_dir)
        .env("DATABASE_URL", database_url)
        .env("LIMITDESK_SECRET_KEY", SECRET_KEY)
        .env("LIMITDESK_NOW", NOW)
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("run limitdesk {}", args[0]))?;
    if !status.success() {
        bail!("limitdesk {} failed: {status}", args[0]);
    }
    Ok(())
}

/// `limitdesk serve` on a free port; killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// The CPU time the server has used so far, all its threads, from
    /// `/proc/<pid>/stat` (`None` without /proc).
    fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // utime and stime count USER_HZ ticks, 100 a second in Linux's ABI.
        Some(Duration::from_millis(ticks * 10))
    }

    fn start(data_dir: &std::path::Path, database_url: &str) -> anyhow::Result<Server> {
        let mut child = Command::new(binary())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .current_dir(workspace_root())
            .env("LIMITDESK_DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url)
            .env("LIMITDESK_SECRET_KEY", SECRET_KEY)
            .env("LIMITDESK_NOW", NOW)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("start limitdesk serve")?;
        let stdout = child.stdout.take().context("piped stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let Some(url) = line.trim().strip_prefix("LimitDesk listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("unexpected first line from the server: {line:?}");
        };
        let url = url.to_owned();
        // Keep draining stdout so the server never blocks on (or fails writing to) it.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        Ok(Server { child, url })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn bench_backend(
    backend: &'static str,
    config: &Config,
    data_dir: &std::path::Path,
    database_url: &str,
) -> anyhow::Result<BackendRun> {
    eprintln!("bench[{backend}]: seeding the demo world");
    limitdesk(
        &[
            "seed-demo",
            "--password",
            PASSWORD,
            "--totp-secret",
            TOTP_SECRET,
        ],
        data_dir,
        database_url,
    )?;
    eprintln!(
        "bench[{backend}]: seeding {} customers and {} appeals",
        config.customers, config.appeals
    );
    let seeding = Instant::now();
    limitdesk(
        &[
            "seed-load",
            "--customers",
            &config.customers.to_string(),
            "--appeals",
            &config.appeals.to_string(),
            "--password",
            PASSWORD,
        ],
        data_dir,
        database_url,
    )?;
    let seed_seconds = seeding.elapsed().as_secs_f64();
    eprintln!("bench[{backend}]: seeded in {seed_seconds:.1} s; starting the server");

    let server = Server::start(data_dir, database_url)?;
    let base = server.url.clone();
    let sessions = Sessions::sign_in(&base).await?;
    let clients_of = |session: Option<&str>| -> anyhow::Result<Vec<Client>> {
        (0..config.clients)
            .map(|_| client(&base, session))
            .collect()
    };
    let staff = clients_of(Some(&sessions.staff))?;
    let xiaozhang = clients_of(Some(&sessions.xiaozhang))?;
    let appellant = clients_of(Some(&sessions.appellant))?;
    let anonymous = clients_of(None)?;

    let (ids, ids_note) = appeal_ids(&staff[0], &base, database_url).await?;
    eprintln!(
        "bench[{backend}]: {} appeal ids for the case view and notes",
        ids.len()
    );
    let ids = Arc::new(ids);
    let (targets, targets_note) = decision_targets(database_url).await?;
    eprintln!("bench[{backend}]: {targets_note}");
    let targets = Arc::new(targets);
    let next_target = Arc::new(AtomicUsize::new(0));

    let duration = Duration::from_secs(config.seconds);
    let mut rows = Vec::new();
    // The static file first: every page's ratio is taken against it.
    let endpoints: Vec<Page> = vec![
        Page {
            name: STATIC,
            clients: &anonymous,
            endpoint: {
                let path = limitdesk_tests::stylesheet_path();
                get(move |_| path.clone())
            },
            marker: None,
            goal: None,
        },
        Page {
            name: "GET / (小张's overview, signed in)",
            clients: &xiaozhang,
            endpoint: get(|_| "/".to_owned()),
            marker: Some("/decisions/"),
            goal: Some(0.40),
        },
        Page {
            name: "GET /help (signed in)",
            clients: &xiaozhang,
            endpoint: get(|_| "/help".to_owned()),
            marker: Some("/auth/logout"),
            goal: Some(0.60),
        },
        Page {
            name: "GET /help (signed out)",
            clients: &anonymous,
            endpoint: get(|_| "/help".to_owned()),
            marker: Some("id=\"cash\""),
            goal: Some(0.60),
        },
        Page {
            name: "GET /appeals/{id} (the customer's appeal)",
            clients: &appellant,
            endpoint: {
                let path = format!("/appeals/{}", sessions.appeal);
                get(move |_| path.clone())
            },
            marker: Some(APPEAL_MARKER),
            goal: None,
        },
        Page {
            name: "GET /admin (queue)",
            clients: &staff,
            endpoint: get(|_| "/admin".to_owned()),
            marker: Some("/admin/appeals/"),
            goal: Some(0.25),
        },
        Page {
            name: "GET /admin?reason=SUSPECTED_CASH_OUT&status=in_review",
            clients: &staff,
            endpoint: get(|_| "/admin?reason=SUSPECTED_CASH_OUT&status=in_review".to_owned()),
            marker: Some("/admin/appeals/"),
            goal: None,
        },
        Page {
            name: "GET /admin/appeals/{id} (case)",
            clients: &staff,
            endpoint: {
                let ids = ids.clone();
                get(move |n| format!("/admin/appeals/{}", ids[n % ids.len()]))
            },
            // Synthetic customers are called 客户000001 …
            marker: Some("客户"),
            goal: Some(0.25),
        },
        Page {
            name: "POST /admin/appeals/{id}/note",
            clients: &staff,
            endpoint: note(ids.clone()),
            marker: None,
            goal: None,
        },
        Page {
            name: "POST /admin/appeals/{id}/decide",
            clients: &staff,
            endpoint: decide(targets.clone(), next_target.clone()),
            marker: None,
            goal: None,
        },
    ];
    for page in endpoints {
        let Page {
            name,
            clients,
            endpoint,
            marker,
            goal,
        } = page;
        let wanted = name == STATIC
            || config.pages.is_empty()
            || config.pages.iter().any(|w| name.contains(w.as_str()));
        if !wanted {
            continue;
        }
        let needs_ids = name.contains("{id}");
        let deciding = name.ends_with("/decide");
        if (needs_ids && ids.is_empty()) || (deciding && targets.is_empty()) {
            rows.push(Row {
                backend,
                endpoint: name,
                requests: 0,
                seconds: 0.0,
                p50_ms: 0.0,
                p99_ms: 0.0,
                errors: 0,
                cpu_us: None,
                note: "skipped: no appeal ids".to_owned(),
                goal,
            });
            continue;
        }
        eprintln!("bench[{backend}]: {name}");
        let sample = match marker {
            Some(marker) => check_sample(&clients[0], &base, &endpoint, marker).await,
            None => None,
        };
        // A decision is made once: each request decides an appeal of its own,
        // and the run ends early if the appeals run out.
        let budget = |warm_up: bool| {
            if !deciding {
                return usize::MAX;
            }
            let left = targets.len() - next_target.load(Ordering::Relaxed).min(targets.len());
            if warm_up {
                left / 10
            } else {
                left
            }
        };
        let _ = measure(clients, &base, &endpoint, WARM_UP, budget(true)).await;
        let cpu_before = server.cpu();
        let m = measure(clients, &base, &endpoint, duration, budget(false)).await;
        let cpu_us = match (cpu_before, server.cpu()) {
            (Some(before), Some(after)) if !m.latencies.is_empty() || m.errors > 0 => {
                Some((after - before).as_secs_f64() * 1e6 / (m.latencies.len() + m.errors) as f64)
            }
            _ => None,
        };
        let mut note = [sample, m.first_error]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        if deciding {
            note = [targets_note.clone(), note]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
        } else if needs_ids && !ids_note.is_empty() {
            note = if note.is_empty() {
                ids_note.clone()
            } else {
                format!("{ids_note}; {note}")
            };
        }
        let row = Row {
            backend,
            endpoint: name,
            requests: m.latencies.len(),
            seconds: m.seconds,
            p50_ms: percentile(&m.latencies, 0.50),
            p99_ms: percentile(&m.latencies, 0.99),
            errors: m.errors,
            cpu_us,
            note,
            goal,
        };
        eprintln!(
            "bench[{backend}]: {} requests, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
            row.requests,
            row.requests as f64 / row.seconds.max(1e-9),
            row.p50_ms,
            row.p99_ms,
            row.errors
        );
        rows.push(row);
    }
    drop(server);
    Ok(BackendRun {
        backend,
        seed_seconds,
        rows,
    })
}

/// A plain client as a browser on the site would be: no redirects followed,
/// the site's own Origin on every request, and the session cookie if given.
fn client(base: &str, session: Option<&str>) -> anyhow::Result<Client> {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(base)?);
    if let Some(token) = session {
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("{SESSION_COOKIE}={token}"))?,
        );
    }
    Ok(Client::builder()
        .redirect(Policy::none())
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// The sessions the clients share, each signed in once (a TOTP step is good
/// only once, and sign-in is rate-limited), and the appeal the appellant owns.
struct Sessions {
    staff: String,
    xiaozhang: String,
    appellant: String,
    appeal: Uuid,
}

impl Sessions {
    async fn sign_in(base: &str) -> anyhow::Result<Sessions> {
        let staff = staff_sign_in(base).await?;
        let xiaozhang = customer_sign_in(base, "xiaozhang").await?;
        // The first synthetic customer whose overview links an appeal.
        for n in 1..=50 {
            let username = server::load::username(n);
            let Ok(session) = customer_sign_in(base, &username).await else {
                break;
            };
            let overview = client(base, Some(&session))?
                .get(format!("{base}/"))
                .send()
                .await?
                .text()
                .await?;
            if let Some(appeal) = links(&overview, "/appeals/").into_iter().next() {
                return Ok(Sessions {
                    staff,
                    xiaozhang,
                    appellant: session,
                    appeal,
                });
            }
        }
        bail!("none of the first 50 synthetic customers has an appeal: seed-load with --appeals")
    }
}

/// The session token of a 303 from a sign-in form to `to`.
fn session_of(response: &Response, to: &str, who: &str) -> anyhow::Result<String> {
    let location = location(response);
    if response.status().as_u16() != 303 || location != to {
        bail!(
            "{who}'s sign-in answered {} (Location {location:?}), not a 303 to {to}",
            response.status()
        );
    }
    let token = response
        .cookies()
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_owned());
    token.with_context(|| format!("no session cookie after {who}'s sign-in"))
}

async fn staff_sign_in(base: &str) -> anyhow::Result<String> {
    let code = server::staff_auth::totp_code(TOTP_SECRET, chrono::Utc::now())
        .context("the demo TOTP secret is valid base32")?;
    let response = client(base, None)?
        .post(format!("{base}/admin/auth/login"))
        .form(&[
            ("username", "supervisor"),
            ("password", PASSWORD),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .context("staff sign-in")?;
    session_of(&response, "/admin", "supervisor")
}

/// Demo and synthetic customers share the benchmark's password.
async fn customer_sign_in(base: &str, username: &str) -> anyhow::Result<String> {
    let response = client(base, None)?
        .post(format!("{base}/auth/login"))
        .form(&[("username", username), ("password", PASSWORD)])
        .send()
        .await
        .with_context(|| format!("{username}'s sign-in"))?;
    session_of(&response, "/", username)
}

fn location(r: &Response) -> String {
    r.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Appeal ids as the queue pages link them (`/admin/appeals/<uuid>`), or, if the
/// pages show none, open appeals read from the store; with a note saying so.
async fn appeal_ids(
    c: &Client,
    base: &str,
    database_url: &str,
) -> anyhow::Result<(Vec<Uuid>, String)> {
    let mut ids = Vec::new();
    let mut pages = vec!["/admin".to_owned()];
    pages.extend(
        AppealStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .map(|s| format!("/admin?status={}", s.as_str())),
    );
    for page in pages {
        let Ok(response) = c.get(format!("{base}{page}")).send().await else {
            continue;
        };
        if !response.status().is_success() {
            continue;
        }
        let html = response.text().await.unwrap_or_default();
        for id in links(&html, "/admin/appeals/") {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if !ids.is_empty() {
        return Ok((ids, String::new()));
    }
    let store = server::store::connect(database_url, secret_key())
        .await
        .context("open the database to find appeal ids")?;
    let rows = store
        .queue(&QueueQuery {
            limit: 200,
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("read the queue from the store: {e}"))?;
    Ok((
        rows.into_iter().map(|r| r.id).collect(),
        "ids read from the store: the queue page linked none".to_owned(),
    ))
}

/// The ids of every `<prefix><uuid>` link target in `html`, in order.
fn links(html: &str, prefix: &str) -> Vec<Uuid> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        if let Some(id) = rest.get(..36).and_then(|s| Uuid::parse_str(s).ok()) {
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    found
}

/// Builds request number `n` of an endpoint with a client and the base URL.
type Endpoint = Arc<dyn Fn(&Client, &str, usize) -> RequestBuilder + Send + Sync>;

fn get(path: impl Fn(usize) -> String + Send + Sync + 'static) -> Endpoint {
    Arc::new(move |c: &Client, base: &str, n: usize| c.get(format!("{base}{}", path(n))))
}

/// An internal note on appeal number `n`, round-robin: a write transaction with its audit entry.
fn note(ids: Arc<Vec<Uuid>>) -> Endpoint {
    Arc::new(move |c: &Client, base: &str, n: usize| {
        c.post(format!("{base}/admin/appeals/{}/note", ids[n % ids.len()]))
            .form(&[("body", "bench note"), ("version", "0")])
    })
}

/// One decision per request, each on the next appeal of `targets`.
fn decide(targets: Arc<Vec<DecisionTarget>>, next: Arc<AtomicUsize>) -> Endpoint {
    Arc::new(move |c: &Client, base: &str, _| {
        let k = next.fetch_add(1, Ordering::Relaxed) % targets.len();
        let t = &targets[k];
        c.post(format!("{base}/admin/appeals/{}/decide", t.appeal))
            .form(&t.form)
    })
}

struct DecisionTarget {
    appeal: Uuid,
    form: Vec<(&'static str, String)>,
}

/// Appeals in review that a supervisor decides without a second approval, each
/// with the verdict support would most often give: the full restoration (or
/// the freeze lifted) where the rules allow it, else a rejection. So the run
/// measures the whole decision path: appeal, credit line, limit history,
/// audit entries and outbox in one transaction.
async fn decision_targets(database_url: &str) -> anyhow::Result<(Vec<DecisionTarget>, String)> {
    const MAX: usize = 40_000;
    let store = server::store::connect(database_url, secret_key())
        .await
        .context("open the database to find appeals to decide")?;
    let today = chrono::DateTime::parse_from_rfc3339(NOW)?
        .with_timezone(&chrono::Utc)
        .date_naive();
    let fail = |what: &str, e: app::ssr::StoreError| anyhow::anyhow!("{what}: {e}");
    let mut targets = Vec::new();
    let (mut restored, mut unfrozen, mut rejected) = (0, 0, 0);
    let mut after = None;
    'pages: loop {
        let page = store
            .queue(&QueueQuery {
                status: Some(AppealStatus::InReview),
                after,
                limit: 500,
                ..Default::default()
            })
            .await
            .map_err(|e| fail("read the queue", e))?;
        let Some(last) = page.last() else { break };
        after = Some((last.due_at, last.id));
        for row in page.iter().filter(|r| !r.is_reappeal) {
            let Some(case) = store
                .case(row.id)
                .await
                .map_err(|e| fail("read a case", e))?
            else {
                continue;
            };
            let customer = case.customer.id;
            let decision = store
                .decision(customer, case.appeal.summary.decision_id)
                .await
                .map_err(|e| fail("read a decision", e))?;
            let line = store
                .credit_line(customer, today)
                .await
                .map_err(|e| fail("read a credit line", e))?;
            let (Some(decision), Some(line)) = (decision, line) else {
                continue;
            };
            let direct = |verdict: Verdict| {
                resolve(&decision, line.limit, line.status, verdict).is_ok()
                    && !verdict.needs_second_approval(&decision, line.limit)
            };
            let version = case.appeal.summary.version.to_string();
            let restore = Verdict::Restore {
                to: decision.limit_before,
            };
            let form = if direct(restore) {
                restored += 1;
                vec![
                    ("verdict", "restore".to_owned()),
                    ("amount", decision.limit_before.as_decimal().to_string()),
                ]
            } else if direct(Verdict::Unfreeze) {
                unfrozen += 1;
                vec![("verdict", "unfreeze".to_owned())]
            } else {
                rejected += 1;
                vec![
                    ("verdict", "reject".to_owned()),
                    (
                        "reason",
                        RejectReason::EvidenceInsufficient.as_str().to_owned(),
                    ),
                ]
            };
            let mut form = form;
            form.push(("version", version));
            targets.push(DecisionTarget {
                appeal: row.id,
                form,
            });
            if targets.len() >= MAX {
                break 'pages;
            }
        }
    }
    let note = format!(
        "{} appeals in review to decide: {restored} restored in full, {unfrozen} freezes lifted, {rejected} rejected",
        targets.len()
    );
    Ok((targets, note))
}

struct Measured {
    /// Of successful requests.
    latencies: Vec<Duration>,
    errors: usize,
    seconds: f64,
    first_error: Option<String>,
}

/// Every client sends requests back to back for `duration`; request numbers
/// are handed out from one counter, so ids go round-robin across clients.
async fn measure(
    clients: &[Client],
    base: &str,
    endpoint: &Endpoint,
    duration: Duration,
    budget: usize,
) -> Measured {
    let counter = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(clients.len());
    for c in clients {
        let c = c.clone();
        let base = base.to_owned();
        let endpoint = endpoint.clone();
        let counter = counter.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            let mut first_error = None;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                if n >= budget {
                    break;
                }
                let sent = Instant::now();
                let outcome = match endpoint(&c, &base, n).send().await {
                    Ok(response) => {
                        let status = response.status();
                        let location = location(&response);
                        // Read the whole body: rendering and transfer are part of it.
                        match response.bytes().await {
                            Ok(_) => judge(status, &location),
                            Err(e) => Err(format!("reading the body: {e}")),
                        }
                    }
                    Err(e) => Err(format!("request failed: {e}")),
                };
                match outcome {
                    Ok(()) => latencies.push(sent.elapsed()),
                    Err(why) => {
                        errors += 1;
                        first_error.get_or_insert(why);
                    }
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut all = Measured {
        latencies: Vec::new(),
        errors: 0,
        seconds: 0.0,
        first_error: None,
    };
    for task in tasks {
        match task.await {
            Ok((latencies, errors, first_error)) => {
                all.latencies.extend(latencies);
                all.errors += errors;
                if all.first_error.is_none() {
                    all.first_error = first_error;
                }
            }
            Err(e) => {
                all.errors += 1;
                all.first_error
                    .get_or_insert(format!("client task failed: {e}"));
            }
        }
    }
    all.seconds = started.elapsed().as_secs_f64();
    all.latencies.sort_unstable();
    all
}

/// Fetches one response of a page and checks it shows what it should (a 200
/// can still be an error page); a note for the report if not.
async fn check_sample(c: &Client, base: &str, endpoint: &Endpoint, marker: &str) -> Option<String> {
    let response = match endpoint(c, base, 0).send().await {
        Ok(r) => r,
        Err(e) => return Some(format!("sample request failed: {e}")),
    };
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        Some(format!("sample answered {status}"))
    } else if !body.contains(marker) {
        Some(format!("sample page does not contain {marker:?}"))
    } else {
        None
    }
}

/// 2xx, or a 3xx that is not the server refusing (back to sign-in, `?error=`).
fn judge(status: reqwest::StatusCode, location: &str) -> Result<(), String> {
    if status.is_success() {
        return Ok(());
    }
    if status.is_redirection() {
        if location.contains("/login") || location.contains("error=") {
            return Err(format!("{status} to {location}"));
        }
        return Ok(());
    }
    Err(status.to_string())
}

/// The `q` quantile (nearest rank) of sorted latencies, in milliseconds.
fn percentile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

/// Writes every backend's rows so far to `target/bench-report.md`; returns the text.
fn write_report(config: &Config, runs: &[BackendRun]) -> anyhow::Result<String> {
    use std::fmt::Write;
    let mut md = limitdesk_tests::report_head("LimitDesk console benchmark");
    writeln!(
        md,
        "- Data: demo world + {} synthetic customers and {} appeals (`limitdesk seed-load`); app clock pinned to {NOW}",
        config.customers, config.appeals
    )?;
    writeln!(
        md,
        "- Load: {} concurrent clients, {} s per endpoint after a {} s warm-up, release build; console pages signed in as `supervisor`, customer pages as 小张 (`xiaozhang`) or, for an appeal page, the first synthetic customer with an appeal; `÷ static` is the row's throughput over the static file's on the same backend in the same run; server CPU is the server process's user and system time over the requests (the load generator's own is not in it)",
        config.clients,
        config.seconds,
        WARM_UP.as_secs()
    )?;
    for run in runs {
        writeln!(
            md,
            "- Seeding on {}: {:.1} s",
            run.backend, run.seed_seconds
        )?;
    }
    writeln!(md)?;
    writeln!(
        md,
        "| Backend | Endpoint | Requests | Throughput (req/s) | ÷ static | Goal | Server CPU (µs/req) | p50 (ms) | p99 (ms) | Errors |"
    )?;
    writeln!(md, "|---|---|---:|---:|---:|---|---:|---:|---:|---:|")?;
    let mut notes = Vec::new();
    for run in runs {
        let static_rate = run
            .rows
            .iter()
            .find(|r| r.endpoint == STATIC)
            .map(Row::throughput)
            .filter(|&t| t > 0.0);
        for row in &run.rows {
            let ratio = static_rate.map(|s| row.throughput() / s);
            let goal = match (row.goal, ratio) {
                (Some(goal), Some(ratio)) if ratio >= goal => format!("≥ {goal:.2} met"),
                (Some(goal), Some(_)) => format!("≥ {goal:.2} **not met**"),
                (Some(goal), None) => format!("≥ {goal:.2}"),
                (None, _) => String::new(),
            };
            writeln!(
                md,
                "| {} | `{}` | {} | {:.1} | {} | {goal} | {} | {:.2} | {:.2} | {} |",
                row.backend,
                row.endpoint,
                row.requests,
                row.throughput(),
                ratio.map(|r| format!("{r:.2}")).unwrap_or_default(),
                row.cpu_us.map(|c| format!("{c:.0}")).unwrap_or_default(),
                row.p50_ms,
                row.p99_ms,
                row.errors
            )?;
            if !row.note.is_empty() {
                notes.push(format!("{} `{}`: {}", row.backend, row.endpoint, row.note));
            }
        }
    }
    writeln!(md)?;
    writeln!(
        md,
        "Requests, throughput and percentiles count successful responses (2xx, or a 3xx that is not a refusal); errors are counted apart."
    )?;
    if !notes.is_empty() {
        writeln!(md)?;
        writeln!(md, "Notes:")?;
        for n in notes {
            writeln!(md, "- {n}")?;
        }
    }
    let path = workspace_root().join("target/bench-report.md");
    std::fs::write(&path, &md).with_context(|| format!("write {}", path.display()))?;
    eprintln!("bench: report written to {}", path.display());
    Ok(md)
}
