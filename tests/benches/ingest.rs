//! Ingest and feed benchmark of the credit system's API against the real
//! release binary, on SQLite and (when `TEST_DATABASE_URL` or
//! `BENCH_DATABASE_URL` names a server) PostgreSQL.
//!
//! It sends customers, then decisions, through `POST /api/v1/batch` in
//! batches of 1,000 from several clients at once, and reads the outcomes feed
//! a page of 100 at a time. The Markdown report goes to
//! `target/bench-ingest.md` and stdout.
//!
//! `scripts/bench ingest`, or `cargo bench -p limitdesk-tests --bench ingest`
//! after a release build. Knobs: `BENCH_INGEST_DECISIONS`
//! (100000), `BENCH_INGEST_CUSTOMERS` (10000), `BENCH_INGEST_CLIENTS` (4),
//! `BENCH_FEED_EVENTS` (10000), `BENCH_FEED_SECONDS` (10).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use limitdesk_tests::TestServer;
use serde_json::{json, Value};

const BATCH: usize = 1000;

struct Config {
    decisions: usize,
    customers: usize,
    clients: usize,
    feed_events: usize,
    seconds: u64,
}

fn var(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a number")),
        Err(_) => Ok(default),
    }
}

struct Run {
    backend: &'static str,
    customers_per_s: f64,
    decisions_per_s: f64,
    decisions_elapsed: Duration,
    feed_reads_per_s: f64,
    feed_events_per_s: f64,
}

fn customer_op(i: usize) -> Value {
    json!({ "type": "customer", "id": format!("BC-{i}"), "body": {
        "version": 1, "display_name": format!("客户{i}"), "phone_masked": "138****0000",
    }})
}

fn decision_op(i: usize, customers: usize) -> Value {
    // Each customer's decisions a minute apart, all before the server's pinned "now".
    let at = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap()
        + chrono::Duration::minutes(i64::try_from(i).unwrap());
    json!({ "type": "decision", "id": format!("BD-{i}"), "body": {
        "customer_id": format!("BC-{}", i % customers),
        "kind": "reduce", "limit_before": "8000.00", "limit_after": "6000.00",
        "reasons": [{ "code": "CREDIT_REASSESSMENT", "band_before": "B", "band_after": "C", "factors": ["high_utilisation"] }],
        "model_version": "risk-bench", "decided_at": at.to_rfc3339(),
        "notice": "【先用后付】综合评估后，您的额度已由 ¥8,000.00 调整为 ¥6,000.00。",
    }})
}

/// Sends `ops` in batches of 1,000 from `clients` tasks; the time it took.
async fn send_all(
    server: &TestServer,
    token: &str,
    ops: Vec<Value>,
    clients: usize,
) -> anyhow::Result<Duration> {
    let batches: Arc<Vec<String>> = Arc::new(
        ops.chunks(BATCH)
            .map(|c| json!({ "operations": c }).to_string())
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (batches, next) = (batches.clone(), next.clone());
        let url = server.at("/api/v1/batch");
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(body) = batches.get(i) else {
                    return anyhow::Ok(());
                };
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
                    .await?;
                let status = r.status();
                let answer: Value = r.json().await?;
                if !status.is_success() {
                    bail!("batch {i}: {status} {answer}");
                }
                let failed = answer["results"]
                    .as_array()
                    .context("results")?
                    .iter()
                    .find(|r| r["status"].as_u64().unwrap_or(0) >= 300);
                if let Some(f) = failed {
                    bail!("batch {i}: an operation failed: {f}");
                }
            }
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(started.elapsed())
}

