//! Appeals over real HTTP against the release binary: multipart posts, the rules,
//! who may see what, and what happens to files.

use app::ssr::store::Actor;
use domain::appeal::{AppealAction, AppealStatus};
use limitdesk_tests::http::{client, location, sign_in, staff_client};
use limitdesk_tests::{files, TestServer, PASSWORD};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

async fn signed_in(server: &TestServer, username: &str) -> Client {
    let c = client();
    assert_eq!(
        location(&sign_in(server, &c, username, PASSWORD).await),
        "/"
    );
    c
}

fn appeal_form(ground: &str, statement: &str, files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new()
        .text("ground", ground.to_owned())
        .text("statement", statement.to_owned());
    for (name, bytes) in files {
        form = form.part("files", Part::bytes(bytes).file_name(name.to_owned()));
    }
    form
}

async fn post_appeal(
    server: &TestServer,
    c: &Client,
    decision: uuid::Uuid,
    form: Form,
) -> reqwest::Response {
    c.post(server.at(&format!("/decisions/{decision}/appeal")))
        .header("origin", &server.url)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

const STATEMENT: &str = "我在 10 月 21 日已经还清了这一期，附上还款凭证，请恢复额度。";

#[tokio::test]
async fn an_appeal_with_a_photo_is_stored_without_its_location_and_only_its_owner_sees_it() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let xz = signed_in(&server, "xiaozhang").await;
    let r = post_appeal(
        &server,
        &xz,
        decision,
        appeal_form(
            "paid_not_recorded",
            STATEMENT,
            vec![("付款截图.jpg", files::photo_with_location())],
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let appeal_url = location(&r);
    assert!(appeal_url.starts_with("/appeals/"), "{appeal_url}");

    let html = xz
        .get(server.at(&appeal_url))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(STATEMENT) && html.contains("已提交") && html.contains("2026-12-12"),
        "deadline 15 days out"
    );
    let file_href = html
        .split("href=\"/evidence/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a download link")
        .to_owned();
    let file_url = server.at(&format!("/evidence/{file_href}"));

    let download = xz.get(&file_url).send().await.unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "image/jpeg");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let bytes = download.bytes().await.unwrap();
    let logged = server
        .store()
        .await
        .audit_for("evidence", &file_href)
        .await
        .unwrap();
    assert!(
        logged
            .iter()
            .any(|r| r.action == "evidence.downloaded" && r.actor == "xiaozhang"),
        "downloads are in the access log: {logged:?}"
    );
    assert!(bytes.starts_with(&[0xFF, 0xD8]));
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif") && !bytes.windows(3).any(|w| w == b"GPS"),
        "metadata stripped"
    );
    let thumb = xz
        .get(format!("{file_url}/thumbnail"))
        .send()
        .await
        .unwrap();
    assert_eq!(thumb.status(), StatusCode::OK);

    // Staff who work cases open it; an admin (who works none) finds nothing.
    let supervisor = staff_client(&server, "supervisor").await;
    assert_eq!(
        supervisor.get(&file_url).send().await.unwrap().status(),
        StatusCode::OK
    );
    server.add_admin("root", "Root").await;
    let admin = staff_client(&server, "root").await;
    assert_eq!(
        admin.get(&file_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    let lisi = signed_in(&server, "lisi").await;
    assert_eq!(
        lisi.get(&file_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lisi.get(format!("{file_url}/thumbnail"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let page = lisi
        .get(server.at(&appeal_url))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!page.text().await.unwrap().contains(STATEMENT));
    assert_eq!(
        client().get(&file_url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "signed out"
    );

    // lisi cannot appeal 小张's decision either.
    let r = post_appeal(
        &server,
        &lisi,
        decision,
        appeal_form("other", STATEMENT, vec![]),
    )
    .await;
    assert!(!location(&r).starts_with("/appeals/"));
}

#[tokio::test]
async fn bad_input_is_refused_with_a_reason_and_nothing_is_stored() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let xz = signed_in(&server, "xiaozhang").await;
    let form_url = format!("/decisions/{decision}/appeal");
    let cases: Vec<(Form, &str)> = vec![
        (
            appeal_form("paid_not_recorded", "   ", vec![]),
            "error=statement_empty",
        ),
        (
            appeal_form("paid_not_recorded", "太短", vec![]),
            "error=statement_short",
        ),
        (
            appeal_form("paid_not_recorded", &"长".repeat(2001), vec![]),
            "error=statement_long",
        ),
        (appeal_form("made_up", STATEMENT, vec![]), "error=ground"),
        (
            appeal_form(
                "paid_not_recorded",
                STATEMENT,
                vec![("notes.png", files::text_pretending_to_be_png())],
            ),
            "error=file_wrong_type&file=notes.png",
        ),
        (
            appeal_form(
                "paid_not_recorded",
                STATEMENT,
                (0..6)
                    .map(|i| {
                        (
                            ["a.png", "b.png", "c.png", "d.png", "e.png", "f.png"][i],
                            files::receipt_png(),
                        )
                    })
                    .collect(),
            ),
            "error=too_many_files",
        ),
        (
            appeal_form(
                "paid_not_recorded",
                STATEMENT,
                vec![(
                    "big.pdf",
                    [b"%PDF-1.7\n".to_vec(), vec![b'x'; 5 * 1024 * 1024]].concat(),
                )],
            ),
            "error=file_too_large&file=big.pdf",
        ),
    ];
    for (form, expected) in cases {
        let r = post_appeal(&server, &xz, decision, form).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), format!("{form_url}?{expected}"));
    }
    let store = server.store().await;
    let account = server.account_id("xiaozhang").await;
    assert!(
        store.appeals_of(account).await.unwrap().is_empty(),
        "nothing stored"
    );
    let evidence_dir = server.data_dir.path().join("evidence");
    assert_eq!(
        std::fs::read_dir(&evidence_dir)
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "no files left behind"
    );

    // The form shows the message and keeps the text.
    let r = post_appeal(
        &server,
        &xz,
        decision,
        appeal_form("bank_delay", "银行扣款延迟了", vec![]),
    )
    .await;
    let html = xz
        .get(server.at(&location(&r)))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("申诉说明至少需要 10 个字") && html.contains("银行扣款延迟了"));
}

#[tokio::test]
async fn a_double_submit_makes_one_appeal_and_a_second_appeal_is_refused() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let xz = signed_in(&server, "xiaozhang").await;
    let form = || {
        appeal_form(
            "paid_not_recorded",
            STATEMENT,
            vec![("receipt.png", files::receipt_png())],
        )
    };
    let (a, b) = tokio::join!(
        post_appeal(&server, &xz, decision, form()),
        post_appeal(&server, &xz, decision, form())
    );
    let (a, b) = (location(&a), location(&b));
    assert!(
        a.starts_with("/appeals/") && b.starts_with("/appeals/"),
        "{a} {b}"
    );
    assert_eq!(a, b, "both clicks land on the one appeal");
    let store = server.store().await;
    let account = server.account_id("xiaozhang").await;
    assert_eq!(store.appeals_of(account).await.unwrap().len(), 1);

    let html = xz
        .get(server.at(&format!("/decisions/{decision}/appeal")))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("已有一个处理中的申诉"),
        "the form explains why not"
    );
}

