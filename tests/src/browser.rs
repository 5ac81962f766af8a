//! A headless Chromium driven through chromedriver, with actions that wait for
//! the state they need instead of for time or for the previous page.
//!
//! Two rules keep the browser tests truthful on a fast machine and a busy one:
//! - An action that loads a new document (a form post, a full-page link) waits
//!   until the old document is gone and the new one has loaded. A click alone
//!   does not: WebDriver may answer before the navigation starts, and the
//!   previous page often shows the very notice the test means to read next.
//! - Reads go through the page's own `document.querySelector` on every try, so
//!   no element handle outlives a re-render (no stale references), and a read
//!   that expects a value polls until it appears or the patience runs out.

use std::future::Future;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::workspace_root;

/// How long any one wait may take before the test fails with what it saw.
const PATIENCE: Duration = Duration::from_secs(30);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

/// A chromedriver process and a headless Chromium session driven through it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// Polls `probe` until it returns `Ok`, or panics with `what` and the probe's
/// last `Err` (what it saw instead) once [`PATIENCE`] runs out.
async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match probe().await {
            Ok(found) => return found,
            Err(last) if Instant::now() >= deadline => {
                panic!("{what}: not so after {PATIENCE:?}; last seen: {last}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

impl Browser {
    pub async fn start() -> Browser {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            listener.local_addr().expect("addr").port()
        };
        let driver = Command::new(
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned()),
        )
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver (apt-get install chromium-driver)");
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=390,844",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!("a JSON object literal")
        };
        // chromedriver takes a moment to listen; the session request is the readiness check.
        let client = eventually("a browser session starts", || {
            let caps = caps.clone();
            async move {
                let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                fantoccini::ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}"))
                    .await
                    .map_err(|e| e.to_string())
            }
        })
        .await;
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Runs `script` in the page, with `css` as `arguments[0]`.
    async fn run(&self, script: &str, css: &str) -> Result<Value, String> {
        self.client
            .execute(script, vec![json!(css)])
            .await
            .map_err(|e| e.to_string())
    }

    /// Loads `url` as a new document and waits until it has loaded.
    pub async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        self.loaded().await;
    }

    /// Reloads the page and waits for the new document.
    pub async fn reload(&self) {
        self.expect_new_document().await;
        self.client.refresh().await.expect("reload");
        self.new_document_loaded("the reload").await;
    }

    async fn loaded(&self) {
        eventually("the page finishes loading", || async {
            match self.run("return document.readyState;", "").await?.as_str() {
                Some("complete") => Ok(()),
                other => Err(format!("readyState {other:?}")),
            }
        })
        .await
    }

    /// Marks the current document, so that [`Self::new_document_loaded`] can
    /// tell it from the one that replaces it.
    async fn expect_new_document(&self) {
        self.run("window.__limitdeskOldDocument = true;", "")
            .await
            .expect("mark the current document");
    }

    async fn new_document_loaded(&self, after: &str) {
        eventually(&format!("a new page loads after {after}"), || async {
            let state = self
                .run(
                    "return [window.__limitdeskOldDocument === true, document.readyState];",
                    "",
                )
                .await?;
            match (state[0].as_bool(), state[1].as_str()) {
                (Some(false), Some("complete")) => Ok(()),
                _ => Err(format!("old document / readyState: {state}")),
            }
        })
        .await
    }

    /// Waits until `script` (a function body) returns `true`, e.g. a layout
    /// after a resize.
    pub async fn holds(&self, what: &str, script: &str) {
        eventually(what, || async {
            match self.client.execute(script, vec![]).await {
                Ok(Value::Bool(true)) => Ok(()),
                Ok(other) => Err(other.to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .await
    }

    /// Waits until an element matches `css`.
    pub async fn wait(&self, css: &str) {
        eventually(&format!("{css} is on the page"), || async {
            match self
                .run("return document.querySelector(arguments[0]) !== null;", css)
                .await?
            {
                Value::Bool(true) => Ok(()),
                other => Err(other.to_string()),
            }
        })
        .await
    }

    /// Reads `expr` (JavaScript over the element `e`, stringified unless null)
    /// from the first element matching `css`, once there is one and `ok` holds
    /// for what was read (`expect` says what is awaited, for the failure message).
    async fn read_where(
        &self,
        css: &str,
        expr: &str,
        expect: &str,
        ok: impl Fn(Option<&str>) -> bool,
    ) -> Option<String> {
        let script = format!(
            "const e = document.querySelector(arguments[0]); \
             if (!e) return {{found: false}}; \
             const v = {expr}; return {{found: true, value: v == null ? null : String(v)}};"
        );
        eventually(&format!("{css} {expect}"), || async {
            let got = self.run(&script, css).await?;
            let value = got["value"].as_str();
            match got["found"].as_bool() {
                Some(true) if ok(value) => Ok(value.map(str::to_owned)),
                Some(true) => Err(format!("{value:?}")),
                _ => Err("no such element".to_owned()),
            }
        })
        .await
    }

    /// The text of the first element matching `css` once there is one, as the
    /// person sees it (trimmed).
    pub async fn text(&self, css: &str) -> String {
        self.text_where(css, "is on the page", |_| true).await
    }

    /// The text of the first element matching `css`, once it satisfies `ok`.
    pub async fn text_where(&self, css: &str, expect: &str, ok: impl Fn(&str) -> bool) -> String {
        self.read_where(css, "e.innerText.trim()", expect, |v| v.is_some_and(&ok))
            .await
            .unwrap_or_default()
    }

    /// Waits until the text of the first element matching `css` contains every one of `parts`.
    pub async fn text_containing(&self, css: &str, parts: &[&str]) -> String {
        self.text_where(css, &format!("contains {parts:?}"), |t| {
            parts.iter().all(|p| t.contains(p))
        })
        .await
    }

    /// A DOM property (`value`, `checked`, …) of the first element matching
    /// `css`, once there is one; `None` when the property is null or undefined.
    pub async fn prop(&self, css: &str, name: &str) -> Option<String> {
        self.read_where(css, &format!("e[{name:?}]"), "is on the page", |_| true)
            .await
    }

    /// Waits until the DOM property `name` of the first element matching `css` is `value`.
    pub async fn prop_becomes(&self, css: &str, name: &str, value: &str) {
        self.read_where(
            css,
            &format!("e[{name:?}]"),
            &format!("has {name} {value:?}"),
            |v| v == Some(value),
        )
        .await;
    }

    /// An attribute of the first element matching `css`, once there is one.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.read_where(
            css,
            &format!("e.getAttribute({name:?})"),
            "is on the page",
            |_| true,
        )
        .await
    }

    /// How many elements match `css` right now. Only meaningful once the page
    /// being asserted about has loaded: wait for something on it first.
    pub async fn count(&self, css: &str) -> usize {
        let n = self
            .run(
                "return document.querySelectorAll(arguments[0]).length;",
                css,
            )
            .await
            .unwrap_or_else(|e| panic!("count {css}: {e}"));
        n.as_u64().unwrap_or_default() as usize
    }

    /// The page's whole HTML as it is now.
    pub async fn source(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// Scrolls the element to the middle of the viewport (clear of the sticky
    /// header), then clicks it: for controls that act within the page and for
    /// links the router may follow without a reload.
    pub async fn click(&self, css: &str) {
        self.click_on(Locator::Css(css)).await
    }

    /// Clicks the link with exactly this text (see [`Self::click`]).
    pub async fn click_link(&self, text: &str) {
        self.click_on(Locator::LinkText(text)).await
    }

    async fn click_on(&self, target: Locator<'_>) {
        eventually(&format!("click {target:?}"), || async {
            // Found afresh on every try: a re-render between finding and
            // clicking only means another try.
            let el = self.client.find(target).await.map_err(|e| e.to_string())?;
            let arg = serde_json::to_value(&el).map_err(|e| e.to_string())?;
            self.client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                    vec![arg],
                )
                .await
                .map_err(|e| e.to_string())?;
            el.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Clicks a control that loads a new document (a form's submit button, a
    /// link), and waits until that document has loaded.
    pub async fn submit(&self, css: &str) {
        self.wait(css).await;
        self.expect_new_document().await;
        self.click(css).await;
        self.new_document_loaded(&format!("clicking {css}")).await;
    }

    /// Types each value into the field its selector names.
    pub async fn fill(&self, fields: &[(&str, &str)]) {
        for (css, value) in fields {
            self.wait(css).await;
            self.client
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("{css}: {e}"))
                .send_keys(value)
                .await
                .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        }
    }

    /// Chooses a file in the file input `css`.
    pub async fn attach(&self, css: &str, path: &std::path::Path) {
        self.fill(&[(css, &path.display().to_string())]).await;
    }

    /// From now on the browser refuses every `.wasm` download, as a slow or
    /// broken connection leaves a page: server-rendered HTML and no islands.
    pub async fn block_wasm(&self) {
        for (cmd, params) in [
            ("Network.enable", json!({})),
            ("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] })),
        ] {
            self.client
                .issue_cmd(Cdp { cmd, params })
                .await
                .unwrap_or_else(|e| panic!("{cmd}: {e}"));
        }
    }

    /// Waits until the wasm has loaded and the page's islands are live.
    pub async fn hydrated(&self) {
        self.wait("body[data-hydrated='true']").await;
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Saves a PNG of the viewport under `target/screenshots/` for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = workspace_root().join("target/screenshots");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Resizes the window, e.g. to look at the desktop layout.
    pub async fn resize(&self, width: u32, height: u32) {
        let _ = self.client.set_window_size(width, height).await;
    }

    /// Closes the session (ending Chromium) and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A Chrome DevTools Protocol command, through chromedriver's own endpoint.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
