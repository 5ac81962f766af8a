//! End-to-end in headless Chromium through the real UI, against the release binary.
//!
//! Every step waits for the state it asserts (see `limitdesk_tests::browser`):
//! a form post waits for the page it loads, a read waits for its element.

use limitdesk_tests::flows::{sign_in, staff_sign_in};
use limitdesk_tests::{files, Browser, TestServer, PASSWORD};

#[tokio::test]
async fn xiaozhang_sees_why_his_limit_dropped_and_that_the_overdue_is_paid() {
    let server = TestServer::start();
    let b = Browser::start().await;
    sign_in(&b, &server, "xiaozhang", PASSWORD).await;

    assert_eq!(b.text("[data-testid=current-limit]").await, "¥2,000.00");
    assert_eq!(b.text("[data-testid=limit-before]").await, "¥8,000.00");
    let reason = b.text(".reason[data-code=OVERDUE_UNPAID]").await;
    assert!(
        reason.contains("逾期未还款") && reason.contains("¥600.00") && reason.contains("12 天"),
        "{reason}"
    );
    let first_step = ".checklist li:first-child";
    assert_eq!(
        b.attr(first_step, "class").await.as_deref(),
        Some("step step-done")
    );
    let step_text = b.text(first_step).await;
    assert!(
        step_text.contains("还清逾期的 ¥600.00") && step_text.contains("已完成"),
        "{step_text}"
    );

    b.screenshot("overview-xiaozhang-phone").await;
    b.resize(1280, 1100).await;
    b.screenshot("overview-xiaozhang-desktop").await;

    // Every page is a document of its own: the link loads the next one.
    b.submit("nav.main-nav a[href='/repayments']").await;
    let late_row = b.text("table.installments tr.late").await;
    assert!(
        late_row.contains("2026-10-08")
            && late_row.contains("2026-10-21")
            && late_row.contains("逾期 13 天还款"),
        "{late_row}"
    );
    b.screenshot("repayments-xiaozhang-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn lisi_sees_a_healthy_account_with_nothing_to_fix() {
    let server = TestServer::start();
    let b = Browser::start().await;
    sign_in(&b, &server, "lisi", PASSWORD).await;
    let healthy = b.text("[data-testid=healthy]").await;
    assert!(
        healthy.contains("账户状态良好") && healthy.contains("没有需要处理的事项"),
        "{healthy}"
    );
    assert_eq!(b.text("[data-testid=current-limit]").await, "¥3,000.00");
    assert_eq!(b.count(".reason").await, 0);
    assert_eq!(b.count(".checklist").await, 0);
    b.close().await;
}

#[tokio::test]
async fn wangwu_sees_both_of_his_reasons() {
    let server = TestServer::start();
    let b = Browser::start().await;
    sign_in(&b, &server, "wangwu", PASSWORD).await;
    let binding = b.text(".reason[data-code=FREQUENT_BINDING_CHANGES]").await;
    assert!(
        binding.contains("频繁更换绑定信息") && binding.contains("30 天内更换银行卡 4 次"),
        "{binding}"
    );
    let identity = b.text(".reason[data-code=IDENTITY_UNVERIFIED]").await;
    assert!(identity.contains("实名信息不完整"), "{identity}");
    assert_eq!(b.text(".limit-card .badge").await, "已冻结");
    let steps = b.text(".checklist").await;
    assert!(steps.contains("完成实名认证"), "{steps}");
    b.screenshot("overview-wangwu-phone").await;
    b.close().await;
}

#[tokio::test]
async fn switching_to_english_is_one_click_and_is_remembered() {
    let server = TestServer::start();
    let b = Browser::start().await;
    b.open(&server.at("/login")).await;
    assert_eq!(b.text("h1").await, "登录");
    b.submit("button.lang-button").await;
    assert_eq!(b.text("h1").await, "Sign in");

    sign_in(&b, &server, "xiaozhang", PASSWORD).await;
    assert_eq!(b.text("#why-title").await, "Why your limit changed");
    let reason = b.text(".reason[data-code=OVERDUE_UNPAID]").await;
    assert!(
        reason.contains("Overdue and unpaid") && reason.contains("12 days"),
        "{reason}"
    );

    b.reload().await;
    assert_eq!(
        b.text("#why-title").await,
        "Why your limit changed",
        "remembered across loads"
    );
    b.close().await;
}

#[tokio::test]
async fn a_wrong_password_shows_a_clear_error_and_keeps_the_username() {
    let server = TestServer::start();
    let b = Browser::start().await;
    sign_in(&b, &server, "xiaozhang", "wrong-password").await;
    assert_eq!(b.text("#login-error").await, "用户名或密码不正确。");
    assert_eq!(
        b.prop("#username", "value").await.as_deref(),
        Some("xiaozhang")
    );
    let cookies = b.client.get_all_cookies().await.unwrap();
    assert!(
        cookies.iter().all(|k| k.name() != "ld_session"),
        "no session cookie"
    );
    b.close().await;
}

#[tokio::test]
async fn another_customers_decision_url_shows_not_found() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let b = Browser::start().await;
    sign_in(&b, &server, "lisi", PASSWORD).await;
    b.wait("[data-testid=healthy]").await;
    b.open(&server.at(&format!("/decisions/{decision}"))).await;
    assert_eq!(b.text(".not-found h1").await, "页面不存在");
    let source = b.source().await;
    assert!(
        !source.contains("CS-20261020-0001") && !source.contains("¥600.00"),
        "nothing of 小张's leaks"
    );
    b.close().await;
}

