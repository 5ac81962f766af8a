//! Every page in the pseudo-locale (en-XA), where each catalogue string reads
//! ⟦like this⟧: visible text outside the markers did not come through the
//! catalogue, and fails the test, page by page. Exempt are the data people and
//! the credit system wrote (names, order names, messages, ids, amounts and
//! dates) and the domain's reason catalogue and stored notices, each listed in
//! `EXEMPT` with why.
//!
//! The pseudo-locale exists only in test builds (the tests crate enables
//! `app/pseudo-locale`; `scripts/build` does not).

use limitdesk_tests::flows::{sign_in, staff_sign_in};
use limitdesk_tests::{Browser, TestServer, PASSWORD};

/// Elements whose text is not the interface's to translate.
const EXEMPT: &[(&str, &str)] = &[
    (
        "[translate=no]",
        "data: names, usernames, ids, order names, messages, file names, audit records, stored notices",
    ),
    (
        "[data-catalogue=reasons]",
        "the domain's reason catalogue: reasons, their facts, restoration steps, evidence hints",
    ),
    (
        ":not(html)[lang]",
        "text in another language on purpose, e.g. the language switch's 中文",
    ),
    ("script, style, template", "not visible text"),
];

/// What a page shows that is neither catalogue text nor exempt, one entry per
/// text node or attribute.
const LEFTOVERS: &str = r#"
const exempt = arguments[0];
const words = /[A-Za-z]{2,}|[\u3400-\u9fff]/;
const strip = (s) => s.replace(/⟦[^⟧]*⟧/g, '');
const leaks = [];
const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || el.closest(exempt)) continue;
  const rest = strip(node.data).trim();
  if (words.test(rest)) leaks.push(`<${el.tagName.toLowerCase()}> ${rest}`);
}
for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
  if (el.closest(exempt)) continue;
  for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
    const value = el.getAttribute(name);
    if (value !== null && words.test(strip(value))) leaks.push(`${name}="${value}"`);
  }
}
return leaks;
"#;

/// The page's leftovers, after it has rendered in the pseudo-locale.
async fn leftovers(b: &Browser) -> Vec<String> {
    b.wait("html[lang=en-XA]").await;
    let exempt: Vec<&str> = EXEMPT.iter().map(|(css, _)| *css).collect();
    let script = format!(
        "return (function() {{ {LEFTOVERS} }}).apply(null, [{}]);",
        serde_json::to_string(&exempt.join(", ")).expect("json")
    );
    let found = b.eval(&script).await;
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Chooses the pseudo-locale for this browser (the cookie the language switch sets).
async fn use_pseudo_locale(b: &Browser, server: &TestServer) {
    b.open(&server.at("/login")).await;
    b.eval("document.cookie = 'ld_lang=en-XA; path=/; SameSite=Lax'; return true;")
        .await;
}

/// Adds the shown page's leftovers to `report` under the page's path.
async fn note_leftovers(b: &Browser, path: &str, report: &mut Vec<String>) {
    for leak in leftovers(b).await {
        report.push(format!("{path}: {leak}"));
    }
}

/// Visits each path and collects its leftovers under the path's name.
async fn walk(b: &Browser, server: &TestServer, paths: &[String], report: &mut Vec<String>) {
    for path in paths {
        b.open(&server.at(path)).await;
        note_leftovers(b, path, report).await;
    }
}

#[tokio::test]
async fn every_page_speaks_only_through_the_catalogue() {
    let server = TestServer::start();
    server.add_admin("admin", "管理员甲").await;
    let mut report = Vec::new();

    // Signed out.
    let b = Browser::start().await;
    use_pseudo_locale(&b, &server).await;
    let signed_out: Vec<String> = ["/login", "/admin/login", "/help", "/no-such-page"]
        .map(str::to_owned)
        .to_vec();
    walk(&b, &server, &signed_out, &mut report).await;

    // 小张: every customer page, then files an appeal and reads it.
    sign_in(&b, &server, "xiaozhang", PASSWORD).await;
    let decision = server.newest_decision_of("xiaozhang").await;
    let customer = [
        "/".to_owned(),
        "/history".to_owned(),
        "/repayments".to_owned(),
        "/help".to_owned(),
        format!("/decisions/{decision}"),
        format!("/decisions/{decision}/appeal"),
    ];
    walk(&b, &server, &customer, &mut report).await;
    b.click("#ground-paid_not_recorded").await;
    b.fill(&[(
        "#statement",
        "我在 10 月 21 日已经还清了这一期，请恢复额度。",
    )])
    .await;
    b.submit(".appeal-form button[type=submit]").await;
    b.wait("[data-testid=appeal-status]").await;
    let appeal_path = b
        .eval("return window.location.pathname;")
        .await
        .as_str()
        .map(str::to_owned)
        .expect("the appeal page's path");
    note_leftovers(&b, &appeal_path, &mut report).await;
    let appeal = appeal_path
        .rsplit('/')
        .next()
        .expect("an appeal id")
        .to_owned();
    // The frozen customers' overviews carry other reasons and notices.
    for who in ["zhangsan", "wangwu"] {
        b.open(&server.at("/login")).await;
        sign_in(&b, &server, who, PASSWORD).await;
        walk(&b, &server, &["/".to_owned()], &mut report).await;
    }
    b.close().await;

    // The supervisor: the queue, 小张's case, the audit log, the password page.
    let s = Browser::start().await;
    use_pseudo_locale(&s, &server).await;
    staff_sign_in(&s, &server, "supervisor").await;
    let staff = [
        "/admin".to_owned(),
        format!("/admin/appeals/{appeal}"),
        "/admin/audit".to_owned(),
        "/admin/password".to_owned(),
    ];
    walk(&s, &server, &staff, &mut report).await;
    s.close().await;

    // An admin: staff accounts and API tokens.
    let a = Browser::start().await;
    use_pseudo_locale(&a, &server).await;
    staff_sign_in(&a, &server, "admin").await;
    let admin_pages = ["/admin/staff".to_owned(), "/admin/tokens".to_owned()];
    walk(&a, &server, &admin_pages, &mut report).await;
    a.close().await;

    assert!(
        report.is_empty(),
        "{} pieces of text did not come through the catalogue:\n{}",
        report.len(),
        report.join("\n")
    );
}