/// Appends `n` outcome events to the feed straight in the database: the feed
/// reads what support's decisions write, and deciding 10⁴ appeals through
/// the console would measure the console.
async fn fill_feed(database_url: &str, n: usize) -> anyhow::Result<()> {
    let outcome = sqlx::types::Json(domain::resolution::Outcome::Rejected {
        reason: domain::resolution::RejectReason::RecordIsCorrect,
    });
    macro_rules! fill {
        ($pool:expr) => {{
            let pool = $pool;
            let accounts: Vec<uuid::Uuid> = sqlx::query_scalar(
                "SELECT id FROM accounts WHERE external_id IS NOT NULL ORDER BY id LIMIT 1000",
            )
            .fetch_all(&pool)
            .await?;
            let mut tx = pool.begin().await?;
            let last: i64 = sqlx::query_scalar("SELECT last_seq FROM feed_counter WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
            for k in 0..n {
                sqlx::query(
                    "INSERT INTO outcome_events (seq, id, kind, account_id, outcome, occurred_at) \
                     VALUES ($1, $2, 'appeal_decided', $3, $4, $5)",
                )
                .bind(last + i64::try_from(k).unwrap() + 1)
                .bind(uuid::Uuid::now_v7())
                .bind(accounts[k % accounts.len()])
                .bind(&outcome)
                .bind(chrono::Utc::now())
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE feed_counter SET last_seq = $1 WHERE id = 1")
                .bind(last + i64::try_from(n).unwrap())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }};
    }
    if database_url.starts_with("sqlite:") {
        fill!(sqlx::SqlitePool::connect(database_url).await?);
    } else {
        fill!(sqlx::PgPool::connect(database_url).await?);
    }
    Ok(())
}

/// Pages of 100 from random cursors for `seconds`: reads/s and events/s.
async fn read_feed(
    server: &TestServer,
    token: &str,
    clients: usize,
    events: usize,
    seconds: u64,
) -> anyhow::Result<(f64, f64)> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let reads = Arc::new(AtomicUsize::new(0));
    let seen = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (reads, seen) = (reads.clone(), seen.clone());
        let base = server.at("/api/v1/outcomes");
        let token = token.to_owned();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut cursor = c * 7919;
            while Instant::now() < deadline {
                cursor = (cursor * 31 + 17) % events.max(1);
                let r = client
                    .get(format!("{base}?after={cursor}&limit=100"))
                    .bearer_auth(&token)
                    .send()
                    .await?;
                if !r.status().is_success() {
                    bail!("feed: {}", r.status());
                }
                let page: Value = r.json().await?;
                reads.fetch_add(1, Ordering::Relaxed);
                seen.fetch_add(
                    page["events"].as_array().map_or(0, Vec::len),
                    Ordering::Relaxed,
                );
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let secs = seconds as f64;
    Ok((
        reads.load(Ordering::Relaxed) as f64 / secs,
        seen.load(Ordering::Relaxed) as f64 / secs,
    ))
}

async fn run(backend: &'static str, server: TestServer, config: &Config) -> anyhow::Result<Run> {
    let token = server.api_token("bench", &["ingest", "outcomes"]);
    let customers: Vec<Value> = (0..config.customers).map(customer_op).collect();
    let took = send_all(&server, &token, customers, config.clients).await?;
    let customers_per_s = config.customers as f64 / took.as_secs_f64();
    eprintln!("{backend}: {} customers in {took:.1?}", config.customers);
    let decisions: Vec<Value> = (0..config.decisions)
        .map(|i| decision_op(i, config.customers))
        .collect();
    let decisions_elapsed = send_all(&server, &token, decisions, config.clients).await?;
    let decisions_per_s = config.decisions as f64 / decisions_elapsed.as_secs_f64();
    eprintln!(
        "{backend}: {} decisions in {decisions_elapsed:.1?}",
        config.decisions
    );
    fill_feed(&server.database_url, config.feed_events).await?;
    let (feed_reads_per_s, feed_events_per_s) = read_feed(
        &server,
        &token,
        config.clients,
        config.feed_events,
        config.seconds,
    )
    .await?;
    Ok(Run {
        backend,
        customers_per_s,
        decisions_per_s,
        decisions_elapsed,
        feed_reads_per_s,
        feed_events_per_s,
    })
}

fn report(config: &Config, runs: &[Run]) -> anyhow::Result<String> {
    use std::fmt::Write;
    let mut md = limitdesk_tests::report_head("LimitDesk ingest and feed benchmark");
    writeln!(
        md,
        "- {} customers, then {} decisions (one reason each), through `POST /api/v1/batch` in batches of {BATCH} from {} clients; the feed read in pages of 100 from random cursors over {} events for {} s",
        config.customers, config.decisions, config.clients, config.feed_events, config.seconds
    )?;
    writeln!(md)?;
    writeln!(
        md,
        "| Database | Customers/s | Decisions/s | Decisions took | Feed reads/s | Feed events/s |"
    )?;
    writeln!(md, "|---|---:|---:|---:|---:|---:|")?;
    for r in runs {
        writeln!(
            md,
            "| {} | {:.0} | {:.0} | {:.1} s | {:.0} | {:.0} |",
            r.backend,
            r.customers_per_s,
            r.decisions_per_s,
            r.decisions_elapsed.as_secs_f64(),
            r.feed_reads_per_s,
            r.feed_events_per_s
        )?;
    }
    let path = limitdesk_tests::workspace_root().join("target/bench-ingest.md");
    std::fs::write(&path, &md).with_context(|| format!("write {}", path.display()))?;
    Ok(md)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config {
        decisions: var("BENCH_INGEST_DECISIONS", 100_000)?,
        customers: var("BENCH_INGEST_CUSTOMERS", 10_000)?.max(1),
        clients: var("BENCH_INGEST_CLIENTS", 4)?.max(1),
        feed_events: var("BENCH_FEED_EVENTS", 10_000)?.max(1),
        seconds: u64::try_from(var("BENCH_FEED_SECONDS", 10)?.max(1))?,
    };
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        std::env::set_var("TEST_DATABASE_URL", url);
    }
    let mut runs = Vec::new();
    runs.push(run("SQLite", TestServer::start(), &config).await?);
    if let Some(url) = limitdesk_tests::fresh_postgres_url().await {
        let dir = tempfile::tempdir()?;
        runs.push(run("PostgreSQL", TestServer::start_on(dir, url), &config).await?);
    }
    println!("{}", report(&config, &runs)?);
    Ok(())
}