#[tokio::test]
async fn xiaozhang_appeals_with_a_receipt_and_a_disguised_file_is_refused() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let fake = files::on_disk(dir.path(), "notes.png", &files::text_pretending_to_be_png());
    let receipt = files::on_disk(dir.path(), "receipt.png", &files::receipt_png());
    let statement = "我在 10 月 21 日已经还清了这一期，附上还款凭证，请恢复额度。";

    let b = Browser::start().await;
    sign_in(&b, &server, "xiaozhang", PASSWORD).await;
    b.submit("[data-testid=start-appeal]").await;

    // A text file named .png is refused, and what he typed stays.
    b.click("#ground-paid_not_recorded").await;
    b.fill(&[("#statement", statement)]).await;
    b.attach("#files", &fake).await;
    b.submit(".appeal-form button[type=submit]").await;
    let error = b.text("#appeal-error").await;
    assert!(
        error.contains("notes.png") && error.contains("不是 PNG、JPEG 或 PDF"),
        "{error}"
    );
    assert_eq!(
        b.prop("#statement", "value").await.as_deref(),
        Some(statement)
    );
    assert_eq!(
        b.prop("#ground-paid_not_recorded", "checked")
            .await
            .as_deref(),
        Some("true")
    );

    // With the real receipt it goes through.
    b.attach("#files", &receipt).await;
    b.submit(".appeal-form button[type=submit]").await;
    assert_eq!(b.text("[data-testid=appeal-status]").await, "已提交");
    assert_eq!(b.text("[data-testid=decide-by]").await, "2026-12-12");
    let thread = b.text("[data-testid=thread]").await;
    assert!(
        thread.contains(statement) && thread.contains("receipt.png"),
        "{thread}"
    );
    b.wait("img.thumbnail").await;
    b.screenshot("appeal-xiaozhang-phone").await;

    // The overview shows the appeal, and a second appeal is refused.
    b.open(&server.at("/")).await;
    assert!(b.text("[data-testid=appeal-line]").await.contains("已提交"));
    assert_eq!(b.count("[data-testid=start-appeal]").await, 0);
    let decision = server.newest_decision_of("xiaozhang").await;
    b.open(&server.at(&format!("/decisions/{decision}/appeal")))
        .await;
    assert!(b
        .text("[data-testid=appeal-refusal]")
        .await
        .contains("已有一个处理中的申诉"));
    b.close().await;
}