#[tokio::test]
async fn withdrawing_then_appealing_again_and_replying_when_asked() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let xz = signed_in(&server, "xiaozhang").await;
    let first = location(
        &post_appeal(
            &server,
            &xz,
            decision,
            appeal_form("other", STATEMENT, vec![]),
        )
        .await,
    );
    let id: uuid::Uuid = first.trim_start_matches("/appeals/").parse().unwrap();
    let r = xz
        .post(server.at(&format!("{first}/withdraw")))
        .header("origin", &server.url)
        .form(&[("version", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), first);
    let store = server.store().await;
    let account = server.account_id("xiaozhang").await;
    assert_eq!(
        store
            .appeal(account, id)
            .await
            .unwrap()
            .unwrap()
            .summary
            .status,
        AppealStatus::Withdrawn
    );
    let again = location(&r);
    let r = xz
        .post(server.at(&format!("{again}/withdraw")))
        .header("origin", &server.url)
        .form(&[("version", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        format!("{first}?error=stale"),
        "a second withdraw is stale"
    );

    let second = location(
        &post_appeal(
            &server,
            &xz,
            decision,
            appeal_form("paid_not_recorded", STATEMENT, vec![]),
        )
        .await,
    );
    assert!(
        second.starts_with("/appeals/") && second != first,
        "a new appeal after withdrawing"
    );
    let second_id: uuid::Uuid = second.trim_start_matches("/appeals/").parse().unwrap();

    // Support asks for information (the agent console is not built yet: use the store).
    let staff = Actor::system("test-agent");
    let now = limitdesk_tests::clock().now();
    store
        .advance_appeal(second_id, 1, AppealAction::Claim, None, &staff, now)
        .await
        .unwrap();
    store
        .advance_appeal(
            second_id,
            2,
            AppealAction::AskForInformation,
            None,
            &staff,
            now,
        )
        .await
        .unwrap();
    let html = xz
        .get(server.at(&second))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("暂停计算"), "the paused clock is explained");
    assert!(
        html.contains("1 条申诉等待你回复"),
        "the header tells him support is waiting"
    );
    let reply = Form::new()
        .text("version", "3")
        .text("statement", "补充银行流水，显示 10 月 21 日已扣款。")
        .part(
            "files",
            Part::bytes(files::receipt_png()).file_name("bank.png"),
        );
    let r = xz
        .post(server.at(&format!("{second}/reply")))
        .header("origin", &server.url)
        .multipart(reply)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), second);
    let record = store.appeal(account, second_id).await.unwrap().unwrap();
    assert_eq!(record.summary.status, AppealStatus::InReview);
    assert_eq!(record.messages.len(), 2);
    assert_eq!(record.messages[1].files.len(), 1);
    assert!(record.pauses[0].until.is_some(), "the clock runs again");
    let html = xz
        .get(server.at("/history"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("等待你回复"),
        "answered: the notification is gone"
    );
}

