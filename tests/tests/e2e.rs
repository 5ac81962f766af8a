//! End-to-end in headless Chromium through the real UI, against the release binary.

use std::time::Duration;

use fantoccini::{Client, Locator};
use limitdesk_tests::{Browser, TestServer, PASSWORD};

async fn sign_in(c: &Client, server: &TestServer, username: &str, password: &str) {
    c.goto(&server.at("/login")).await.unwrap();
    c.find(Locator::Css("#username"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    c.find(Locator::Css("form.form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

async fn text(c: &Client, css: &str) -> String {
    wait_for(c, css).await.text().await.unwrap()
}

/// Scrolls the element to the middle of the viewport (clear of the sticky
/// header), then clicks it.
async fn click(c: &Client, css: &str) {
    let el = wait_for(c, css).await;
    let arg = serde_json::to_value(&el).unwrap();
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
        vec![arg],
    )
    .await
    .unwrap();
    el.click().await.unwrap();
}

/// Types each value into the field its selector names.
async fn fill(c: &Client, fields: &[(&str, &str)]) {
    for (css, value) in fields {
        wait_for(c, css).await.send_keys(value).await.unwrap();
    }
}

async fn hydrated(c: &Client) {
    wait_for(c, "body[data-hydrated='true']").await;
}

#[tokio::test]
async fn xiaozhang_sees_why_his_limit_dropped_and_that_the_overdue_is_paid() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "xiaozhang", PASSWORD).await;

    assert_eq!(text(c, "[data-testid=current-limit]").await, "¥2,000.00");
    assert_eq!(text(c, "[data-testid=limit-before]").await, "¥8,000.00");
    let reason = text(c, ".reason[data-code=OVERDUE_UNPAID]").await;
    assert!(
        reason.contains("逾期未还款") && reason.contains("¥600.00") && reason.contains("12 天"),
        "{reason}"
    );
    let first_step = wait_for(c, ".checklist li:first-child").await;
    assert_eq!(
        first_step.attr("class").await.unwrap().as_deref(),
        Some("step step-done")
    );
    let step_text = first_step.text().await.unwrap();
    assert!(
        step_text.contains("还清逾期的 ¥600.00") && step_text.contains("已完成"),
        "{step_text}"
    );

    browser.screenshot("overview-xiaozhang-phone").await;
    browser.resize(1280, 1100).await;
    browser.screenshot("overview-xiaozhang-desktop").await;

    // After hydration, navigation happens in the page and data comes from server functions.
    hydrated(c).await;
    c.execute("window.__sameDocument = true;", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("nav.main-nav a[href='/repayments']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let late_row = text(c, "table.installments tr.late").await;
    assert!(
        late_row.contains("2026-10-08")
            && late_row.contains("2026-10-21")
            && late_row.contains("逾期 13 天还款"),
        "{late_row}"
    );
    let same_document = c
        .execute("return window.__sameDocument === true;", vec![])
        .await
        .unwrap();
    assert_eq!(
        same_document,
        serde_json::Value::Bool(true),
        "client-side navigation, no reload"
    );
    browser.screenshot("repayments-xiaozhang-desktop").await;
    browser.close().await;
}

#[tokio::test]
async fn lisi_sees_a_healthy_account_with_nothing_to_fix() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "lisi", PASSWORD).await;
    let healthy = text(c, "[data-testid=healthy]").await;
    assert!(
        healthy.contains("账户状态良好") && healthy.contains("没有需要处理的事项"),
        "{healthy}"
    );
    assert_eq!(text(c, "[data-testid=current-limit]").await, "¥3,000.00");
    assert!(c
        .find_all(Locator::Css(".reason"))
        .await
        .unwrap()
        .is_empty());
    assert!(c
        .find_all(Locator::Css(".checklist"))
        .await
        .unwrap()
        .is_empty());
    browser.close().await;
}

#[tokio::test]
async fn wangwu_sees_both_of_his_reasons() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "wangwu", PASSWORD).await;
    let binding = text(c, ".reason[data-code=FREQUENT_BINDING_CHANGES]").await;
    assert!(
        binding.contains("频繁更换绑定信息") && binding.contains("30 天内更换银行卡 4 次"),
        "{binding}"
    );
    let identity = text(c, ".reason[data-code=IDENTITY_UNVERIFIED]").await;
    assert!(identity.contains("实名信息不完整"), "{identity}");
    let status = text(c, ".limit-card .badge").await;
    assert_eq!(status, "已冻结");
    let steps = text(c, ".checklist").await;
    assert!(steps.contains("完成实名认证"), "{steps}");
    browser.screenshot("overview-wangwu-phone").await;
    browser.close().await;
}