#[tokio::test]
async fn lisi_has_nothing_to_appeal() {
    let server = TestServer::start();
    let b = Browser::start().await;
    sign_in(&b, &server, "lisi", PASSWORD).await;
    b.wait("[data-testid=healthy]").await;
    assert_eq!(b.count("[data-testid=start-appeal]").await, 0);
    b.open(&server.at("/history")).await;
    assert_eq!(
        b.text("#history-title + p, .card p").await,
        "还没有额度调整记录。"
    );
    b.close().await;
}

/// The customer files an appeal on their current decision through the form.
async fn file_appeal(b: &Browser, ground: &str) {
    b.submit("[data-testid=start-appeal]").await;
    b.click(&format!("#ground-{ground}")).await;
    b.fill(&[(
        "#statement",
        "我在 10 月 21 日已经还清了这一期，请恢复额度。这些都是我本人的真实购物。",
    )])
    .await;
    b.submit(".appeal-form button[type=submit]").await;
    assert_eq!(b.text("[data-testid=appeal-status]").await, "已提交");
}

/// Opens the customer's appeal from the queue and claims it.
async fn claim_from_queue(b: &Browser, server: &TestServer, customer_name: &str) {
    b.open(&server.at("/admin")).await;
    b.wait("[data-testid=queue]").await;
    b.click_link(customer_name).await;
    b.submit("[data-testid=claim]").await;
    b.wait("[data-testid=done]").await;
}

#[tokio::test]
async fn an_agent_restores_xiaozhang_and_a_supervisor_lifts_zhangsans_freeze() {
    let server = TestServer::start();
    let customer = Browser::start().await;
    let support = Browser::start().await;
    let (cu, st) = (&customer, &support);

    // 小张 appeals; the agent claims it, reviews his repayments and restores ¥8,000.
    sign_in(cu, &server, "xiaozhang", PASSWORD).await;
    file_appeal(cu, "paid_not_recorded").await;
    staff_sign_in(st, &server, "agent").await;
    claim_from_queue(st, &server, "小张").await;
    let summary = st.text("[data-testid=repayment-summary]").await;
    assert!(
        summary.contains("75%") && summary.contains("13 天"),
        "{summary}"
    );
    assert!(st
        .text("[data-testid=recommendation]")
        .await
        .contains("建议恢复至 ¥8,000.00"));
    st.screenshot("case-xiaozhang").await;
    // At a desktop width the decision form stands beside the repayments,
    // in view while the reading column scrolls; at a phone's, it comes first.
    let beside = "const f = document.querySelector('[data-testid=decide-form]').getBoundingClientRect(); \
                  const p = document.querySelector('[data-testid=repayment-summary]').getBoundingClientRect(); \
                  return f.left >= p.right;";
    st.holds(
        "phone: one column",
        &beside.replace("return f.left >= p.right", "return f.bottom <= p.top"),
    )
    .await;
    st.resize(1280, 900).await;
    st.holds("desktop: the form beside the repayments", beside)
        .await;
    st.eval("document.querySelector('[data-testid=staff-thread]').scrollIntoView(); return null;")
        .await;
    st.holds(
        "the form in view beside the thread",
        "const r = document.querySelector('[data-testid=decide-form]').getBoundingClientRect(); \
         return r.top < window.innerHeight && r.bottom > 0;",
    )
    .await;
    st.screenshot("case-xiaozhang-desktop").await;
    st.resize(390, 844).await;
    assert_eq!(
        st.prop("#amount", "value").await.as_deref(),
        Some("8000.00")
    );
    st.submit("[data-testid=decide]").await;
    st.wait("[data-testid=done]").await;
    assert_eq!(
        st.attr("[data-testid=case-status]", "data-status")
            .await
            .as_deref(),
        Some("approved")
    );

    cu.open(&server.at("/")).await;
    assert_eq!(cu.text("[data-testid=current-limit]").await, "¥8,000.00");
    cu.open(&server.at("/history")).await;
    assert!(cu.text("main").await.contains("申诉成功"));

    // 张三's cash-out freeze: the agent can only propose; a supervisor approves.
    let zhangsan = Browser::start().await;
    sign_in(&zhangsan, &server, "zhangsan", PASSWORD).await;
    file_appeal(&zhangsan, "activity_was_me").await;
    claim_from_queue(st, &server, "张三").await;
    st.submit("[data-testid=decide]").await;
    let done = st.text("[data-testid=done]").await;
    assert!(done.contains("主管复核"), "{done}");
    assert_eq!(
        st.count("[data-testid=approve]").await,
        0,
        "the agent cannot approve"
    );

    let supervisor = Browser::start().await;
    let sv = &supervisor;
    staff_sign_in(sv, &server, "supervisor").await;
    sv.open(&server.at("/admin?status=pending_approval")).await;
    sv.wait("[data-testid=queue]").await;
    sv.click_link("张三").await;
    assert!(sv.text("[data-testid=proposal]").await.contains("解除冻结"));
    sv.submit("[data-testid=approve]").await;
    sv.wait("[data-testid=done]").await;
    supervisor.screenshot("case-zhangsan-approved").await;

    zhangsan.open(&server.at("/")).await;
    let main = zhangsan.text("main").await;
    assert!(!main.contains("已冻结"), "the freeze is lifted: {main}");
    for b in [customer, support, zhangsan, supervisor] {
        b.close().await;
    }
}

