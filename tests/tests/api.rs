//! The credit system's API over real HTTP against the release binary: tokens
//! and scopes, problem details, and the OpenAPI document it serves.

use limitdesk_tests::http::{call, client, get_page, put_json};
use limitdesk_tests::TestServer;
use reqwest::StatusCode;
use serde_json::Value;

async fn get(server: &TestServer, path: &str, token: Option<&str>) -> (StatusCode, String, Value) {
    let mut request = client().get(server.at(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let r = request.send().await.unwrap();
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = r.json().await.unwrap_or(Value::Null);
    (status, kind, body)
}

#[tokio::test]
async fn tokens_gate_the_api_by_scope_and_every_refusal_is_a_problem_document() {
    let server = TestServer::start();
    let reader = server.api_token("feed-reader", &["outcomes"]);
    let writer = server.api_token("ingest-only", &["ingest", "portal"]);
    assert!(reader.starts_with("ldk_") && reader.len() > 40, "{reader}");
    let revoked = server.api_token("old", &["outcomes"]);
    server.cli(&["token", "revoke", "--name", "old"]);

    let problem = |status: StatusCode, slug: &str, (s, kind, body): (StatusCode, String, Value)| {
        assert_eq!(s, status, "{body}");
        assert_eq!(kind, "application/problem+json");
        assert_eq!(
            body["type"],
            format!("/api/v1/docs#problem-{slug}"),
            "{body}"
        );
        assert_eq!(body["status"], status.as_u16());
        assert!(!body["detail"].as_str().unwrap_or("").is_empty(), "{body}");
        body
    };
    let feed = "/api/v1/outcomes";
    problem(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        get(&server, feed, None).await,
    );
    problem(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        get(&server, feed, Some("ldk_not-a-token")).await,
    );
    problem(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        get(&server, feed, Some(&revoked)).await,
    );
    let body = problem(
        StatusCode::FORBIDDEN,
        "forbidden",
        get(&server, feed, Some(&writer)).await,
    );
    assert!(
        body["detail"].as_str().unwrap().contains("outcomes"),
        "{body}"
    );
    // A 401 says how to authenticate.
    let r = client().get(server.at(feed)).send().await.unwrap();
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer"));

    // Bad parameters name themselves.
    for (query, parameter) in [
        ("after=-1", "after"),
        ("after=abc", "after"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
    ] {
        let body = problem(
            StatusCode::BAD_REQUEST,
            "invalid",
            get(&server, &format!("{feed}?{query}"), Some(&reader)).await,
        );
        assert_eq!(body["errors"][0]["parameter"], parameter, "{query}: {body}");
    }
    problem(
        StatusCode::NOT_FOUND,
        "not-found",
        get(&server, "/api/v1/nothing-here", Some(&reader)).await,
    );

    // The right token reads the feed: the demo world's seven appeals opened
    // and what support decided on two of them, in time order, each naming
    // the customer by the credit system's id.
    let (status, _, body) = get(&server, feed, Some(&reader)).await;
    assert_eq!(status, StatusCode::OK);
    let events = body["events"].as_array().expect("events");
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    let opened = "appeal_opened";
    assert_eq!(
        kinds,
        [
            opened,
            "limit_restored",
            opened,
            "rejected",
            opened,
            opened,
            opened,
            opened,
            opened
        ],
        "{body}"
    );
    let times: Vec<_> = events
        .iter()
        .filter_map(|e| e["occurred_at"].as_str())
        .map(|t| chrono::DateTime::parse_from_rfc3339(t).expect("an instant"))
        .collect();
    assert!(times.windows(2).all(|t| t[0] <= t[1]), "{times:?}");
    assert!(
        events.iter().all(|e| e["customer"]["id"]
            .as_str()
            .is_some_and(|c| c.starts_with("CUS-"))),
        "{body}"
    );
    assert_eq!(body["next_cursor"], events[events.len() - 1]["cursor"]);

    // Listed with their last use and state, never the token itself.
    let list = server.cli(&["token", "list"]);
    assert!(!list.contains(&reader) && !list.contains(&writer), "{list}");
    let line = |name: &str| {
        list.lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .to_owned()
    };
    assert!(line("feed-reader").contains("last used"), "{list}");
    assert!(line("ingest-only").contains("never used"), "{list}");
    assert!(line("old").contains("revoked"), "{list}");
    // Creating and revoking are audited with the operator, not the token.
    let store = server.store().await;
    let tokens = store.api_tokens().await.unwrap();
    let old = tokens.iter().find(|t| t.name == "old").unwrap();
    let actions: Vec<String> = store
        .audit_for("api_token", &old.id.to_string())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, ["api_token.created", "api_token.revoked"]);
}

#[tokio::test]
async fn the_api_describes_itself_in_openapi_31_and_a_reference_page() {
    let server = TestServer::start();
    let (status, kind, doc) = get(&server, "/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/json"), "{kind}");
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let op = &doc["paths"]["/api/v1/outcomes"]["get"];
    assert_eq!(op["security"][0]["bearer"][0], "outcomes", "{op}");
    for status in ["200", "400", "401", "403"] {
        assert!(
            op["responses"][status].is_object(),
            "{status} documented: {op}"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["FeedEvent"].is_object());

    let page = client()
        .get(server.at("/api/v1/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("GET /api/v1/outcomes"), "the endpoint");
    assert!(
        html.contains("id=\"problem-unauthorized\""),
        "each problem type's anchor"
    );
    assert!(!html.contains("<script"), "no script, no CDN");
}

#[tokio::test]
async fn an_admin_creates_and_revokes_tokens_on_the_tokens_page_and_nobody_else_can() {
    let server = TestServer::start();
    server.add_admin("admin", "管理员 老周").await;
    let admin = limitdesk_tests::http::staff_client(&server, "admin").await;
    let agent = limitdesk_tests::http::staff_client(&server, "agent").await;

    let form = [("name", "credit-feed"), ("outcomes", "on")];
    assert_eq!(
        call(&server, &agent, "create_api_token", &form).await,
        Err(StatusCode::FORBIDDEN)
    );
    assert_eq!(
        call(&server, &client(), "api_tokens", &[]).await,
        Err(StatusCode::UNAUTHORIZED)
    );
    for (bad, refusal) in [
        (vec![("name", "credit feed"), ("outcomes", "on")], "Name"),
        (vec![("name", "credit-feed")], "NoScope"),
    ] {
        let answer = call(&server, &admin, "create_api_token", &bad)
            .await
            .unwrap();
        assert_eq!(answer["Err"], refusal, "{answer}");
    }
    assert!(
        server.store().await.api_tokens().await.unwrap().is_empty(),
        "refusals store nothing"
    );

    let answer = call(&server, &admin, "create_api_token", &form)
        .await
        .unwrap();
    let token = answer["Ok"]["token"].as_str().unwrap().to_owned();
    let again = call(&server, &admin, "create_api_token", &form)
        .await
        .unwrap();
    assert_eq!(again["Err"], "Taken");
    let (status, _, _) = get(&server, "/api/v1/outcomes", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let list = call(&server, &admin, "api_tokens", &[]).await.unwrap();
    assert_eq!(list[0]["name"], "credit-feed");
    assert!(list[0]["last_used_local"].is_string(), "{list}");
    assert!(
        !list.to_string().contains(&token),
        "the list never shows a token"
    );
    let page = get_page(&server, &admin, "/admin/tokens").await;
    assert!(
        page.contains("credit-feed") && !page.contains(&token),
        "the page"
    );

    assert_eq!(
        call(
            &server,
            &agent,
            "revoke_api_token",
            &[("name", "credit-feed")]
        )
        .await,
        Err(StatusCode::FORBIDDEN)
    );
    let revoked = call(
        &server,
        &admin,
        "revoke_api_token",
        &[("name", "credit-feed")],
    )
    .await
    .unwrap();
    assert!(revoked["Ok"].is_null(), "{revoked}");
    let (status, _, _) = get(&server, "/api/v1/outcomes", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The stored display name and version of the customer with this external id.
async fn stored_customer(server: &TestServer, external_id: &str) -> Option<(String, i64)> {
    let db = server::store::sqlite::SqliteStore::connect(
        &server.database_url,
        limitdesk_tests::secret_key(),
    )
    .await
    .unwrap();
    sqlx::query_as("SELECT display_name, external_version FROM accounts WHERE external_id = $1")
        .bind(external_id)
        .fetch_optional(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn customers_arrive_by_the_credit_systems_id_in_version_order_and_bad_input_stores_nothing() {
    let server = TestServer::start();
    let ingest = server.api_token("ingest", &["ingest"]);
    let reader = server.api_token("reader", &["outcomes"]);
    let json = "application/json";
    let body = |version: i64, name: &str| {
        serde_json::json!({
            "version": version,
            "display_name": name,
            "id_number_masked": "3301**********1234",
            "phone_masked": "138****5678",
            "real_name_verified_until": "2027-05-01",
            "preferred_language": "zh-CN",
        })
        .to_string()
    };
    let path = "/api/v1/customers/CS-1001";
    let (status, answer) = put_json(&server, &ingest, path, &body(3, "小周"), json).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["result"], "created");
    assert_eq!(answer["id"], "CS-1001");
    // The same write again, and an older one arriving late: acknowledged, not applied.
    for version in [3, 2] {
        let (status, answer) =
            put_json(&server, &ingest, path, &body(version, "旧名字"), json).await;
        assert_eq!(
            (status, answer["result"].clone()),
            (StatusCode::OK, "not_newer".into()),
            "{version}"
        );
    }
    assert_eq!(
        stored_customer(&server, "CS-1001").await,
        Some(("小周".to_owned(), 3))
    );
    let (status, answer) = put_json(&server, &ingest, path, &body(4, "周先生"), json).await;
    assert_eq!(
        (status, answer["result"].clone()),
        (StatusCode::OK, "updated".into())
    );
    assert_eq!(
        stored_customer(&server, "CS-1001").await,
        Some(("周先生".to_owned(), 4))
    );

    // Bad input: a problem naming the field, and nothing stored.
    let new = "/api/v1/customers/CS-2002";
    let with = |field: &str, value: Value| {
        let mut b: Value = serde_json::from_str(&body(1, "小孙")).unwrap();
        b[field] = value;
        b.to_string()
    };
    for (bad, pointer) in [
        (
            with("id_number_masked", "330106199001011234".into()),
            "/id_number_masked",
        ),
        (with("phone_masked", "13812345678".into()), "/phone_masked"),
        (with("version", "abc".into()), "/version"),
        (with("version", (-1).into()), "/version"),
        (with("display_name", "".into()), "/display_name"),
        (
            with("preferred_language", "fr".into()),
            "/preferred_language",
        ),
        (
            with("real_name_verified_until", "2027-13-01".into()),
            "/real_name_verified_until",
        ),
    ] {
        let (status, problem) = put_json(&server, &ingest, new, &bad, json).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {problem}");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{bad}: {problem}");
    }
    let (status, problem) =
        put_json(&server, &ingest, new, &with("nickname", "x".into()), json).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("nickname"),
        "{problem}"
    );
    let (status, problem) = put_json(&server, &ingest, new, "{\"version\": 1,", json).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["type"], "/api/v1/docs#problem-invalid");
    let (status, _) = put_json(&server, &ingest, new, &body(1, "小孙"), "text/plain").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!(
        "{{\"version\": 1, \"display_name\": \"{}\"}}",
        "x".repeat(1024 * 1024 + 1)
    );
    let (status, problem) = put_json(&server, &ingest, new, &huge, json).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{problem}");
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/customers/CS%202002",
        &body(1, "小孙"),
        json,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["parameter"], "id");
    let (status, _) = put_json(&server, &reader, new, &body(1, "小孙"), json).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        stored_customer(&server, "CS-2002").await,
        None,
        "nothing stored"
    );

    // The write is in the audit log under the token's name.
    let (_, answer) = put_json(&server, &ingest, new, &body(1, "小孙"), json).await;
    let id = answer["limitdesk_id"].as_str().unwrap().to_owned();
    let entries = server
        .store()
        .await
        .audit_for("account", &id)
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "customer.created" && e.actor == "api:ingest"),
        "{entries:?}"
    );
}

#[tokio::test]
async fn a_portal_session_signs_the_credit_systems_customer_in_once() {
    let server = TestServer::start();
    let ingest = server.api_token("ingest", &["ingest"]);
    let portal = server.api_token("portal", &["portal"]);
    let body = serde_json::json!({ "version": 1, "display_name": "小周" }).to_string();
    let (status, _) = put_json(
        &server,
        &ingest,
        "/api/v1/customers/CS-3003",
        &body,
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let post = |path: &str, token: &str| {
        let request = client().post(server.at(path)).bearer_auth(token.to_owned());
        async move {
            let r = request.send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let path = "/api/v1/customers/CS-3003/portal-sessions";
    assert_eq!(post(path, &ingest).await.0, StatusCode::FORBIDDEN);
    let (status, problem) = post("/api/v1/customers/CS-9999/portal-sessions", &portal).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    let (status, session) = post(path, &portal).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let url = session["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/portal/", server.url)), "{url}");

    // The link signs them in (no password: they never had one) and lands on their overview.
    let customer = client();
    let r = customer.get(&url).send().await.unwrap();
    assert_eq!(limitdesk_tests::http::location(&r), "/");
    let overview = get_page(&server, &customer, "/").await;
    assert!(overview.contains("小周"), "signed in as the customer");
    // Once only: the same link again, in any browser, gives the sign-in page saying so.
    for browser in [customer.clone(), client()] {
        let r = browser.get(&url).send().await.unwrap();
        assert_eq!(limitdesk_tests::http::location(&r), "/login?reason=link");
    }
    let r = client()
        .get(server.at("/portal/not-a-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(limitdesk_tests::http::location(&r), "/login?reason=link");
    let page = get_page(&server, &client(), "/login?reason=link").await;
    assert!(page.contains("登录链接已用过或已过期"), "the page says why");
}
