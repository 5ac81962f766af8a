//! Lighthouse on the customer pages issue 13 names, signed in as 小张: his
//! overview, his appeal form (the one customer page with an island) and, once
//! he has filed, the appeal page. Lighthouse's default mobile run: an emulated
//! phone on slow 4G with the CPU slowed down four times. Writes
//! `target/lighthouse.md`.
//!
//! Needs Node and Lighthouse: `scripts/bench lighthouse` installs Lighthouse
//! into `target/lighthouse/`; `LIGHTHOUSE` names another executable, and
//! `CHROME_PATH` the browser (default `/usr/bin/chromium`).

use std::fmt::Write as _;
use std::process::Command;

use anyhow::{bail, Context};
use limitdesk_tests::http::{client, file_appeal, sign_in};
use limitdesk_tests::{workspace_root, TestServer, PASSWORD};
use serde_json::Value;

/// The goals: performance on each page, the other two kept.
const GOALS: [(&str, f64); 3] = [
    ("performance", 95.0),
    ("accessibility", 100.0),
    ("best-practices", 100.0),
];
const METRICS: [(&str, &str); 5] = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("speed-index", "Speed index"),
    ("cumulative-layout-shift", "CLS"),
];

struct Run {
    page: String,
    scores: Vec<f64>,
    metrics: Vec<String>,
}

fn lighthouse_binary() -> anyhow::Result<String> {
    if let Ok(path) = std::env::var("LIGHTHOUSE") {
        return Ok(path);
    }
    let local = workspace_root().join("target/lighthouse/node_modules/.bin/lighthouse");
    if local.exists() {
        return Ok(local.display().to_string());
    }
    bail!("no Lighthouse: run `scripts/bench lighthouse`, or set LIGHTHOUSE")
}

/// One Lighthouse run on `url` with the session cookie on every request.
fn audit(lighthouse: &str, url: &str, cookie: &str) -> anyhow::Result<Value> {
    let chrome = std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let headers = serde_json::json!({ "Cookie": cookie }).to_string();
    let out = Command::new(lighthouse)
        .arg(url)
        .args([
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ])
        .arg(format!("--extra-headers={headers}"))
        .env("CHROME_PATH", chrome)
        .output()
        .with_context(|| format!("run {lighthouse}"))?;
    if !out.status.success() {
        bail!(
            "lighthouse {url}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    serde_json::from_slice(&out.stdout).context("Lighthouse's JSON report")
}

fn run_of(page: &str, report: &Value) -> anyhow::Result<Run> {
    if let Some(error) = report.get("runtimeError").and_then(|e| e.get("message")) {
        bail!("{page}: {error}");
    }
    let scores = GOALS
        .iter()
        .map(|(category, _)| {
            report["categories"][category]["score"]
                .as_f64()
                .map(|s| s * 100.0)
                .with_context(|| format!("{page}: no {category} score"))
        })
        .collect::<anyhow::Result<_>>()?;
    let metrics = METRICS
        .iter()
        .map(|(audit, _)| {
            report["audits"][audit]["displayValue"]
                .as_str()
                .unwrap_or("?")
                .to_owned()
        })
        .collect();
    Ok(Run {
        page: page.to_owned(),
        scores,
        metrics,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let lighthouse = lighthouse_binary()?;
    let server = TestServer::start();
    let client = client();
    let signed_in = sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    let cookie = signed_in
        .cookies()
        .find(|c| c.name() == "ld_session")
        .map(|c| format!("ld_session={}", c.value()))
        .context("no session cookie after sign-in")?;
    let decision = server.newest_decision_of("xiaozhang").await;

    let mut runs = Vec::new();
    // The form first: once he has filed, it only says an appeal is open.
    for (page, path) in [
        ("overview", "/".to_owned()),
        ("appeal form", format!("/decisions/{decision}/appeal")),
    ] {
        eprintln!("lighthouse: {page}");
        runs.push(run_of(
            page,
            &audit(&lighthouse, &server.at(&path), &cookie)?,
        )?);
    }
    let appeal = file_appeal(&server, &client, decision).await;
    eprintln!("lighthouse: appeal page");
    let report = audit(
        &lighthouse,
        &server.at(&format!("/appeals/{appeal}")),
        &cookie,
    )?;
    runs.push(run_of("appeal page", &report)?);
    let version = report["lighthouseVersion"]
        .as_str()
        .unwrap_or("?")
        .to_owned();

    let mut md = limitdesk_tests::report_head("Lighthouse, mobile, signed in as 小张");
    writeln!(
        md,
        "- Lighthouse {version}, default mobile settings (emulated phone, slow 4G, 4× CPU slowdown), headless Chromium; release build, demo world on SQLite"
    )?;
    writeln!(md)?;
    let mut head = "| page | performance | accessibility | best practices |".to_owned();
    let mut rule = "|---|---:|---:|---:|".to_owned();
    for (_, short) in METRICS {
        head.push_str(&format!(" {short} |"));
        rule.push_str("---:|");
    }
    writeln!(md, "{head}")?;
    writeln!(md, "{rule}")?;
    let mut missed = Vec::new();
    for run in &runs {
        let mut line = format!("| {} |", run.page);
        for (score, (category, goal)) in run.scores.iter().zip(GOALS) {
            line.push_str(&format!(" {score:.0} |"));
            if *score < goal {
                missed.push(format!("{} {category} {score:.0} < {goal:.0}", run.page));
            }
        }
        for m in &run.metrics {
            line.push_str(&format!(" {m} |"));
        }
        writeln!(md, "{line}")?;
    }
    writeln!(md)?;
    if missed.is_empty() {
        writeln!(
            md,
            "Goals (performance ≥ 95, accessibility and best practices 100): met on every page."
        )?;
    } else {
        writeln!(md, "Goals not met: {}.", missed.join("; "))?;
    }
    let path = workspace_root().join("target/lighthouse.md");
    std::fs::write(&path, &md).with_context(|| format!("write {}", path.display()))?;
    println!("{md}");
    Ok(())
}