#[tokio::test]
async fn an_admin_adds_an_agent_who_sets_up_their_own_sign_in_from_the_link() {
    let server = TestServer::start();
    server.add_admin("admin", "管理员 老周").await;
    let b = Browser::start().await;
    staff_sign_in(&b, &server, "admin").await;
    b.click("a[href='/admin/staff']").await;
    b.wait("[data-testid=staff]").await;
    b.hydrated().await;
    b.fill(&[("#s-username", "laowang"), ("#s-name", "客服 老王")])
        .await;
    // The form is an action in the page: no new document, so wait for what it shows.
    b.click("[data-testid=add-staff] button[type=submit]").await;
    let card = b
        .text_containing(
            "[data-testid=invitation]",
            &["客服 老王（laowang）的设置链接"],
        )
        .await;
    assert!(card.contains("只能使用一次"), "{card}");
    let link = b
        .prop("[data-testid=invite-link]", "value")
        .await
        .expect("the link");
    assert!(link.contains("/admin/enrol?token="), "{link}");
    // The admin's page holds no authenticator of theirs.
    assert_eq!(b.count("[data-testid=invitation] svg").await, 0);
    b.prop_becomes("#s-username", "value", "").await;
    b.screenshot("staff-invitation").await;
    b.wait("[data-testid=staff] tr[data-username=laowang]")
        .await;

    // 老王 opens the link: his own QR code, recovery codes and password.
    let wang = Browser::start().await;
    wang.open(&link).await;
    wang.wait("[data-testid=enrol] .qr svg").await;
    assert_eq!(wang.count("[data-testid=recovery-codes] li").await, 10);
    let secret = wang.text("[data-testid=secret]").await;
    wang.screenshot("staff-enrol").await;
    let code = server::staff_auth::totp_code(&secret, chrono::Utc::now()).unwrap();
    wang.fill(&[
        ("#password", "wang-own-password"),
        ("#repeat", "wang-own-password"),
        ("#code", code.as_str()),
    ])
    .await;
    wang.submit("[data-testid=enrol] button[type=submit]").await;
    assert!(wang
        .text("[data-testid=staff-who]")
        .await
        .contains("客服 老王"));
    // The link is spent: opening it again offers nothing.
    wang.open(&link).await;
    wang.wait("[data-testid=link-refused]").await;
    wang.close().await;
    b.close().await;
}

