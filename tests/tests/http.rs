//! Real HTTP against the real release binary: sign-in, sessions, CSRF, scoping.

use limitdesk_tests::http::{client, location, sign_in};
use limitdesk_tests::{fresh_postgres_url, TestServer, PASSWORD};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};

async fn page(server: &TestServer, client: &Client, path: &str) -> (StatusCode, String) {
    let r = client
        .get(server.at(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn signing_in_sets_a_hardened_cookie_and_shows_the_customers_own_limit() {
    let server = TestServer::start();
    let client = client();
    let r = sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("ld_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );

    let (status, html) = page(&server, &client, "/").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "¥2,000.00",
        "¥8,000.00",
        "逾期未还款",
        "¥600.00",
        "12 天",
        "2026-10-08",
    ] {
        assert!(html.contains(expected), "overview lacks {expected}");
    }
    assert!(html.contains("lang=\"zh-CN\""), "Chinese by default");
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_a_session() {
    let server = TestServer::start();
    let client = client();
    let r = sign_in(&server, &client, "xiaozhang", "not-the-password").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login?error=credentials&username=xiaozhang");
    assert!(r.headers().get("set-cookie").is_none());
    let (_, html) = page(
        &server,
        &client,
        "/login?error=credentials&username=xiaozhang",
    )
    .await;
    assert!(html.contains("用户名或密码不正确"));

    let (status, _) = page(&server, &client, "/").await;
    assert_eq!(status, StatusCode::FOUND, "still signed out");

    let unknown = sign_in(&server, &client, "nobody", PASSWORD).await;
    assert_eq!(
        location(&unknown),
        "/login?error=credentials&username=nobody",
        "same answer for unknown users"
    );
}

#[tokio::test]
async fn pages_need_a_customer_session() {
    let server = TestServer::start();
    let client = client();
    for path in ["/", "/history", "/repayments"] {
        let r = client
            .get(server.at(path))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FOUND, "{path}");
        assert!(location(&r).starts_with("/login"), "{path}");
    }
    let (status, html) = page(&server, &client, "/help").await;
    assert_eq!(status, StatusCode::OK, "help is public");
    assert!(html.contains("不能提现"));

    // Staff cannot use the customer sign-in.
    let r = sign_in(&server, &client, "agent", PASSWORD).await;
    assert_eq!(location(&r), "/login?error=credentials&username=agent");
}

#[tokio::test]
async fn another_customers_decision_is_not_found() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let owner = client();
    sign_in(&server, &owner, "xiaozhang", PASSWORD).await;
    let (status, html) = page(&server, &owner, &format!("/decisions/{decision}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("CS-20261020-0001"), "the notice number");

    let other = client();
    sign_in(&server, &other, "lisi", PASSWORD).await;
    let (status, html) = page(&server, &other, &format!("/decisions/{decision}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("CS-20261020-0001"));
    let (status, _) = page(&server, &other, "/decisions/not-a-uuid").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The server function behind the page answers the same way.
    let r = other
        .post(server.at("/api/decision"))
        .header("origin", &server.url)
        .form(&[("id", decision.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("NotFound") && !body.contains("CS-20261020-0001"),
        "{body}"
    );

    let anonymous = client()
        .post(server.at("/api/overview"))
        .header("origin", &server.url)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let server = TestServer::start();
    let client = client();
    let r = client
        .post(server.at("/auth/login"))
        .header("origin", "https://evil.example")
        .form(&[("username", "xiaozhang"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get("set-cookie").is_none());

    let r = client
        .post(server.at("/api/overview"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The request's own Host proves nothing: only the public origin counts.
    let r = client
        .post(server.at("/auth/login"))
        .header("host", "evil.example")
        .header("origin", "http://evil.example")
        .form(&[("username", "xiaozhang"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A signed-in browser's cookies on a post with neither origin header: refused,
    // and the session lives on.
    sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    let r = client.post(server.at("/auth/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, html) = page(&server, &client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("¥8,000.00"), "still signed in");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let server = TestServer::start();
    let client = client();
    for _ in 0..5 {
        let r = sign_in(&server, &client, "lisi", "wrong-password").await;
        assert_eq!(location(&r), "/login?error=credentials&username=lisi");
    }
    let r = sign_in(&server, &client, "lisi", PASSWORD).await;
    assert_eq!(
        location(&r),
        "/login?error=rate_limited&username=lisi",
        "even the right password waits"
    );
    assert!(r.headers().get("set-cookie").is_none());
    // Other accounts are unaffected.
    let r = sign_in(&server, &client, "wangwu", PASSWORD).await;
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let server = TestServer::start();
    let client = client();
    let r = sign_in(&server, &client, "lisi", PASSWORD).await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let r = client
        .post(server.at("/auth/logout"))
        .header("origin", &server.url)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/login?signed_out=1");

    // Replaying the old cookie gets nothing.
    let fresh = Client::builder().redirect(Policy::none()).build().unwrap();
    let r = fresh
        .get(server.at("/"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn the_language_choice_is_remembered() {
    let server = TestServer::start();
    let client = client();
    let r = client
        .post(server.at("/auth/lang"))
        .header("origin", &server.url)
        .form(&[("lang", "en"), ("next", "/help")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/help");
    let (_, html) = page(&server, &client, "/help").await;
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Can I withdraw my limit as cash?"));
    assert!(html.contains("No. A use-first-pay-later limit is for purchases only."));

    let r = client
        .post(server.at("/auth/lang"))
        .header("origin", &server.url)
        .form(&[("lang", "en"), ("next", "//evil.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/", "no open redirect");
}

#[tokio::test]
async fn unknown_pages_answer_404_and_responses_carry_security_headers() {
    let server = TestServer::start();
    let client = client();
    let r = client
        .get(server.at("/no-such-page"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(r.headers().get("x-frame-options").unwrap(), "DENY");
    let id = r.headers().get("x-request-id").expect("a request id");
    assert!(
        uuid::Uuid::parse_str(id.to_str().unwrap()).is_ok(),
        "{id:?}"
    );
}

/// The names `scripts/build` gave the JS, wasm and CSS, as a page links them.
fn asset_links(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|s| s.starts_with("/pkg/limitdesk.") && !s.contains(' '))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn static_files_have_hashed_names_are_kept_a_year_and_come_precompressed() {
    let server = TestServer::start();
    let client = client();
    // Only a page with an island links the script and the wasm.
    let (_, login) = page(&server, &client, "/login").await;
    let css_only: Vec<String> = asset_links(&login);
    assert!(
        !css_only.is_empty() && css_only.iter().all(|l| l.ends_with(".css")),
        "{css_only:?}"
    );
    assert!(
        !login.contains("type=\"module\""),
        "no loader without islands"
    );
    // Nor the data a hydrating page would need (Leptos' empty bootstrap remains).
    assert!(
        !login.contains("__RESOLVED_RESOURCES["),
        "no resource values sent along"
    );
    let r = sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    assert_eq!(location(&r), "/");
    let decision = server.newest_decision_of("xiaozhang").await;
    let (_, html) = page(&server, &client, &format!("/decisions/{decision}/appeal")).await;
    let mut links = asset_links(&html);
    links.sort();
    links.dedup();
    let mut kinds: Vec<&str> = links.iter().filter_map(|l| l.rsplit('.').next()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["css", "js", "wasm"], "{links:?}");
    for link in &links {
        let hash = link.split('.').nth(1).unwrap_or_default();
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "content-hashed: {link}"
        );
        let plain = client.get(server.at(link)).send().await.unwrap();
        assert_eq!(plain.status(), StatusCode::OK, "{link}");
        assert_eq!(
            plain.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{link}"
        );
        assert!(plain.headers().get("content-encoding").is_none());
        let size = plain.bytes().await.unwrap().len();
        for encoding in ["br", "gzip"] {
            let packed = client
                .get(server.at(link))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(packed.status(), StatusCode::OK);
            assert_eq!(packed.headers()["content-encoding"], encoding, "{link}");
            assert_eq!(
                packed.headers()["cache-control"],
                "public, max-age=31536000, immutable"
            );
            let packed = packed.bytes().await.unwrap().len();
            assert!(packed < size, "{link}: {encoding} {packed} of {size} bytes");
        }
    }
    // A name no build made is not found, and that is not kept.
    let missing = client
        .get(server.at("/pkg/limitdesk.0123456789abcdef.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing
        .headers()
        .get("cache-control")
        .is_none_or(|v| v != "public, max-age=31536000, immutable"));
    // The API reference page links the same stylesheet.
    let (_, docs) = page(&server, &client, "/api/v1/docs").await;
    assert!(
        asset_links(&docs).iter().any(|l| links.contains(l)),
        "the API reference's stylesheet"
    );
}

#[tokio::test]
async fn the_binary_serves_the_same_story_from_postgresql() {
    let Some(url) = fresh_postgres_url().await else {
        return;
    };
    let server = TestServer::start_on(tempfile::tempdir().unwrap(), url);
    let client = client();
    let r = sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    assert_eq!(location(&r), "/");
    let (status, html) = page(&server, &client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("¥2,000.00") && html.contains("¥8,000.00") && html.contains("逾期未还款")
    );
    let (_, html) = page(&server, &client, "/repayments").await;
    assert!(html.contains("逾期 13 天还款"));
}

#[tokio::test]
async fn an_operator_adds_an_account_with_the_password_on_stdin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let server = TestServer::start();
    let add = |username: &str, password: &str| {
        let mut child = Command::new(limitdesk_tests::binary())
            .args([
                "user",
                "add",
                "--username",
                username,
                "--role",
                "customer",
                "--name",
                "赵六",
            ])
            .env("DATABASE_URL", &server.database_url)
            .env("LIMITDESK_SECRET_KEY", limitdesk_tests::SECRET_KEY)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add("zhaoliu", "a-long-enough-password");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Created customer account zhaoliu"));

    let again = add("zhaoliu", "a-long-enough-password");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("taken"));
    let short = add("zhouqi", "short");
    assert!(!short.status.success(), "a short password is refused");

    let client = client();
    let r = sign_in(&server, &client, "zhaoliu", "a-long-enough-password").await;
    assert_eq!(location(&r), "/");
    let (status, html) = page(&server, &client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("¥0.00") && html.contains("账户状态良好"));
}

#[tokio::test]
async fn a_failure_of_ours_answers_an_opaque_page_that_quotes_the_request_id() {
    let server = TestServer::start();
    let client = client();
    sign_in(&server, &client, "xiaozhang", PASSWORD).await;
    // Break the database under the running server: the evidence lookup now fails.
    let db = server::store::sqlite::SqliteStore::connect(
        &server.database_url,
        limitdesk_tests::secret_key(),
    )
    .await
    .unwrap();
    sqlx::query("ALTER TABLE evidence_files RENAME TO evidence_files_gone")
        .execute(db.pool())
        .await
        .unwrap();

    let r = client
        .get(server.at(&format!("/evidence/{}", uuid::Uuid::now_v7())))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let body = r.text().await.unwrap();
    assert!(body.contains(&id), "the page quotes the request id: {body}");
    assert!(body.contains("出错了") && body.contains("Something went wrong"));
    assert!(!body.contains("evidence_files"), "no cause leaks: {body}");
}

#[tokio::test]
async fn forty_parallel_guesses_get_five_passwords_checked() {
    let server = std::sync::Arc::new(TestServer::start());
    let guesses = (0..40).map(|i| {
        let server = server.clone();
        tokio::spawn(async move {
            let r = sign_in(&server, &client(), "xiaozhang", &format!("guess-{i}")).await;
            location(&r)
        })
    });
    let mut answers = Vec::new();
    for g in guesses {
        answers.push(g.await.unwrap());
    }
    let checked = answers
        .iter()
        .filter(|l| l.contains("error=credentials"))
        .count();
    let limited = answers
        .iter()
        .filter(|l| l.contains("error=rate_limited"))
        .count();
    assert_eq!(checked, 5, "{answers:?}");
    assert_eq!(limited, 35, "{answers:?}");
    // And the right password is refused too while the account is locked.
    let r = sign_in(&server, &client(), "xiaozhang", PASSWORD).await;
    assert!(
        location(&r).contains("error=rate_limited"),
        "{}",
        location(&r)
    );
}

#[tokio::test]
async fn the_language_switch_never_redirects_off_site() {
    let server = TestServer::start();
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
    ] {
        let r = client()
            .post(server.at("/auth/lang"))
            .header("origin", &server.url)
            .form(&[("lang", "en"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/", "{next:?}");
    }
}

#[tokio::test]
async fn every_response_carries_a_policy_and_plain_http_gets_no_hsts() {
    let server = TestServer::start();
    // A redirect (not a page): the strict default, which runs nothing.
    let r = sign_in(&server, &client(), "xiaozhang", "wrong").await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let permissions = r.headers()["permissions-policy"].to_str().unwrap();
    assert!(permissions.contains("camera=()"), "{permissions}");
    // Served over plain HTTP with cookies not Secure: HSTS would lock a demo out.
    assert!(r.headers().get("strict-transport-security").is_none());
    // A page: its own policy, with a nonce, and kept in no cache.
    let page = client().get(server.at("/help")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let c = client();
    sign_in(&server, &c, "xiaozhang", PASSWORD).await;
    let api = c
        .post(server.at("/api/overview"))
        .header("origin", &server.url)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn usernames_are_one_whatever_their_case() {
    let server = TestServer::start();
    let r = sign_in(&server, &client(), "XiaoZhang", PASSWORD).await;
    assert_eq!(location(&r), "/", "the same account");
    // And the lockout counts them as one account too.
    for name in ["lisi", "LISI", "LiSi", "lisI", "Lisi"] {
        sign_in(&server, &client(), name, "wrong-password").await;
    }
    let r = sign_in(&server, &client(), "lisi", PASSWORD).await;
    assert!(
        location(&r).contains("error=rate_limited"),
        "{}",
        location(&r)
    );
}