#[tokio::test]
async fn one_upload_at_a_time_per_account_across_servers() {
    let server = TestServer::start();
    let decision = server.newest_decision_of("xiaozhang").await;
    let xz = signed_in(&server, "xiaozhang").await;
    let store = server.store().await;
    let account = server.account_id("xiaozhang").await;
    // Another app server is processing an upload of 小张's right now.
    let now = chrono::Utc::now();
    let stale = now - chrono::Duration::minutes(5);
    assert!(store.claim_upload_slot(account, now, stale).await.unwrap());

    let r = post_appeal(
        &server,
        &xz,
        decision,
        appeal_form(
            "paid_not_recorded",
            STATEMENT,
            vec![("receipt.png", files::receipt_png())],
        ),
    )
    .await;
    assert_eq!(
        location(&r),
        format!("/decisions/{decision}/appeal?error=upload_busy")
    );
    assert!(
        store.appeals_of(account).await.unwrap().is_empty(),
        "nothing stored"
    );

    // Once it is done, the same post goes through, and leaves the slot free.
    store.release_upload_slot(account).await.unwrap();
    let r = post_appeal(
        &server,
        &xz,
        decision,
        appeal_form(
            "paid_not_recorded",
            STATEMENT,
            vec![("receipt.png", files::receipt_png())],
        ),
    )
    .await;
    assert!(location(&r).starts_with("/appeals/"), "{}", location(&r));
    assert!(store.claim_upload_slot(account, now, stale).await.unwrap());
}