#[tokio::test]
async fn switching_to_english_is_one_click_and_is_remembered() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.at("/login")).await.unwrap();
    assert_eq!(text(c, "h1").await, "登录");
    c.find(Locator::Css("button.lang-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//h1[text()='Sign in']"))
        .await
        .unwrap();

    sign_in(c, &server, "xiaozhang", PASSWORD).await;
    let why = text(c, "#why-title").await;
    assert_eq!(why, "Why your limit changed");
    let reason = text(c, ".reason[data-code=OVERDUE_UNPAID]").await;
    assert!(
        reason.contains("Overdue and unpaid") && reason.contains("12 days"),
        "{reason}"
    );

    c.refresh().await.unwrap();
    assert_eq!(
        text(c, "#why-title").await,
        "Why your limit changed",
        "remembered across loads"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_password_shows_a_clear_error_and_keeps_the_username() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "xiaozhang", "wrong-password").await;
    assert_eq!(text(c, "#login-error").await, "用户名或密码不正确。");
    let kept = c
        .find(Locator::Css("#username"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("xiaozhang"));
    let cookies = c.get_all_cookies().await.unwrap();
    assert!(
        cookies.iter().all(|k| k.name() != "ld_session"),
        "no session cookie"
    );
    browser.close().await;
}

#[tokio::test]
async fn another_customers_decision_url_shows_not_found() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "lisi", PASSWORD).await;
    wait_for(c, "[data-testid=healthy]").await;
    c.goto(&server.at(&format!("/decisions/{decision}")))
        .await
        .unwrap();
    assert_eq!(text(c, ".not-found h1").await, "页面不存在");
    let source = c.source().await.unwrap();
    assert!(
        !source.contains("CS-20261020-0001") && !source.contains("¥600.00"),
        "nothing of 小张's leaks"
    );
    browser.close().await;
}