#[tokio::test]
async fn pages_run_under_a_strict_content_security_policy() {
    let server = TestServer::start();
    // The policy: scripts from here, plus the one inline loader by its nonce
    // (on a page with an island: the others have no script at all).
    let http = limitdesk_tests::http::client();
    limitdesk_tests::http::sign_in(&server, &http, "xiaozhang", PASSWORD).await;
    let form = format!(
        "/decisions/{}/appeal",
        server.newest_decision_of("xiaozhang").await
    );
    let page = http.get(server.at(&form)).send().await.unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the header's nonce"
    );
    let again = http.get(server.at(&form)).send().await.unwrap();
    assert!(
        !again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(&nonce),
        "a new nonce for every response"
    );

    // Under it the wasm loads and runs, the stylesheet applies, and the
    // appeal form's island hydrates, all breaking no rule.
    let b = Browser::start().await;
    sign_in(&b, &server, "xiaozhang", PASSWORD).await;
    b.submit("[data-testid=start-appeal]").await;
    b.hydrated().await;
    b.eval(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', \
         e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));",
    )
    .await;
    assert_eq!(
        b.eval("return [...document.styleSheets].some(s => s.cssRules.length > 0);")
            .await,
        serde_json::Value::Bool(true),
        "the stylesheet loaded"
    );
    assert_eq!(
        b.eval("return window.__violations;").await,
        serde_json::json!([]),
        "no policy violations"
    );
    b.close().await;
}

#[tokio::test]
async fn the_appeal_form_works_before_the_wasm_arrives_and_shows_the_upload_once_it_has() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let receipt = files::on_disk(dir.path(), "receipt.png", &files::receipt_png());

    // On a connection that never delivers the wasm, the page is its HTML: the
    // form posts itself and the server answers with the appeal.
    let early = Browser::start().await;
    early.block_wasm().await;
    sign_in(&early, &server, "xiaozhang", PASSWORD).await;
    early.submit("[data-testid=start-appeal]").await;
    file_with_receipt(
        &early,
        "paid_not_recorded",
        "我在 10 月 21 日已经还清了这一期，附上还款凭证。",
        &receipt,
    )
    .await;
    assert_eq!(
        early
            .eval("return document.body.dataset.hydrated ?? null;")
            .await,
        serde_json::Value::Null,
        "no wasm ran"
    );
    early.close().await;

    // Once it has arrived, the island sends the same form with XMLHttpRequest
    // (to show the upload's progress) and then goes where the server sent it.
    let late = Browser::start().await;
    sign_in(&late, &server, "zhangsan", PASSWORD).await;
    late.submit("[data-testid=start-appeal]").await;
    late.hydrated().await;
    // window.name outlives a same-origin navigation: it tells the next page
    // which way the form went.
    late.eval(
        "const send = XMLHttpRequest.prototype.send; \
         XMLHttpRequest.prototype.send = function (body) { window.name = 'sent-by-xhr'; \
         return send.call(this, body); };",
    )
    .await;
    file_with_receipt(
        &late,
        "activity_was_me",
        "这些都是我本人的真实购物，不是套现，附上收货凭证。",
        &receipt,
    )
    .await;
    assert_eq!(
        late.eval("return window.name;").await,
        serde_json::json!("sent-by-xhr")
    );
    late.close().await;
}

/// On the open appeal form: the ground, the statement and one file, sent; the
/// appeal page that follows shows it submitted with the file.
async fn file_with_receipt(b: &Browser, ground: &str, statement: &str, file: &std::path::Path) {
    b.click(&format!("#ground-{ground}")).await;
    b.fill(&[("#statement", statement)]).await;
    b.attach("#files", file).await;
    b.submit(".appeal-form button[type=submit]").await;
    assert_eq!(b.text("[data-testid=appeal-status]").await, "已提交");
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    assert!(b.text("[data-testid=thread]").await.contains(name));
}
