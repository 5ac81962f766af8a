//! The staff console over real HTTP against the release binary: the second
//! factor, who may reach what, and every decision path leaving its audit entry.

use domain::appeal::AppealStatus;
use domain::{LineStatus, Money};
use limitdesk_tests::http::{call, client, get_page, location, sign_in};
use limitdesk_tests::{TestServer, PASSWORD, TOTP_SECRET};
use reqwest::multipart::Form;
use reqwest::{Client, StatusCode};
use uuid::Uuid;

fn code_now() -> String {
    server::staff_auth::totp_code(TOTP_SECRET, chrono::Utc::now()).unwrap()
}

async fn staff_login(
    server: &TestServer,
    c: &Client,
    username: &str,
    code: &str,
) -> reqwest::Response {
    staff_login_with(server, c, username, PASSWORD, code).await
}

async fn staff_login_with(
    server: &TestServer,
    c: &Client,
    username: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    c.post(server.at("/admin/auth/login"))
        .header("origin", &server.url)
        .form(&[
            ("username", username),
            ("password", password),
            ("code", code),
        ])
        .send()
        .await
        .unwrap()
}

async fn staff(server: &TestServer, username: &str) -> Client {
    let c = client();
    let r = staff_login(server, &c, username, &code_now()).await;
    assert_eq!(location(&r), "/admin", "{username} signs in");
    c
}

async fn customer(server: &TestServer, username: &str) -> Client {
    let c = client();
    assert_eq!(
        location(&sign_in(server, &c, username, PASSWORD).await),
        "/"
    );
    c
}

/// The customer appeals their newest decision; returns the appeal id.
async fn appeal(server: &TestServer, c: &Client, username: &str) -> Uuid {
    let decision = server.newest_decision_of(username).await;
    limitdesk_tests::http::file_appeal(server, c, decision).await
}

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
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}");
    location(&r)
}

async fn version(server: &TestServer, appeal: Uuid) -> String {
    let store = server.store().await;
    store
        .case(appeal)
        .await
        .unwrap()
        .unwrap()
        .appeal
        .summary
        .version
        .to_string()
}