#[tokio::test]
async fn xiaozhang_appeals_with_a_receipt_and_a_disguised_file_is_refused() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("notes.png");
    std::fs::write(&fake, limitdesk_tests::files::text_pretending_to_be_png()).unwrap();
    let receipt = dir.path().join("receipt.png");
    std::fs::write(&receipt, limitdesk_tests::files::receipt_png()).unwrap();
    let statement = "我在 10 月 21 日已经还清了这一期，附上还款凭证，请恢复额度。";

    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "xiaozhang", PASSWORD).await;
    click(c, "[data-testid=start-appeal]").await;

    // A text file named .png is refused, and what he typed stays.
    click(c, "#ground-paid_not_recorded").await;
    c.find(Locator::Css("#statement"))
        .await
        .unwrap()
        .send_keys(statement)
        .await
        .unwrap();
    c.find(Locator::Css("#files"))
        .await
        .unwrap()
        .send_keys(&fake.display().to_string())
        .await
        .unwrap();
    click(c, ".appeal-form button[type=submit]").await;
    let error = text(c, "#appeal-error").await;
    assert!(
        error.contains("notes.png") && error.contains("不是 PNG、JPEG 或 PDF"),
        "{error}"
    );
    let kept = c
        .find(Locator::Css("#statement"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(statement));
    let ground = c
        .find(Locator::Css("#ground-paid_not_recorded"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(ground.as_deref(), Some("true"));

    // With the real receipt it goes through.
    c.find(Locator::Css("#files"))
        .await
        .unwrap()
        .send_keys(&receipt.display().to_string())
        .await
        .unwrap();
    click(c, ".appeal-form button[type=submit]").await;
    assert_eq!(text(c, "[data-testid=appeal-status]").await, "已提交");
    assert_eq!(text(c, "[data-testid=decide-by]").await, "2026-12-12");
    let thread = text(c, "[data-testid=thread]").await;
    assert!(
        thread.contains(statement) && thread.contains("receipt.png"),
        "{thread}"
    );
    wait_for(c, "img.thumbnail").await;
    browser.screenshot("appeal-xiaozhang-phone").await;

    // The overview shows the appeal, and a second appeal is refused.
    c.goto(&server.at("/")).await.unwrap();
    assert!(text(c, "[data-testid=appeal-line]")
        .await
        .contains("已提交"));
    assert!(c
        .find_all(Locator::Css("[data-testid=start-appeal]"))
        .await
        .unwrap()
        .is_empty());
    let decision = server.newest_decision_of("xiaozhang").await;
    c.goto(&server.at(&format!("/decisions/{decision}/appeal")))
        .await
        .unwrap();
    assert!(text(c, "[data-testid=appeal-refusal]")
        .await
        .contains("已有一个处理中的申诉"));
    browser.close().await;
}

#[tokio::test]
async fn lisi_has_nothing_to_appeal() {
    let server = TestServer::start();
    let browser = Browser::start().await;
    let c = &browser.client;
    sign_in(c, &server, "lisi", PASSWORD).await;
    wait_for(c, "[data-testid=healthy]").await;
    assert!(c
        .find_all(Locator::Css("[data-testid=start-appeal]"))
        .await
        .unwrap()
        .is_empty());
    c.goto(&server.at("/history")).await.unwrap();
    assert_eq!(
        text(c, "#history-title + p, .card p").await,
        "还没有额度调整记录。"
    );
    browser.close().await;
}

async fn staff_sign_in(c: &Client, server: &TestServer, username: &str) {
    staff_sign_in_with(c, server, username, PASSWORD, limitdesk_tests::TOTP_SECRET).await;
}

/// The staff sign-in form with the code an authenticator holding `secret` shows now.
async fn staff_sign_in_with(
    c: &Client,
    server: &TestServer,
    username: &str,
    password: &str,
    secret: &str,
) {
    c.goto(&server.at("/admin/login")).await.unwrap();
    let code = server::staff_auth::totp_code(secret, chrono::Utc::now()).unwrap();
    fill(
        c,
        &[
            ("#username", username),
            ("#password", password),
            ("#code", code.as_str()),
        ],
    )
    .await;
    click(c, "form.form button[type=submit]").await;
    wait_for(c, "[data-testid=staff-who]").await;
}

/// The customer files an appeal on their current decision through the form.
async fn file_appeal(c: &Client, ground: &str) {
    click(c, "[data-testid=start-appeal]").await;
    click(c, &format!("#ground-{ground}")).await;
    c.find(Locator::Css("#statement"))
        .await
        .unwrap()
        .send_keys("我在 10 月 21 日已经还清了这一期，请恢复额度。这些都是我本人的真实购物。")
        .await
        .unwrap();
    click(c, ".appeal-form button[type=submit]").await;
    assert_eq!(text(c, "[data-testid=appeal-status]").await, "已提交");
}

/// Opens the customer's appeal from the queue and claims it.
async fn claim_from_queue(c: &Client, server: &TestServer, customer_name: &str) {
    c.goto(&server.at("/admin")).await.unwrap();
    let link = wait_for(c, "[data-testid=queue]").await;
    let _ = link;
    c.find(Locator::LinkText(customer_name))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(c, "[data-testid=claim]").await;
    wait_for(c, "[data-testid=done]").await;
}

#[tokio::test]
async fn an_agent_restores_xiaozhang_and_a_supervisor_lifts_zhangsans_freeze() {
    let server = TestServer::start();
    let customer = Browser::start().await;
    let support = Browser::start().await;
    let (cu, st) = (&customer.client, &support.client);

    // 小张 appeals; the agent claims it, reviews his repayments and restores ¥8,000.
    sign_in(cu, &server, "xiaozhang", PASSWORD).await;
    file_appeal(cu, "paid_not_recorded").await;
    staff_sign_in(st, &server, "agent").await;
    claim_from_queue(st, &server, "小张").await;
    let summary = text(st, "[data-testid=repayment-summary]").await;
    assert!(
        summary.contains("75%") && summary.contains("13 天"),
        "{summary}"
    );
    assert!(text(st, "[data-testid=recommendation]")
        .await
        .contains("建议恢复至 ¥8,000.00"));
    support.screenshot("case-xiaozhang").await;
    let amount = wait_for(st, "#amount").await;
    assert_eq!(
        amount.prop("value").await.unwrap().as_deref(),
        Some("8000.00")
    );
    click(st, "[data-testid=decide]").await;
    wait_for(st, "[data-testid=done]").await;
    assert_eq!(
        wait_for(st, "[data-testid=case-status]")
            .await
            .attr("data-status")
            .await
            .unwrap()
            .as_deref(),
        Some("approved")
    );

    cu.goto(&server.at("/")).await.unwrap();
    assert_eq!(text(cu, "[data-testid=current-limit]").await, "¥8,000.00");
    cu.goto(&server.at("/history")).await.unwrap();
    assert!(text(cu, "main").await.contains("申诉成功"));

    // 张三's cash-out freeze: the agent can only propose; a supervisor approves.
    let zhangsan = Browser::start().await;
    sign_in(&zhangsan.client, &server, "zhangsan", PASSWORD).await;
    file_appeal(&zhangsan.client, "activity_was_me").await;
    claim_from_queue(st, &server, "张三").await;
    click(st, "[data-testid=decide]").await;
    let done = text(st, "[data-testid=done]").await;
    assert!(done.contains("主管复核"), "{done}");
    assert!(
        st.find_all(Locator::Css("[data-testid=approve]"))
            .await
            .unwrap()
            .is_empty(),
        "the agent cannot approve"
    );

    let supervisor = Browser::start().await;
    let sv = &supervisor.client;
    staff_sign_in(sv, &server, "supervisor").await;
    sv.goto(&server.at("/admin?status=pending_approval"))
        .await
        .unwrap();
    wait_for(sv, "[data-testid=queue]").await;
    sv.find(Locator::LinkText("张三"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(text(sv, "[data-testid=proposal]")
        .await
        .contains("解除冻结"));
    click(sv, "[data-testid=approve]").await;
    wait_for(sv, "[data-testid=done]").await;
    supervisor.screenshot("case-zhangsan-approved").await;

    zhangsan.client.goto(&server.at("/")).await.unwrap();
    let main = text(&zhangsan.client, "main").await;
    assert!(!main.contains("已冻结"), "the freeze is lifted: {main}");
    for b in [customer, support, zhangsan, supervisor] {
        b.close().await;
    }
}

#[tokio::test]
async fn an_admin_adds_an_agent_and_hands_over_the_qr_code() {
    let server = TestServer::start();
    server.add_admin("admin", "管理员 老周").await;
    let browser = Browser::start().await;
    let c = &browser.client;
    staff_sign_in(c, &server, "admin").await;
    click(c, "a[href='/admin/staff']").await;
    wait_for(c, "[data-testid=staff]").await;
    hydrated(c).await;
    fill(
        c,
        &[
            ("#s-username", "laowang"),
            ("#s-name", "客服 老王"),
            ("#s-password", "wang-first-password"),
        ],
    )
    .await;
    click(c, "[data-testid=add-staff] button[type=submit]").await;
    let card = text(c, "[data-testid=enrolment]").await;
    assert!(card.contains("客服 老王（laowang）的验证器"), "{card}");
    wait_for(c, "[data-testid=enrolment] .qr svg").await;
    let secret = text(c, "[data-testid=secret]").await;
    let codes = c
        .find_all(Locator::Css("[data-testid=recovery-codes] li"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    let typed = c
        .find(Locator::Css("#s-password"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        typed.as_deref(),
        Some(""),
        "the password is cleared once used"
    );
    browser.screenshot("staff-enrolment").await;
    // The list now has the new agent, and the code from that secret signs them in.
    wait_for(c, "[data-testid=staff] tr[data-username=laowang]").await;
    let other = Browser::start().await;
    let o = &other.client;
    staff_sign_in_with(o, &server, "laowang", "wang-first-password", &secret).await;
    assert!(text(o, "[data-testid=staff-who]")
        .await
        .contains("客服 老王"));
    other.close().await;
    browser.close().await;
}
