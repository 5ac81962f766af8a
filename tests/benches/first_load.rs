//! What a customer's phone downloads the first time it opens 小张's overview,
//! and his appeal form (the one customer page with an island), with an empty
//! cache: the page and every file it links, raw and as served (brotli, else
//! gzip). Writes `target/first-load.md`.
//! `cargo bench -p limitdesk-tests --bench first_load`, or `scripts/bench size`.

use std::fmt::Write as _;

use anyhow::{bail, Context};
use limitdesk_tests::http::{client, sign_in};
use limitdesk_tests::{TestServer, PASSWORD};
use reqwest::Client;

/// The issue's goal for the whole first load over the wire.
const GOAL_KIB: f64 = 150.0;

struct Asset {
    path: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
    cache: String,
}

async fn size(
    client: &Client,
    url: &str,
    encoding: Option<&str>,
) -> anyhow::Result<(usize, String)> {
    let mut request = client.get(url);
    if let Some(e) = encoding {
        request = request.header("accept-encoding", e);
    }
    let r = request.send().await.with_context(|| url.to_owned())?;
    if !r.status().is_success() {
        bail!("{url}: {}", r.status());
    }
    let cache = r
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Ok((r.bytes().await?.len(), cache))
}

/// Everything the page makes the browser fetch before it is done: the
/// stylesheet, the module and the wasm it preloads, the icon.
fn linked(html: &str) -> Vec<String> {
    let mut links: Vec<String> = html
        .split('"')
        .filter(|s| s.starts_with("/pkg/") || *s == "/favicon.svg")
        .map(str::to_owned)
        .collect();
    links.sort();
    links.dedup();
    links
}

async fn measure(server: &TestServer, client: &Client, path: &str) -> anyhow::Result<Asset> {
    let url = server.at(path);
    let (raw, cache) = size(client, &url, None).await?;
    let (gzip, _) = size(client, &url, Some("gzip")).await?;
    let (brotli, _) = size(client, &url, Some("br")).await?;
    Ok(Asset {
        path: path.to_owned(),
        raw,
        gzip,
        brotli,
        cache,
    })
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let server = TestServer::start();
    let client = client();
    let signed_in = sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    if !signed_in.status().is_redirection() {
        bail!("sign-in: {}", signed_in.status());
    }
    let decision = server.newest_decision_of("xiaozhang").await;
    let mut md =
        limitdesk_tests::report_head("What a customer's first load downloads (empty cache)");
    let pages = [
        ("小张's overview", "/".to_owned(), Some(GOAL_KIB)),
        (
            "his appeal form (the upload's island: the wasm)",
            format!("/decisions/{decision}/appeal"),
            None,
        ),
    ];
    for (title, path, goal) in pages {
        report(&mut md, &server, &client, title, &path, goal).await?;
    }
    let path = limitdesk_tests::workspace_root().join("target/first-load.md");
    std::fs::write(&path, &md).with_context(|| format!("write {}", path.display()))?;
    println!("{md}");
    Ok(())
}

/// One page and every file it links, as a table, with the total over the wire.
async fn report(
    md: &mut String,
    server: &TestServer,
    client: &Client,
    title: &str,
    path: &str,
    goal: Option<f64>,
) -> anyhow::Result<()> {
    let page = measure(server, client, path).await?;
    let html = client.get(server.at(path)).send().await?.text().await?;
    let mut assets = vec![page];
    for link in linked(&html) {
        assets.push(measure(server, client, &link).await?);
    }
    let total = |f: fn(&Asset) -> usize| assets.iter().map(f).sum::<usize>();
    writeln!(md)?;
    writeln!(md, "## {title}")?;
    writeln!(md)?;
    writeln!(
        md,
        "| file | raw KiB | gzip KiB | brotli KiB | Cache-Control |"
    )?;
    writeln!(md, "|---|---:|---:|---:|---|")?;
    for a in &assets {
        let shown = if a.path == path { "the page" } else { &a.path };
        writeln!(
            md,
            "| `{shown}` | {:.1} | {:.1} | {:.1} | {} |",
            kib(a.raw),
            kib(a.gzip),
            kib(a.brotli),
            if a.cache.is_empty() { "none" } else { &a.cache }
        )?;
    }
    let wire = total(|a| a.brotli);
    writeln!(
        md,
        "| **total** | {:.1} | {:.1} | **{:.1}** | |",
        kib(total(|a| a.raw)),
        kib(total(|a| a.gzip)),
        kib(wire)
    )?;
    writeln!(md)?;
    match goal {
        Some(goal) => writeln!(
            md,
            "Over the wire (brotli): {:.1} KiB; goal ≤ {goal:.0} KiB: {}.",
            kib(wire),
            if kib(wire) <= goal { "met" } else { "not met" }
        )?,
        None => writeln!(md, "Over the wire (brotli): {:.1} KiB.", kib(wire))?,
    }
    Ok(())
}
