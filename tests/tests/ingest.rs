//! The credit system's data arriving through the API, over real HTTP against
//! the release binary: 小张's story from his first record to the feed, the
//! effects of each write, replays in any order, batches and bad input.

use domain::appeal::AppealStatus;
use limitdesk_tests::http::{client, location, put_json, send_json, staff_client};
use limitdesk_tests::TestServer;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

const JSON: &str = "application/json";

/// Every write of 小张's record, in the order the credit system first sends them.
fn xiaozhang_writes() -> Vec<(String, Value)> {
    vec![
        (
            "/api/v1/customers/CS-XZ".into(),
            json!({
                "version": 1,
                "display_name": "小张",
                "id_number_masked": "3301**********1234",
                "phone_masked": "138****5678",
                "real_name_verified_until": "2028-05-01",
            }),
        ),
        (
            "/api/v1/orders/ORD-XZ-EAR".into(),
            json!({
                "customer_id": "CS-XZ",
                "version": 1,
                "description": "蓝牙耳机",
                "placed_on": "2026-09-08",
                "total": "1800.00",
                "installments": [
                    { "seq": 1, "due_on": "2026-10-08", "amount": "600.00" },
                    { "seq": 2, "due_on": "2026-11-07", "amount": "600.00", "paid_on": "2026-11-05" },
                    { "seq": 3, "due_on": "2026-12-07", "amount": "600.00" },
                ],
            }),
        ),
        (
            "/api/v1/decisions/DEC-XZ-1".into(),
            json!({
                "customer_id": "CS-XZ",
                "kind": "reduce",
                "limit_before": "8000.00",
                "limit_after": "2000.00",
                "reasons": [{
                    "code": "OVERDUE_UNPAID",
                    "items": [{ "order_id": "ORD-XZ-EAR", "installment": 1, "amount": "600.00", "due_on": "2026-10-08", "days_late": 12 }],
                }],
                "model_version": "risk-2026.10",
                "decided_at": "2026-10-20T02:00:00Z",
                "notice": "【先用后付】尊敬的用户，您的订单“蓝牙耳机”第1期 ¥600.00 已逾期12天未还款，您的先用后付额度已由 ¥8,000.00 调整为 ¥2,000.00。还清逾期款项后可申请恢复。",
            }),
        ),
        (
            "/api/v1/customers/CS-XZ/credit-line".into(),
            json!({ "version": 1, "limit": "2000.00", "outstanding": "600.00", "status": "active" }),
        ),
    ]
}

fn xiaozhang_repayment() -> (String, Value) {
    (
        "/api/v1/repayments/RP-XZ-1".into(),
        json!({ "customer_id": "CS-XZ", "order_id": "ORD-XZ-EAR", "installment": 1, "amount": "600.00", "paid_on": "2026-10-21" }),
    )
}

async fn put(
    server: &TestServer,
    token: &str,
    (path, body): &(String, Value),
) -> (StatusCode, Value) {
    put_json(server, token, path, &body.to_string(), JSON).await
}