async fn audit_actions(server: &TestServer, entity: &str, id: &str) -> Vec<String> {
    let store = server.store().await;
    store
        .audit_for(entity, id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

#[tokio::test]
async fn staff_sign_in_needs_a_fresh_code_and_customers_never_reach_staff_pages() {
    let server = TestServer::start();
    let c = client();
    let r = staff_login(&server, &c, "agent", "000000").await;
    assert!(
        location(&r).starts_with("/admin/login?error=credentials"),
        "{}",
        location(&r)
    );
    // A wrong password with the right code gets the very same answer: the
    // reply never says which factor was wrong.
    let wrong_password =
        staff_login_with(&server, &client(), "agent", "not-the-password", &code_now()).await;
    assert_eq!(location(&wrong_password), location(&r));
    let code = code_now();
    assert_eq!(
        location(&staff_login(&server, &c, "agent", &code).await),
        "/admin"
    );
    // The same code a second time (a replay) is refused.
    let other = client();
    let replay = staff_login(&server, &other, "agent", &code).await;
    assert!(location(&replay).starts_with("/admin/login?error=credentials"));
    // Staff cannot use the customers' sign-in, nor customers the staff one.
    assert!(
        location(&sign_in(&server, &client(), "agent", PASSWORD).await)
            .contains("error=credentials")
    );
    let r = staff_login(&server, &client(), "xiaozhang", &code_now()).await;
    assert!(location(&r).contains("error=credentials"));

    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let page = xz.get(server.at("/admin")).send().await.unwrap();
    assert!(
        page.status().is_redirection() || page.status() == StatusCode::UNAUTHORIZED,
        "{}",
        page.status()
    );
    let case = xz
        .get(server.at(&format!("/admin/appeals/{id}")))
        .send()
        .await
        .unwrap();
    let body = case.text().await.unwrap();
    assert!(
        !body.contains("data-testid=\"case-status\""),
        "a customer sees no case view"
    );
    let api = xz
        .post(server.at("/api/case"))
        .header("origin", &server.url)
        .form(&[("id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    let claim = act(&server, &xz, id, "claim", &[("version", "1")]).await;
    assert!(claim.starts_with("/admin/login"), "{claim}");
    assert_eq!(
        xz.post(server.at("/admin/audit.csv"))
            .header("origin", &server.url)
            .form(&[("entity_type", ""), ("actor", "")])
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let store = server.store().await;
    let summary = store.case(id).await.unwrap().unwrap();
    assert_eq!(
        summary.appeal.summary.status,
        AppealStatus::Submitted,
        "nothing changed"
    );
    assert!(summary.assigned_to.is_none());
}

#[tokio::test]
async fn an_agent_restores_xiaozhangs_limit_and_every_step_is_audited() {
    let server = TestServer::start();
    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let agent = staff(&server, "agent").await;

    let page = get_page(&server, &agent, "/admin").await;
    assert!(
        page.contains(&format!("/admin/appeals/{id}")),
        "the queue lists the appeal"
    );
    let to = act(
        &server,
        &agent,
        id,
        "claim",
        &[("version", &version(&server, id).await)],
    )
    .await;
    assert!(to.ends_with("done=claimed"), "{to}");
    let case = get_page(&server, &agent, &format!("/admin/appeals/{id}")).await;
    assert!(
        case.contains("restore to ¥8,000.00") || case.contains("建议恢复至 ¥8,000.00"),
        "recommendation shown"
    );
    assert!(
        case.contains("3301**********") || case.contains("**********"),
        "masked id number"
    );

    // No decision chosen, or a rejection without its reason: refused.
    let v0 = version(&server, id).await;
    let to = act(&server, &agent, id, "decide", &[("version", &v0)]).await;
    assert!(to.ends_with("error=no_verdict"), "{to}");
    let to = act(
        &server,
        &agent,
        id,
        "decide",
        &[("version", &v0), ("verdict", "reject")],
    )
    .await;
    assert!(to.ends_with("error=no_reason"), "{to}");
    // Above the limit before the decision: refused, nothing changes.
    let v = version(&server, id).await;
    let to = act(
        &server,
        &agent,
        id,
        "decide",
        &[("version", &v), ("verdict", "restore"), ("amount", "9000")],
    )
    .await;
    assert!(to.ends_with("error=above_limit"), "{to}");
    let to = act(
        &server,
        &agent,
        id,
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
    // The same form again (a second tab): one restoration only.
    let to = act(
        &server,
        &agent,
        id,
        "decide",
        &[("version", &v), ("verdict", "restore"), ("amount", "8000")],
    )
    .await;
    assert!(to.contains("error="), "{to}");

    let store = server.store().await;
    let customer_id = server.account_id("xiaozhang").await;
    let line = store
        .credit_line(customer_id, limitdesk_tests::clock().today())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(line.limit, Money::yuan(8000));
    let actions = audit_actions(&server, "appeal", &id.to_string()).await;
    for expected in ["appeal.status_changed", "appeal.assigned", "appeal.decided"] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing: {actions:?}"
        );
    }
    let line_actions = audit_actions(&server, "credit_line", &customer_id.to_string()).await;
    assert_eq!(
        line_actions
            .iter()
            .filter(|a| *a == "credit_line.changed")
            .count(),
        1
    );

    // The customer reads the outcome in plain words.
    let body = get_page(&server, &xz, &format!("/appeals/{id}")).await;
    assert!(
        body.contains("申诉通过") && body.contains("¥8,000.00"),
        "outcome shown to the customer"
    );

    // The credit system reads the restoration from the feed, exactly once.
    let token = server.api_token("credit-system", &["outcomes"]);
    let feed = |after: String| {
        let url = server.at(&format!("/api/v1/outcomes?after={after}"));
        let token = token.clone();
        async move {
            let r = client().get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let page = feed("0".into()).await;
    // The demo world's other appeals are on the feed before his.
    let events: Vec<_> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["customer"]["limitdesk_id"] == customer_id.to_string())
        .collect();
    assert_eq!(events.len(), 2, "{page}");
    // First his appeal arriving, which the credit system can tell him of.
    assert_eq!(events[0]["type"], "appeal_opened");
    assert_eq!(events[0]["appeal_id"], id.to_string());
    assert!(events[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("15 天"));
    assert!(events[0]["staff"].is_null() && events[0]["limit"].is_null());
    let e = events[1];
    assert_eq!(e["type"], "limit_restored");
    assert_eq!(e["limit"]["before"], "2000.00");
    assert_eq!(e["limit"]["after"], "8000.00");
    assert_eq!(e["appeal_id"], id.to_string());
    assert_eq!(e["customer"]["limitdesk_id"], customer_id.to_string());
    assert_eq!(e["message"]["lang"], "zh-CN");
    assert!(e["message"]["text"].as_str().unwrap().contains("¥8,000.00"));
    let staff_ref = e["staff"].as_str().unwrap();
    assert!(
        staff_ref.starts_with("stf_") && !staff_ref.contains("agent"),
        "{staff_ref}"
    );
    let decision = store.decisions(customer_id).await.unwrap();
    assert!(
        decision.iter().any(|d| e["decision_id"] == d.external_id),
        "the appealed decision's external id: {e}"
    );
    // Reading on from its cursor finds nothing more; the cursor stays put.
    let next = page["next_cursor"].as_str().unwrap().to_owned();
    let again = feed(next.clone()).await;
    assert_eq!(again["events"].as_array().unwrap().len(), 0);
    assert_eq!(again["next_cursor"], next);
}

/// 张三 appeals his cash-out freeze, and the agent claims it and proposes
/// lifting it (four-eyes: only a supervisor may approve). Returns the appeal
/// and the agent's client.
async fn propose_unfreeze(server: &TestServer) -> (Uuid, Client) {
    let zs = customer(server, "zhangsan").await;
    let id = appeal(server, &zs, "zhangsan").await;
    let agent = staff(server, "agent").await;
    act(
        server,
        &agent,
        id,
        "claim",
        &[("version", &version(server, id).await)],
    )
    .await;
    let to = act(
        server,
        &agent,
        id,
        "decide",
        &[
            ("version", &version(server, id).await),
            ("verdict", "unfreeze"),
        ],
    )
    .await;
    assert!(to.ends_with("done=proposed"), "{to}");
    (id, agent)
}

#[tokio::test]
async fn lifting_a_cash_out_freeze_needs_another_supervisor_and_agents_cannot_approve() {
    let server = TestServer::start();
    let (id, agent) = propose_unfreeze(&server).await;
    let store = server.store().await;
    let zs_id = server.account_id("zhangsan").await;
    let today = limitdesk_tests::clock().today();
    assert_eq!(
        store
            .credit_line(zs_id, today)
            .await
            .unwrap()
            .unwrap()
            .status,
        LineStatus::Frozen
    );

    // Supervisor-only actions are refused to an agent, and change nothing.
    let v = version(&server, id).await;
    assert!(act(&server, &agent, id, "approve", &[("version", &v)])
        .await
        .ends_with("error=forbidden"));
    assert!(act(&server, &agent, id, "send-back", &[("version", &v)])
        .await
        .ends_with("error=forbidden"));
    let agent_id = server.account_id("agent").await.to_string();
    assert!(act(
        &server,
        &agent,
        id,
        "assign",
        &[("version", &v), ("to", &agent_id)]
    )
    .await
    .ends_with("error=forbidden"));
    assert_eq!(
        agent
            .post(server.at("/admin/audit.csv"))
            .header("origin", &server.url)
            .form(&[("entity_type", ""), ("actor", "")])
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let audit_page = agent.get(server.at("/admin/audit")).send().await.unwrap();
    assert_eq!(audit_page.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        store.case(id).await.unwrap().unwrap().appeal.summary.status,
        AppealStatus::PendingApproval
    );

    let supervisor = staff(&server, "supervisor").await;
    let to = act(&server, &supervisor, id, "approve", &[("version", &v)]).await;
    assert!(to.ends_with("done=approved"), "{to}");
    assert_eq!(
        store
            .credit_line(zs_id, today)
            .await
            .unwrap()
            .unwrap()
            .status,
        LineStatus::Active
    );
    let actions = audit_actions(&server, "appeal", &id.to_string()).await;
    for expected in ["appeal.proposed", "appeal.decided"] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing: {actions:?}"
        );
    }

    // Supervisors export the audit log, by a post only (an export is audited:
    // no other site may set one off with a link); formula-looking cells are defused.
    assert_eq!(
        supervisor
            .get(server.at("/admin/audit.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    let csv = supervisor
        .post(server.at("/admin/audit.csv"))
        .header("origin", &server.url)
        .form(&[("entity_type", ""), ("actor", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    assert!(text.contains("\"appeal.decided\""));
    assert!(
        text.lines().skip(1).all(|l| l.starts_with('"')),
        "every cell quoted"
    );
}

#[tokio::test]
async fn asking_for_information_pauses_the_clock_and_notes_stay_internal() {
    let server = TestServer::start();
    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let agent = staff(&server, "agent").await;
    act(
        &server,
        &agent,
        id,
        "claim",
        &[("version", &version(&server, id).await)],
    )
    .await;
    let to = act(
        &server,
        &agent,
        id,
        "note",
        &[("body", "内部：核对银行流水")],
    )
    .await;
    assert!(to.ends_with("done=noted"), "{to}");
    let to = act(
        &server,
        &agent,
        id,
        "ask",
        &[
            ("version", &version(&server, id).await),
            ("body", "请上传 10 月 21 日的还款凭证截图。"),
        ],
    )
    .await;
    assert!(to.ends_with("done=asked"), "{to}");
    let body = get_page(&server, &xz, &format!("/appeals/{id}")).await;
    assert!(
        body.contains("请上传 10 月 21 日的还款凭证截图"),
        "the customer sees the question"
    );
    assert!(
        !body.contains("核对银行流水"),
        "an internal note never reaches the customer"
    );
    let actions = audit_actions(&server, "appeal", &id.to_string()).await;
    assert!(actions.iter().any(|a| a == "appeal.note_added"));
}

/// The token of an enrolment link the admin page answered with.
fn token_of(link: &serde_json::Value) -> String {
    let link = link.as_str().expect("a link");
    link.split_once("token=").expect("a token").1.to_owned()
}

/// What the enrolment page offers, read the way the page reads it.
async fn offer(server: &TestServer, token: &str) -> serde_json::Value {
    call(server, &client(), "enrolment", &[("token", token)])
        .await
        .unwrap()
}

async fn enrol(
    server: &TestServer,
    c: &Client,
    token: &str,
    password: &str,
    repeat: &str,
    code: &str,
) -> String {
    let r = c
        .post(server.at("/admin/auth/enrol"))
        .header("origin", &server.url)
        .form(&[
            ("token", token),
            ("password", password),
            ("repeat", repeat),
            ("code", code),
        ])
        .send()
        .await
        .unwrap();
    location(&r)
}

#[tokio::test]
async fn an_admin_invites_new_staff_who_set_their_own_factors_and_a_reset_is_a_new_link() {
    let server = TestServer::start();
    let store = server.store().await;
    let admin_id = server.add_admin("admin", "管理员 老周").await.to_string();
    let admin = staff(&server, "admin").await;
    let body = get_page(&server, &admin, "/admin/staff").await;
    assert!(
        body.contains("客服 小刘") && body.contains("主管 老陈"),
        "the staff list"
    );

    let new_staff = [
        ("username", "laowang"),
        ("display_name", "客服 老王"),
        ("role", "agent"),
    ];
    // Nobody but an admin can add staff, and the refusal creates nothing.
    let agent = staff(&server, "agent").await;
    let supervisor = staff(&server, "supervisor").await;
    let xz = customer(&server, "xiaozhang").await;
    for (c, status) in [
        (&agent, StatusCode::FORBIDDEN),
        (&supervisor, StatusCode::FORBIDDEN),
        (&xz, StatusCode::UNAUTHORIZED),
    ] {
        assert_eq!(call(&server, c, "add_staff", &new_staff).await, Err(status));
        assert_eq!(call(&server, c, "staff_accounts", &[]).await, Err(status));
    }
    assert!(store.credentials("laowang").await.unwrap().is_none());

    // Bad input is refused with a reason and changes nothing.
    for (form, refusal) in [
        (
            [("username", "lao wang"), new_staff[1], new_staff[2]],
            "Username",
        ),
        ([new_staff[0], new_staff[1], ("role", "customer")], "Role"),
        ([("username", "agent"), new_staff[1], new_staff[2]], "Taken"),
        // Case does not make a new name, and control characters are no name at all.
        ([("username", "Agent"), new_staff[1], new_staff[2]], "Taken"),
        (
            [("username", "lao\u{7}wang"), new_staff[1], new_staff[2]],
            "Username",
        ),
    ] {
        let answer = call(&server, &admin, "add_staff", &form).await.unwrap();
        assert_eq!(answer["Err"], refusal, "{answer}");
    }
    assert!(store.credentials("laowang").await.unwrap().is_none());

    // The admin gets a link and nothing else: no password, no secret, no codes.
    let answer = call(&server, &admin, "add_staff", &new_staff)
        .await
        .unwrap();
    let invitation = &answer["Ok"];
    let text = invitation.to_string();
    for secret_part in ["secret", "recovery", "qr_svg", "password"] {
        assert!(
            !text.contains(secret_part),
            "the admin sees {secret_part}: {text}"
        );
    }
    let token = token_of(&invitation["link"]);
    assert!(
        invitation["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/admin/enrol?token=", server.url)),
        "{invitation}"
    );
    let created = store.credentials("laowang").await.unwrap().unwrap();
    assert_eq!(created.account.role, app::model::Role::Agent);
    let id = created.account.id.to_string();
    // Until the link is used, no password signs the account in.
    let r = staff_login_with(&server, &client(), "laowang", "!", &code_now()).await;
    assert!(location(&r).contains("error=credentials"));

    // The member's page offers an authenticator and recovery codes; the link
    // page renders for them without signing in.
    let offered = offer(&server, &token).await["Ok"].clone();
    let secret = offered["secret"].as_str().unwrap().to_owned();
    assert!(offered["qr_svg"].as_str().unwrap().contains("<svg"));
    let codes: Vec<String> = offered["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let html = get_page(&server, &client(), &format!("/admin/enrol?token={token}")).await;
    assert!(
        html.contains(&secret) && html.contains(&codes[0]),
        "the page shows them"
    );

    // Mistakes are named and spend nothing.
    let wang = client();
    let code = server::staff_auth::totp_code(&secret, chrono::Utc::now()).unwrap();
    let page = format!("/admin/enrol?token={token}");
    for (password, repeat, code, error) in [
        (
            "wang-own-password",
            "wang-other-password",
            code.as_str(),
            "mismatch",
        ),
        ("short", "short", code.as_str(), "too_short"),
        ("wang-own-password", "wang-own-password", "000000", "code"),
    ] {
        let to = enrol(&server, &wang, &token, password, repeat, code).await;
        assert_eq!(to, format!("{page}&error={error}"));
    }
    // Done: signed in at once, and the link is spent.
    let to = enrol(
        &server,
        &wang,
        &token,
        "wang-own-password",
        "wang-own-password",
        &code,
    )
    .await;
    assert_eq!(to, "/admin");
    let queue = wang.get(server.at("/admin")).send().await.unwrap();
    assert_eq!(queue.status(), StatusCode::OK);
    assert_eq!(offer(&server, &token).await["Err"], "used");
    let again = enrol(
        &server,
        &client(),
        &token,
        "other-password-1",
        "other-password-1",
        &code,
    )
    .await;
    assert_eq!(again, page, "a used link signs nobody in");
    let actions = audit_actions(&server, "account", &id).await;
    for action in [
        "account.created",
        "account.enrolment_issued",
        "account.enrolled",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
    // Their own password and a recovery code from their page sign them in.
    let by_recovery = staff_login_with(
        &server,
        &client(),
        "laowang",
        "wang-own-password",
        &codes[0],
    )
    .await;
    assert_eq!(location(&by_recovery), "/admin");

    // A lost phone: the admin gets a new link; the old authenticator, codes
    // and sessions stop at once.
    let answer = call(&server, &admin, "reset_authenticator", &[("account", &id)])
        .await
        .unwrap();
    let new_token = token_of(&answer["Ok"]["link"]);
    assert_ne!(new_token, token);
    let after = wang.get(server.at("/admin")).send().await.unwrap();
    assert!(
        after.status().is_redirection() || after.status() == StatusCode::UNAUTHORIZED,
        "the old session ended: {}",
        after.status()
    );
    let old_recovery = staff_login_with(
        &server,
        &client(),
        "laowang",
        "wang-own-password",
        &codes[1],
    )
    .await;
    assert!(location(&old_recovery).contains("error=credentials"));
    let new_secret = offer(&server, &new_token).await["Ok"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_secret, secret);
    // A second reset replaces the first link.
    let answer = call(&server, &admin, "reset_authenticator", &[("account", &id)])
        .await
        .unwrap();
    assert_eq!(offer(&server, &new_token).await["Err"], "unknown");
    let newest = token_of(&answer["Ok"]["link"]);
    let newest_secret = offer(&server, &newest).await["Ok"]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = server::staff_auth::totp_code(&newest_secret, chrono::Utc::now()).unwrap();
    let to = enrol(
        &server,
        &client(),
        &newest,
        "wang-newer-password",
        "wang-newer-password",
        &code,
    )
    .await;
    assert_eq!(to, "/admin");

    // Nobody resets their own second factor from a session, and an agent resets nobody's.
    let own = call(
        &server,
        &admin,
        "reset_authenticator",
        &[("account", &admin_id)],
    )
    .await
    .unwrap();
    assert_eq!(own["Err"], "OwnAccount");
    assert!(
        call(&server, &agent, "reset_authenticator", &[("account", &id)])
            .await
            .is_err()
    );
}

#[tokio::test]
async fn raising_a_role_waits_for_a_second_admin_with_a_fresh_code_and_lowering_is_at_once() {
    let server = TestServer::start();
    server.add_admin("admin", "管理员 老周").await;
    server.add_admin("admin2", "管理员 小吴").await;
    let store = server.store().await;
    let agent_id = server.account_id("agent").await;
    let role_of = |id: Uuid| {
        let store = store.clone();
        async move { store.account(id).await.unwrap().unwrap().role }
    };
    let zhou = staff(&server, "admin").await;
    let post = |c: &Client, path: String, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = server.at(&path);
        let origin = server.url.clone();
        async move {
            let r = c
                .post(url)
                .header("origin", origin)
                .form(&form)
                .send()
                .await
                .unwrap();
            (r.status(), location(&r))
        }
    };
    let role_path = format!("/admin/staff/{agent_id}/role");

    // Only admins change roles.
    let supervisor = staff(&server, "supervisor").await;
    let (status, _) = post(
        &supervisor,
        role_path.clone(),
        vec![("role", "admin".into())],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // 老周 asks to make the agent a supervisor: nothing changes yet.
    let (_, to) = post(
        &zhou,
        role_path.clone(),
        vec![("role", "supervisor".into())],
    )
    .await;
    assert_eq!(to, "/admin/staff?notice=requested");
    assert_eq!(role_of(agent_id).await, app::model::Role::Agent);
    let (_, to) = post(&zhou, role_path.clone(), vec![("role", "admin".into())]).await;
    assert_eq!(to, "/admin/staff?notice=already_waiting");
    let grants = store.open_role_grants().await.unwrap();
    assert_eq!(grants.len(), 1);
    let grant = grants[0].id;

    // He cannot approve his own request, nor change his own role.
    let (_, to) = post(
        &zhou,
        format!("/admin/role-grants/{grant}/approve"),
        vec![("code", code_now())],
    )
    .await;
    assert_eq!(to, "/admin/staff?notice=own_request");
    let zhou_id = server.account_id("admin").await;
    let (_, to) = post(
        &zhou,
        format!("/admin/staff/{zhou_id}/role"),
        vec![("role", "agent".into())],
    )
    .await;
    assert_eq!(to, "/admin/staff?notice=own_account");
    assert_eq!(role_of(agent_id).await, app::model::Role::Agent);

    // 小吴, the second admin, whose code is twenty minutes old, must give a fresh one.
    let wu = staff(&server, "admin2").await;
    let wu_id = server.account_id("admin2").await;
    let db = server::store::sqlite::SqliteStore::connect(
        &server.database_url,
        limitdesk_tests::secret_key(),
    )
    .await
    .unwrap();
    let long_ago = limitdesk_tests::clock().now() - chrono::Duration::minutes(20);
    sqlx::query("UPDATE sessions SET factor_at = $1 WHERE account_id = $2")
        .bind(long_ago)
        .bind(wu_id)
        .execute(db.pool())
        .await
        .unwrap();
    let overview = call(&server, &wu, "staff_accounts", &[]).await.unwrap();
    assert_eq!(overview["approve_needs_code"], true);
    assert_eq!(overview["grants"][0]["yours"], false);
    for code in ["", "000000"] {
        let (_, to) = post(
            &wu,
            format!("/admin/role-grants/{grant}/approve"),
            vec![("code", code.into())],
        )
        .await;
        assert_eq!(to, "/admin/staff?notice=code_needed", "{code:?}");
    }
    assert_eq!(role_of(agent_id).await, app::model::Role::Agent);
    let codes = server::staff_auth::new_recovery_codes(
        store.as_ref(),
        wu_id,
        &app::ssr::store::Actor::system("test"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let (_, to) = post(
        &wu,
        format!("/admin/role-grants/{grant}/approve"),
        vec![("code", codes[0].clone())],
    )
    .await;
    assert_eq!(to, "/admin/staff?notice=granted");
    assert_eq!(role_of(agent_id).await, app::model::Role::Supervisor);
    let (_, to) = post(&wu, format!("/admin/role-grants/{grant}/approve"), vec![]).await;
    assert_eq!(to, "/admin/staff?notice=gone", "decided once");

    // Lowering takes effect at once, with no second admin.
    let (_, to) = post(&zhou, role_path.clone(), vec![("role", "agent".into())]).await;
    assert_eq!(to, "/admin/staff?notice=changed");
    assert_eq!(role_of(agent_id).await, app::model::Role::Agent);

    // A new member invited as an admin starts as an agent, waiting; a decline keeps it so.
    let answer = call(
        &server,
        &zhou,
        "add_staff",
        &[
            ("username", "laoli"),
            ("display_name", "管理员 老李"),
            ("role", "admin"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(answer["Ok"]["waiting_role"], "admin");
    let laoli = server.account_id("laoli").await;
    assert_eq!(role_of(laoli).await, app::model::Role::Agent);
    let grant = store.open_role_grants().await.unwrap()[0].id;
    let (_, to) = post(&wu, format!("/admin/role-grants/{grant}/decline"), vec![]).await;
    assert_eq!(to, "/admin/staff?notice=declined");
    assert_eq!(role_of(laoli).await, app::model::Role::Agent);
    assert!(store.open_role_grants().await.unwrap().is_empty());

    // A grant for someone deactivated meanwhile is withdrawn with them.
    let (_, to) = post(
        &zhou,
        format!("/admin/staff/{laoli}/role"),
        vec![("role", "supervisor".into())],
    )
    .await;
    assert_eq!(to, "/admin/staff?notice=requested");
    assert_eq!(
        call(
            &server,
            &zhou,
            "deactivate_staff",
            &[("account", &laoli.to_string())]
        )
        .await
        .unwrap()["Ok"],
        0
    );
    assert!(store.open_role_grants().await.unwrap().is_empty());

    let actions = audit_actions(&server, "account", &agent_id.to_string()).await;
    for action in [
        "account.role_requested",
        "account.role_granted",
        "account.role_changed",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
    let actions = audit_actions(&server, "account", &laoli.to_string()).await;
    assert!(
        actions.iter().any(|a| a == "account.role_declined"),
        "{actions:?}"
    );
}

/// What a refusal must leave as it was: the appeal's version and its audit trail.
async fn footprint(server: &TestServer, id: Uuid) -> (String, usize) {
    (
        version(server, id).await,
        audit_actions(server, "appeal", &id.to_string()).await.len(),
    )
}

/// Posts `action` and asserts the exact refusal `code`, with nothing changed.
async fn refused(
    server: &TestServer,
    c: &Client,
    id: Uuid,
    action: &str,
    form: &[(&str, &str)],
    code: &str,
) {
    let before = footprint(server, id).await;
    let to = act(server, c, id, action, form).await;
    assert_eq!(
        to,
        format!("/admin/appeals/{id}?error={code}"),
        "{action} refused as {code}"
    );
    assert_eq!(
        footprint(server, id).await,
        before,
        "{action} refused as {code} changed nothing"
    );
}

#[tokio::test]
async fn every_staff_refusal_names_its_reason_and_changes_nothing() {
    let server = TestServer::start();
    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let agent = staff(&server, "agent").await;
    let supervisor = staff(&server, "supervisor").await;
    let v = version(&server, id).await;
    // Nobody holds it yet: an agent may not decide or write on it.
    refused(
        &server,
        &agent,
        id,
        "note",
        &[("body", "内部：先看看")],
        "not_assigned",
    )
    .await;
    refused(
        &server,
        &agent,
        id,
        "decide",
        &[("version", &v), ("verdict", "restore"), ("amount", "8000")],
        "wrong_state",
    )
    .await;

    // The supervisor takes it; the agent can no longer claim or act on it.
    act(&server, &supervisor, id, "claim", &[("version", &v)]).await;
    let v = version(&server, id).await;
    refused(
        &server,
        &agent,
        id,
        "claim",
        &[("version", &v)],
        "already_assigned",
    )
    .await;
    refused(
        &server,
        &agent,
        id,
        "ask",
        &[
            ("version", &v),
            ("body", "请上传 10 月 21 日的还款凭证截图。"),
        ],
        "not_assigned",
    )
    .await;
    refused(
        &server,
        &agent,
        id,
        "decide",
        &[("version", &v), ("verdict", "restore"), ("amount", "8000")],
        "not_assigned",
    )
    .await;
    // Bad input from the one who may act.
    refused(
        &server,
        &supervisor,
        id,
        "assign",
        &[("version", &v), ("to", "not-a-staff-id")],
        "unknown_staff",
    )
    .await;
    let xz_id = server.newest_decision_of("xiaozhang").await;
    let customer_id = server
        .store()
        .await
        .credentials("xiaozhang")
        .await
        .unwrap()
        .unwrap()
        .account
        .id;
    refused(
        &server,
        &supervisor,
        id,
        "assign",
        &[("version", &v), ("to", &customer_id.to_string())],
        "unknown_staff",
    )
    .await;
    refused(
        &server,
        &supervisor,
        id,
        "ask",
        &[("version", &v), ("body", "太短")],
        "message_length",
    )
    .await;
    refused(
        &server,
        &supervisor,
        id,
        "decide",
        &[("version", &v), ("verdict", "restore"), ("amount", "八千")],
        "bad_amount",
    )
    .await;
    refused(
        &server,
        &supervisor,
        id,
        "approve",
        &[("version", &v)],
        "wrong_state",
    )
    .await;

    // The supervisor rejects it; 小张 appeals again with new evidence, and the
    // re-appeal must go to someone other than the supervisor who decided the first.
    let to = act(
        &server,
        &supervisor,
        id,
        "decide",
        &[
            ("version", &v),
            ("verdict", "reject"),
            ("reason", "record_is_correct"),
        ],
    )
    .await;
    assert!(to.ends_with("done=decided"), "{to}");
    let form = Form::new()
        .text("ground", "paid_not_recorded")
        .text(
            "statement",
            "我在 10 月 21 日已经还清了这一期，这是银行的还款凭证。",
        )
        .part(
            "files",
            reqwest::multipart::Part::bytes(limitdesk_tests::files::receipt_png())
                .file_name("receipt.png"),
        );
    let r = xz
        .post(server.at(&format!("/decisions/{xz_id}/appeal")))
        .header("origin", &server.url)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let again = Uuid::parse_str(location(&r).trim_start_matches("/appeals/"))
        .unwrap_or_else(|_| panic!("re-appeal filed: {}", location(&r)));
    let v = version(&server, again).await;
    refused(
        &server,
        &supervisor,
        again,
        "claim",
        &[("version", &v)],
        "decided_first",
    )
    .await;

    // A supervisor's own four-eyes proposal waits for another supervisor.
    let zs = customer(&server, "zhangsan").await;
    let z = appeal(&server, &zs, "zhangsan").await;
    act(
        &server,
        &supervisor,
        z,
        "claim",
        &[("version", &version(&server, z).await)],
    )
    .await;
    let to = act(
        &server,
        &supervisor,
        z,
        "decide",
        &[
            ("version", &version(&server, z).await),
            ("verdict", "unfreeze"),
        ],
    )
    .await;
    assert!(to.ends_with("done=proposed"), "{to}");
    let v = version(&server, z).await;
    refused(
        &server,
        &supervisor,
        z,
        "approve",
        &[("version", &v)],
        "own_proposal",
    )
    .await;
}

#[tokio::test]
async fn a_deactivated_member_is_signed_out_at_once_and_their_cases_go_back_to_the_queue() {
    let server = TestServer::start();
    let store = server.store().await;
    let admin_id = server.add_admin("admin", "管理员 老周").await.to_string();
    let admin = staff(&server, "admin").await;
    let agent = staff(&server, "agent").await;
    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let v = version(&server, id).await;
    assert!(act(&server, &agent, id, "claim", &[("version", &v)])
        .await
        .ends_with("done=claimed"));
    let agent_id = store
        .staff_accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.username == "agent")
        .unwrap()
        .id
        .to_string();

    // Only an admin may, and not on their own account.
    let supervisor = staff(&server, "supervisor").await;
    assert_eq!(
        call(
            &server,
            &supervisor,
            "deactivate_staff",
            &[("account", &agent_id)]
        )
        .await,
        Err(StatusCode::FORBIDDEN)
    );
    let answer = call(
        &server,
        &admin,
        "deactivate_staff",
        &[("account", &agent_id)],
    )
    .await
    .unwrap();
    // The one claimed here and the three the demo world's agent holds.
    assert_eq!(answer["Ok"], 4, "their appeals back in the queue: {answer}");

    // Their session is gone now, not at its expiry, and they cannot sign in again.
    assert!(act(
        &server,
        &agent,
        id,
        "note",
        &[("version", &v), ("body", "还在吗")]
    )
    .await
    .starts_with("/admin/login"));
    let again = staff_login(&server, &client(), "agent", &code_now()).await;
    assert!(
        location(&again).contains("error=credentials"),
        "{}",
        location(&again)
    );

    // The appeal is unassigned again, for someone else to claim.
    let case = store.case(id).await.unwrap().unwrap();
    assert_eq!(case.assigned_to, None);
    assert_eq!(case.appeal.summary.status, AppealStatus::InReview);
    let actions = audit_actions(&server, "account", &agent_id).await;
    assert!(
        actions.iter().any(|a| a == "account.deactivated"),
        "{actions:?}"
    );
    // A second time is refused, and so is deactivating oneself.
    let twice = call(
        &server,
        &admin,
        "deactivate_staff",
        &[("account", &agent_id)],
    )
    .await
    .unwrap();
    assert_eq!(twice["Err"], "NotStaff", "{twice}");
    let own = call(
        &server,
        &admin,
        "deactivate_staff",
        &[("account", &admin_id)],
    )
    .await
    .unwrap();
    assert_eq!(own["Err"], "OwnAccount", "{own}");
}

#[tokio::test]
async fn a_staff_member_changes_their_password_and_their_other_sessions_end() {
    let server = TestServer::start();
    let store = server.store().await;
    let laptop = staff(&server, "agent").await;
    let agent = store.credentials("agent").await.unwrap().unwrap().account;
    // A second session of the same account, on a phone.
    let phone_token = "phone-session-token-for-this-test-0123456789";
    let phone_hash = app::ssr::session::token_hash(phone_token);
    let now = chrono::Utc::now();
    store
        .create_session(&phone_hash, agent.id, now, now + chrono::Duration::hours(1))
        .await
        .unwrap();

    let change = |current: &str, new: &str, repeat: &str| {
        let form = [
            ("current", current.to_owned()),
            ("new", new.to_owned()),
            ("repeat", repeat.to_owned()),
        ];
        laptop
            .post(server.at("/admin/auth/password"))
            .header("origin", &server.url)
            .form(&form)
            .send()
    };
    let new_password = "a-new-password-for-agent";
    for (current, repeat, code) in [
        ("not-my-password", new_password, "current"),
        (PASSWORD, "something-else-entirely", "mismatch"),
        (PASSWORD, "short", "mismatch"),
    ] {
        let r = change(current, new_password, repeat).await.unwrap();
        assert_eq!(location(&r), format!("/admin/password?error={code}"));
    }
    let r = change(PASSWORD, "short", "short").await.unwrap();
    assert_eq!(location(&r), "/admin/password?error=too_short");
    assert!(
        store
            .session_account(&phone_hash, chrono::Utc::now())
            .await
            .unwrap()
            .is_some(),
        "refusals change nothing"
    );

    let r = change(PASSWORD, new_password, new_password).await.unwrap();
    assert_eq!(location(&r), "/admin/password?done=1");
    assert!(
        store
            .session_account(&phone_hash, chrono::Utc::now())
            .await
            .unwrap()
            .is_none(),
        "the phone's session ended"
    );
    let viewer = call(&server, &laptop, "staff_viewer", &[]).await.unwrap();
    assert_eq!(
        viewer["username"], "agent",
        "this browser goes on: {viewer}"
    );
    let stored = store
        .credentials("agent")
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(server::password::verify(new_password, &stored));
    assert!(!server::password::verify(PASSWORD, &stored));
    let actions = audit_actions(&server, "account", &agent.id.to_string()).await;
    assert!(
        actions.iter().any(|a| a == "account.password_changed"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn sign_ins_and_case_views_are_in_the_access_log() {
    let server = TestServer::start();
    let store = server.store().await;
    assert!(
        location(&sign_in(&server, &client(), "lisi", "not-the-password").await)
            .contains("error=credentials")
    );
    let failed = store.audit_for("username", "lisi").await.unwrap();
    assert!(
        failed.iter().any(|r| r.action == "sign_in.failed"
            && r.after.as_ref().is_some_and(|a| a["why"] == "credentials")),
        "{failed:?}"
    );

    let xz = customer(&server, "xiaozhang").await;
    let xz_id = server.account_id("xiaozhang").await;
    assert!(audit_actions(&server, "account", &xz_id.to_string())
        .await
        .iter()
        .any(|a| a == "sign_in.succeeded"));
    let id = appeal(&server, &xz, "xiaozhang").await;
    let supervisor = staff(&server, "supervisor").await;
    call(&server, &supervisor, "case", &[("id", &id.to_string())])
        .await
        .unwrap();
    let viewed = store.audit_for("appeal", &id.to_string()).await.unwrap();
    assert!(
        viewed
            .iter()
            .any(|r| r.action == "case.viewed" && r.actor == "supervisor"),
        "{viewed:?}"
    );

    // The case page lists the appeal's changes and counts its openings; the
    // audit log, filtered to the appeal, lists each one.
    let case_page = || async {
        let response = supervisor
            .get(server.at(&format!("/admin/appeals/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    };
    case_page().await;
    let page = case_page().await;
    let trail = page
        .split("data-testid=\"case-audit\"")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .expect("the case page's audit trail");
    assert!(
        !trail.contains("case.viewed"),
        "openings are not listed: {trail}"
    );
    assert!(
        page.contains("此申诉已被打开 3 次，最近一次：supervisor"),
        "the openings, counted"
    );
    let audit_href = format!("/admin/audit?entity_type=appeal&amp;entity_id={id}");
    assert!(
        page.contains(&audit_href),
        "a supervisor may follow them to the audit log"
    );
    let audit = get_page(
        &server,
        &supervisor,
        &format!("/admin/audit?entity_type=appeal&entity_id={id}"),
    )
    .await;
    assert_eq!(audit.matches("case.viewed").count(), 3, "{audit}");
    let entity = format!("appeal:{id}");
    let rows = audit.matches("<tr>").count() - 1;
    assert_eq!(
        audit.matches(entity.as_str()).count(),
        rows,
        "this appeal's lines alone"
    );
}

#[tokio::test]
async fn an_agent_opens_only_the_cases_the_case_rule_lets_them() {
    let server = TestServer::start();
    server
        .add_staff("agent2", "客服 小赵", app::model::Role::Agent)
        .await;
    let xz = customer(&server, "xiaozhang").await;
    let id = appeal(&server, &xz, "xiaozhang").await;
    let open = |c: Client| {
        let server = &server;
        async move {
            call(server, &c, "case", &[("id", &id.to_string())])
                .await
                .map(|_| ())
        }
    };
    // Nobody holds it yet: any agent may open it, to claim it.
    let agent2 = staff(&server, "agent2").await;
    assert_eq!(open(agent2.clone()).await, Ok(()));
    let agent = staff(&server, "agent").await;
    let v = version(&server, id).await;
    assert!(act(&server, &agent, id, "claim", &[("version", &v)])
        .await
        .ends_with("done=claimed"));
    // Now it is the agent's: another agent finds nothing, a supervisor opens it.
    assert_eq!(
        open(agent2).await,
        Err(StatusCode::NOT_FOUND),
        "another agent's case"
    );
    assert_eq!(open(agent).await, Ok(()));
    assert_eq!(open(staff(&server, "supervisor").await).await, Ok(()));
}

#[tokio::test]
async fn an_approval_long_after_the_last_code_asks_for_a_fresh_one() {
    let server = TestServer::start();
    let (id, _agent) = propose_unfreeze(&server).await;

    let supervisor = staff(&server, "supervisor").await;
    let store = server.store().await;
    let sv_id = server.account_id("supervisor").await;
    // Twenty minutes after the supervisor's code, by the server's clock.
    let db = server::store::sqlite::SqliteStore::connect(
        &server.database_url,
        limitdesk_tests::secret_key(),
    )
    .await
    .unwrap();
    let long_ago = limitdesk_tests::clock().now() - chrono::Duration::minutes(20);
    sqlx::query("UPDATE sessions SET factor_at = $1 WHERE account_id = $2")
        .bind(long_ago)
        .bind(sv_id)
        .execute(db.pool())
        .await
        .unwrap();

    let page = call(&server, &supervisor, "case", &[("id", &id.to_string())])
        .await
        .unwrap();
    assert_eq!(page["approve_needs_code"], true, "the form asks for a code");
    let v = version(&server, id).await;
    for code in ["", "000000"] {
        let to = act(
            &server,
            &supervisor,
            id,
            "approve",
            &[("version", &v), ("code", code)],
        )
        .await;
        assert!(to.ends_with("error=code_needed"), "{code:?}: {to}");
    }
    assert_eq!(
        store.case(id).await.unwrap().unwrap().appeal.summary.status,
        AppealStatus::PendingApproval,
        "nothing decided"
    );
    let codes = server::staff_auth::new_recovery_codes(
        store.as_ref(),
        sv_id,
        &app::ssr::store::Actor::system("test"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let to = act(
        &server,
        &supervisor,
        id,
        "approve",
        &[("version", &v), ("code", &codes[0])],
    )
    .await;
    assert!(to.ends_with("done=approved"), "{to}");
}