async fn page(server: &TestServer, c: &Client, path: &str) -> String {
    let r = c.get(server.at(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

async fn feed(server: &TestServer, token: &str) -> Vec<Value> {
    let r = client()
        .get(server.at("/api/v1/outcomes?after=0&limit=100"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    page["events"].as_array().unwrap().clone()
}

/// A staff form post; where it sends the browser.
async fn act(
    server: &TestServer,
    c: &Client,
    appeal: Uuid,
    action: &str,
    form: &[(&str, &str)],
) -> String {
    let r = c
        .post(server.at(&format!("/admin/appeals/{appeal}/{action}")))
        .header("origin", &server.url)
        .form(form)
        .send()
        .await
        .unwrap();
    location(&r)
}

async fn version(server: &TestServer, appeal: Uuid) -> String {
    let case = server.store().await.case(appeal).await.unwrap().unwrap();
    case.appeal.summary.version.to_string()
}

/// A small, seeded shuffle (the seed is printed, so a failing order can be replayed).
fn shuffled<T>(mut items: Vec<T>, seed: u64) -> Vec<T> {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, usize::try_from(state % (i as u64 + 1)).unwrap());
    }
    items
}

async fn appeal_status(server: &TestServer, appeal: Uuid) -> AppealStatus {
    server
        .store()
        .await
        .case(appeal)
        .await
        .unwrap()
        .unwrap()
        .appeal
        .summary
        .status
}

#[tokio::test]
async fn xiaozhangs_story_arrives_by_api_is_put_right_by_support_and_replays_change_nothing() {
    let server = TestServer::start();
    let ingest = server.api_token("credit-system-ingest", &["ingest"]);
    let portal = server.api_token("credit-system-portal", &["portal"]);
    let outcomes = server.api_token("credit-system-feed", &["outcomes"]);
    let before = feed(&server, &outcomes).await.len();

    // His customer, order and decision arrive; each first write is created.
    let mut decision = Uuid::nil();
    for write in xiaozhang_writes() {
        let (status, answer) = put(&server, &ingest, &write).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {answer}", write.0);
        assert_eq!(answer["result"], "created");
        if write.0.contains("/decisions/") {
            decision = answer["limitdesk_id"].as_str().unwrap().parse().unwrap();
        }
    }

    // The credit product's app signs him in: no password, one link.
    // The credit product's app signs him in straight to the decision: no password, one link.
    let (status, problem) = send_json(
        Method::POST,
        &server,
        &portal,
        "/api/v1/customers/CS-XZ/portal-sessions",
        r#"{"decision_id": "DEC-NOPE"}"#,
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/decision_id");
    let (status, session) = send_json(
        Method::POST,
        &server,
        &portal,
        "/api/v1/customers/CS-XZ/portal-sessions",
        r#"{"decision_id": "DEC-XZ-1"}"#,
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let url = session["url"].as_str().unwrap().to_owned();
    let xz = client();
    assert_eq!(
        location(&xz.get(&url).send().await.unwrap()),
        format!("/decisions/{decision}")
    );
    let overview = page(&server, &xz, "/").await;
    assert!(
        overview.contains("小张") && overview.contains("¥2,000.00"),
        "his line as sent"
    );

    // The decision as notified; paying the overdue installment is still to do.
    let decision_page = page(&server, &xz, &format!("/decisions/{decision}")).await;
    assert!(
        decision_page.contains("蓝牙耳机"),
        "the overdue order by its name"
    );
    assert!(
        decision_page.contains(r#"data-reason="OVERDUE_UNPAID" class="step step-todo""#),
        "{decision_page}"
    );
    // The credit system reports his repayment: the step is ticked at once.
    let (status, answer) = put(&server, &ingest, &xiaozhang_repayment()).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let decision_page = page(&server, &xz, &format!("/decisions/{decision}")).await;
    assert!(
        decision_page.contains(r#"data-reason="OVERDUE_UNPAID" class="step step-done""#),
        "the repayment ticks the checklist"
    );

    // He appeals, and an agent restores ¥8,000.00.
    let appeal = limitdesk_tests::http::file_appeal(&server, &xz, decision).await;
    let agent = staff_client(&server, "agent").await;
    let to = act(
        &server,
        &agent,
        appeal,
        "claim",
        &[("version", &version(&server, appeal).await)],
    )
    .await;
    assert!(to.ends_with("done=claimed"), "{to}");
    let v = version(&server, appeal).await;
    let to = act(
        &server,
        &agent,
        appeal,
        "decide",
        &[
            ("version", &v),
            ("verdict", "restore"),
            ("amount", "8000"),
            ("note", "已核实还款，额度恢复。"),
        ],
    )
    .await;
    assert!(to.ends_with("done=decided"), "{to}");
    assert_eq!(appeal_status(&server, appeal).await, AppealStatus::Approved);

    // The restoration is in the feed exactly once, with his and the decision's ids.
    let events = feed(&server, &outcomes).await;
    assert_eq!(events.len(), before + 2, "his appeal opened, then restored");
    assert_eq!(events[before]["type"], "appeal_opened");
    assert_eq!(events[before]["customer"]["id"], "CS-XZ");
    let e = events.last().unwrap();
    assert_eq!(e["type"], "limit_restored");
    assert_eq!(e["customer"]["id"], "CS-XZ");
    assert_eq!(e["decision_id"], "DEC-XZ-1");
    assert_eq!(e["limit"]["before"], "2000.00");
    assert_eq!(e["limit"]["after"], "8000.00");

    // Every write again, twice, in shuffled orders: acknowledged, and nothing changes.
    let store = server.store().await;
    let account = server
        .store()
        .await
        .customer_by_external_id("CS-XZ")
        .await
        .unwrap()
        .unwrap();
    let today = limitdesk_tests::clock().today();
    let line_before = store.credit_line(account, today).await.unwrap();
    let decisions_before = store.decisions(account).await.unwrap();
    let orders_before = store.orders(account).await.unwrap();
    let audit_before = store
        .audit_for("account", &account.to_string())
        .await
        .unwrap()
        .len();
    let mut writes = xiaozhang_writes();
    writes.push(xiaozhang_repayment());
    let seed = u64::try_from(chrono::Utc::now().timestamp_micros()).unwrap();
    println!("replay seed {seed}");
    for round in 0..2 {
        for write in shuffled(writes.clone(), seed + round) {
            let (status, answer) = put(&server, &ingest, &write).await;
            assert_eq!(status, StatusCode::OK, "seed {seed}: {}: {answer}", write.0);
            assert!(
                answer["result"] == "not_newer" || answer["result"] == "unchanged",
                "seed {seed}: {}: {answer}",
                write.0
            );
        }
    }
    assert_eq!(
        store.credit_line(account, today).await.unwrap(),
        line_before,
        "support's ¥8,000.00 stands"
    );
    assert_eq!(line_before.unwrap().limit, domain::Money::yuan(8000));
    assert_eq!(store.decisions(account).await.unwrap(), decisions_before);
    assert_eq!(store.orders(account).await.unwrap(), orders_before);
    assert_eq!(
        store
            .audit_for("account", &account.to_string())
            .await
            .unwrap()
            .len(),
        audit_before
    );
    assert_eq!(
        feed(&server, &outcomes).await,
        events,
        "the feed is as it was"
    );
    assert_eq!(appeal_status(&server, appeal).await, AppealStatus::Approved);
}

#[tokio::test]
async fn a_restoration_by_the_engine_closes_the_open_appeal_and_the_customer_is_told() {
    let server = TestServer::start();
    let ingest = server.api_token("ingest", &["ingest"]);
    let portal = server.api_token("portal", &["portal"]);
    let mut decision = Uuid::nil();
    for write in xiaozhang_writes() {
        let (status, answer) = put(&server, &ingest, &write).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        if write.0.contains("/decisions/") {
            decision = answer["limitdesk_id"].as_str().unwrap().parse().unwrap();
        }
    }
    let r = client()
        .post(server.at("/api/v1/customers/CS-XZ/portal-sessions"))
        .bearer_auth(&portal)
        .send()
        .await
        .unwrap();
    let url = r.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let xz = client();
    xz.get(&url).send().await.unwrap();
    let appeal = limitdesk_tests::http::file_appeal(&server, &xz, decision).await;

    // A partial restoration leaves the rest to support: the appeal stays open
    // and its decision shows as replaced on the case.
    let partial = json!({
        "customer_id": "CS-XZ", "kind": "restore", "limit_before": "2000.00", "limit_after": "5000.00",
        "reasons": [], "model_version": "risk-2026.11", "decided_at": "2026-11-20T02:00:00Z",
        "notice": "【先用后付】您的额度已恢复至 ¥5,000.00。",
    });
    let (status, answer) = put_json(
        &server,
        &ingest,
        "/api/v1/decisions/DEC-XZ-2",
        &partial.to_string(),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(
        appeal_status(&server, appeal).await,
        AppealStatus::Submitted
    );
    let agent = staff_client(&server, "agent").await;
    let case = page(&server, &agent, &format!("/admin/appeals/{appeal}")).await;
    assert!(
        case.contains("replaced the appealed one") || case.contains("取代"),
        "the case says a newer decision replaced the appealed one"
    );

    // The engine gives back all of it: the appeal is resolved by re-assessment
    // (not an overturn by support), on its timeline, and he reads why.
    let full = json!({
        "customer_id": "CS-XZ", "kind": "restore", "limit_before": "5000.00", "limit_after": "8000.00",
        "reasons": [], "model_version": "risk-2026.11", "decided_at": "2026-11-25T02:00:00Z",
        "notice": "【先用后付】您的额度已恢复至 ¥8,000.00。",
    });
    let (status, _) = put_json(
        &server,
        &ingest,
        "/api/v1/decisions/DEC-XZ-3",
        &full.to_string(),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let case = server.store().await.case(appeal).await.unwrap().unwrap();
    assert_eq!(
        case.appeal.summary.status,
        AppealStatus::ResolvedByReassessment
    );
    assert!(case.outcome.is_none(), "support decided nothing");
    let appeal_page = page(&server, &xz, &format!("/appeals/{appeal}")).await;
    assert!(appeal_page.contains(r#"data-status="resolved_by_reassessment""#));
    assert!(appeal_page.contains(domain::appeal::reassessment_notice(domain::Lang::Zh)));
    let audit = server
        .store()
        .await
        .audit_for("appeal", &appeal.to_string())
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "appeal.status_changed" && e.actor == "api:ingest"),
        "{audit:?}"
    );
    // The same decision again is a no-op; another body under its id, a conflict.
    let (status, answer) = put_json(
        &server,
        &ingest,
        "/api/v1/decisions/DEC-XZ-3",
        &full.to_string(),
        JSON,
    )
    .await;
    assert_eq!(
        (status, answer["result"].as_str()),
        (StatusCode::OK, Some("unchanged"))
    );
    let mut changed = full.clone();
    changed["notice"] = "另一条通知".into();
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/decisions/DEC-XZ-3",
        &changed.to_string(),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "/api/v1/docs#problem-conflict");
}

#[tokio::test]
async fn bad_writes_name_their_field_and_store_nothing() {
    let server = TestServer::start();
    let ingest = server.api_token("ingest", &["ingest"]);
    let writes = xiaozhang_writes();
    // Unknown customer first: 422 naming /customer_id.
    let (status, problem) = put(&server, &ingest, &writes[1]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/customer_id");
    let (status, _) = put(&server, &ingest, &writes[0]).await;
    assert_eq!(status, StatusCode::CREATED);
    // A decision naming an order not sent yet: 422 naming the item.
    let (status, problem) = put(&server, &ingest, &writes[2]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem["errors"][0]["pointer"],
        "/reasons/0/items/0/order_id"
    );

    let decision = &writes[2].1;
    let with = |field: &str, value: Value| {
        let mut body = decision.clone();
        body[field] = value;
        body
    };
    let reason = decision["reasons"][0].clone();
    let mut unknown = reason.clone();
    unknown["code"] = "LUCKY_DAY".into();
    let cases = [
        (with("reasons", json!([unknown])), "/reasons/0/code"),
        (
            with(
                "reasons",
                json!([
                    reason.clone(),
                    reason.clone(),
                    reason.clone(),
                    reason.clone(),
                    reason.clone()
                ]),
            ),
            "/reasons/4",
        ),
        (with("limit_after", "-5.00".into()), "/limit_after"),
        (with("limit_after", "abc".into()), "/limit_after"),
        (with("limit_after", "2000.005".into()), "/limit_after"),
        (with("limit_after", json!(2000)), "/limit_after"),
        (with("limit_after", "9000.00".into()), "/limit_after"),
        (
            with("decided_at", "2027-01-01T00:00:00Z".into()),
            "/decided_at",
        ),
        (with("kind", "cancel".into()), "/kind"),
        (with("reasons", json!([])), "/reasons"),
    ];
    for (body, pointer) in cases {
        let (status, problem) = put_json(
            &server,
            &ingest,
            "/api/v1/decisions/DEC-BAD",
            &body.to_string(),
            JSON,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        assert_eq!(
            problem["errors"][0]["pointer"], pointer,
            "{body}: {problem}"
        );
        assert_eq!(problem["type"], "/api/v1/docs#problem-invalid");
    }
    let line = |limit: &str, outstanding: &str| {
        json!({ "version": 1, "limit": limit, "outstanding": outstanding, "status": "active" })
            .to_string()
    };
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/customers/CS-XZ/credit-line",
        &line("2000.00", "2500.00"),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/outstanding");
    let mut order = writes[1].1.clone();
    order["total"] = "1700.00".into();
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/orders/ORD-XZ-EAR",
        &order.to_string(),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/total");
    order["total"] = "1800.00".into();
    order["installments"][1]["paid_on"] = "2027-02-01".into();
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/orders/ORD-XZ-EAR",
        &order.to_string(),
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/installments/1/paid_on");
    let mut nul = writes[1].1.clone();
    nul["description"] = "耳机\u{0}".into();
    let (status, problem) = put_json(
        &server,
        &ingest,
        "/api/v1/orders/ORD-XZ-EAR",
        &nul.to_string(),
        JSON,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "PostgreSQL stores no NUL: {problem}"
    );
    let (status, _) = put_json(&server, &ingest, "/api/v1/orders/ORD-XZ-EAR", "{", JSON).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = put_json(
        &server,
        &ingest,
        "/api/v1/orders/ORD-XZ-EAR",
        &writes[1].1.to_string(),
        "text/plain",
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Nothing of any of it was stored: the customer has no decision and no order.
    let store = server.store().await;
    let account = store
        .customer_by_external_id("CS-XZ")
        .await
        .unwrap()
        .unwrap();
    assert!(store.decisions(account).await.unwrap().is_empty());
    assert!(store.orders(account).await.unwrap().is_empty());
    let line = store
        .credit_line(account, limitdesk_tests::clock().today())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(line.limit, domain::Money::ZERO);
}

#[tokio::test]
async fn a_batch_answers_each_operation_and_a_refused_one_leaves_the_others_standing() {
    let server = TestServer::start();
    let ingest = server.api_token("backfill", &["ingest"]);
    let mut operations: Vec<Value> = Vec::new();
    let kind_of = |path: &str| {
        if path.ends_with("/credit-line") {
            "credit_line"
        } else if path.contains("/customers/") {
            "customer"
        } else if path.contains("/orders/") {
            "order"
        } else if path.contains("/repayments/") {
            "repayment"
        } else {
            "decision"
        }
    };
    let id_of = |path: &str| {
        let path = path.trim_end_matches("/credit-line");
        path.rsplit('/').next().unwrap().to_owned()
    };
    let mut writes = xiaozhang_writes();
    writes.push(xiaozhang_repayment());
    for (path, body) in &writes {
        operations.push(json!({ "type": kind_of(path), "id": id_of(path), "body": body }));
    }
    // A refused write in the middle: a repayment for an installment that does not exist.
    let mut bad = writes.last().unwrap().1.clone();
    bad["installment"] = 9.into();
    operations.insert(
        3,
        json!({ "type": "repayment", "id": "RP-XZ-9", "body": bad }),
    );
    operations.push(json!({ "type": "order", "id": "ORD-2", "body": { "customer_id": "CS-XZ" } }));

    let batch = json!({ "operations": operations }).to_string();
    let (status, answer) = send_json(
        Method::POST,
        &server,
        &ingest,
        "/api/v1/batch",
        &batch,
        JSON,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    let statuses: Vec<u64> = results
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [201, 201, 201, 422, 201, 201, 400], "{answer}");
    assert_eq!(
        results[3]["problem"]["errors"][0]["pointer"],
        "/operations/3/body/order_id"
    );
    assert!(results[6]["problem"]["errors"][0]["pointer"]
        .as_str()
        .unwrap()
        .starts_with("/operations/6/body"));
    let store = server.store().await;
    let account = store
        .customer_by_external_id("CS-XZ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.decisions(account).await.unwrap().len(), 1);
    let orders = store.orders(account).await.unwrap();
    assert_eq!(orders.len(), 1);
    assert!(
        orders[0].installments[0].paid_on.is_some(),
        "the repayment in the batch settled it"
    );

    // The same batch again: every stored write acknowledged, nothing new.
    let (_, again) = send_json(
        Method::POST,
        &server,
        &ingest,
        "/api/v1/batch",
        &batch,
        JSON,
    )
    .await;
    let statuses: Vec<u64> = again["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 200, 200, 422, 200, 200, 400], "{again}");
    // More than 1,000 operations: refused whole.
    let many =
        json!({ "operations": vec![json!({ "type": "customer", "id": "X", "body": {} }); 1001] })
            .to_string();
    let (status, problem) =
        send_json(Method::POST, &server, &ingest, "/api/v1/batch", &many, JSON).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/operations");
}

#[tokio::test]
async fn every_ingest_route_wants_a_live_token_with_the_ingest_scope() {
    let server = TestServer::start();
    let reader = server.api_token("feed-only", &["outcomes", "portal"]);
    let routes = [
        (Method::PUT, "/api/v1/customers/CS-1/credit-line"),
        (Method::PUT, "/api/v1/orders/ORD-1"),
        (Method::PUT, "/api/v1/repayments/RP-1"),
        (Method::PUT, "/api/v1/account-events/EV-1"),
        (Method::PUT, "/api/v1/decisions/DEC-1"),
        (Method::POST, "/api/v1/batch"),
    ];
    for (method, path) in routes {
        let (status, problem) = send_json(method.clone(), &server, &reader, path, "{}", JSON).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {problem}");
        let (status, _) =
            send_json(method.clone(), &server, "ldk_not-a-token", path, "{}", JSON).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
}
