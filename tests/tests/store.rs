//! The store contract, run against SQLite and a real PostgreSQL from one body.

use app::model::Role;
use app::ssr::store::{Actor, CustomerFile, CustomerRecord, EventKind, FailureScope, NewAccount};
use app::ssr::{Store, StoreError};
use chrono::{Duration, NaiveDate};
use domain::{DecisionKind, LineStatus, Money, Reason, ReasonCode};
use limitdesk_tests::{backends, clock};
use server::seed::{seed_demo, Seeded};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn seeded(store: &dyn Store) {
    let hash = server::password::hash("demo-password-2026").unwrap();
    assert!(matches!(
        seed_demo(store, clock(), &hash, None).await.unwrap(),
        Seeded::Created { .. }
    ));
}

async fn account_id(store: &dyn Store, username: &str) -> uuid::Uuid {
    store
        .credentials(username)
        .await
        .unwrap()
        .unwrap()
        .account
        .id
}

#[tokio::test]
async fn the_demo_world_reads_back_exactly_as_the_brief_tells_it() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let today = clock().today();
        assert_eq!(today, date("2026-11-27"));

        let xz = account_id(store.as_ref(), "xiaozhang").await;
        let line = store.credit_line(xz, today).await.unwrap().unwrap();
        assert_eq!(line.limit, Money::yuan(2000), "{backend}");
        assert_eq!(line.status, LineStatus::Active, "{backend}");
        assert_eq!(
            line.used,
            Money::yuan(600),
            "{backend}: one ¥600 installment not yet due"
        );

        let decisions = store.decisions(xz).await.unwrap();
        assert_eq!(decisions.len(), 1, "{backend}");
        let d = &decisions[0];
        assert_eq!(
            (d.kind, d.limit_before, d.limit_after),
            (DecisionKind::Reduce, Money::yuan(8000), Money::yuan(2000))
        );
        assert_eq!(d.decided_on, date("2026-10-20"), "{backend}");
        let Some(Reason::OverdueUnpaid { items }) = d.reasons.iter().next() else {
            panic!("{backend}: reason")
        };
        assert_eq!(
            (items[0].amount, items[0].due_on, items[0].days_late),
            (Money::yuan(600), date("2026-10-08"), 12)
        );

        let orders = store.orders(xz).await.unwrap();
        let late = orders
            .iter()
            .flat_map(|o| &o.installments)
            .find(|i| i.id == items[0].installment_id)
            .unwrap();
        assert_eq!(late.paid_on, Some(date("2026-10-21")), "{backend}");
        assert_eq!(late.days_late(today), 13, "{backend}");
        assert!(
            orders
                .iter()
                .all(|o| o.installments.windows(2).all(|w| w[0].seq < w[1].seq)),
            "{backend}: schedule order"
        );

        let lisi = account_id(store.as_ref(), "lisi").await;
        assert!(store.decisions(lisi).await.unwrap().is_empty(), "{backend}");
        assert_eq!(
            store.credit_line(lisi, today).await.unwrap().unwrap().limit,
            Money::yuan(3000)
        );

        let wangwu = account_id(store.as_ref(), "wangwu").await;
        let codes = store.decisions(wangwu).await.unwrap()[0].reasons.codes();
        assert_eq!(
            codes,
            vec![
                ReasonCode::FrequentBindingChanges,
                ReasonCode::IdentityUnverified
            ],
            "{backend}: order kept"
        );
        let facts = store.account_facts(wangwu).await.unwrap();
        assert_eq!(facts.identity_verified_until, None);
        let events = store.account_events(wangwu).await.unwrap();
        let latest = |kind: EventKind| {
            events
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.occurred_at)
                .max()
        };
        assert!(
            events
                .iter()
                .filter(|e| e.kind == EventKind::BindingChanged)
                .count()
                > 1,
            "{backend}: 王五 changed his bindings more than once"
        );
        assert_eq!(
            (facts.last_binding_change_at, facts.identity_confirmed_at),
            (
                latest(EventKind::BindingChanged),
                latest(EventKind::IdentityConfirmed)
            ),
            "{backend}: the latest of each"
        );

        // Each decision and order read whole and kept apart from the others
        // (one query per list, its rows folded back into values).
        for username in ["xiaozhang", "zhangsan", "lisi", "wangwu"] {
            let who = account_id(store.as_ref(), username).await;
            let decisions = store.decisions(who).await.unwrap();
            assert!(
                decisions
                    .windows(2)
                    .all(|w| w[0].decided_at >= w[1].decided_at),
                "{backend}: {username}'s decisions newest first"
            );
            for d in &decisions {
                assert_eq!(
                    store.decision(who, d.id).await.unwrap().as_ref(),
                    Some(d),
                    "{backend}: {username}'s decision {} alone",
                    d.external_id
                );
            }
            let orders = store.orders(who).await.unwrap();
            assert!(
                orders.windows(2).all(|w| w[0].placed_on >= w[1].placed_on),
                "{backend}: {username}'s orders newest first"
            );
            assert!(
                orders.iter().all(|o| !o.installments.is_empty()
                    && o.installments.iter().all(|i| i.order_id == o.id)),
                "{backend}: {username}'s installments under their own orders"
            );
            // The file the pages read is the same four reads, on one connection.
            assert_eq!(
                store.customer_file(who, today).await.unwrap(),
                Some(CustomerFile {
                    line: store.credit_line(who, today).await.unwrap().unwrap(),
                    decisions,
                    orders,
                    facts: store.account_facts(who).await.unwrap(),
                }),
                "{backend}: {username}'s file"
            );
        }
        let staff = account_id(store.as_ref(), "supervisor").await;
        assert_eq!(
            store.customer_file(staff, today).await.unwrap(),
            None,
            "{backend}: no credit line, no file"
        );

        let zhangsan = account_id(store.as_ref(), "zhangsan").await;
        assert_eq!(
            store
                .credit_line(zhangsan, today)
                .await
                .unwrap()
                .unwrap()
                .status,
            LineStatus::Frozen
        );
    }
}

#[tokio::test]
async fn the_demo_world_arrives_through_the_api_and_fills_the_console() {
    use app::ssr::store::QueueQuery;
    use domain::appeal::AppealStatus;
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let today = clock().today();
        // PRODUCT.md's four: sent by the credit system, no appeal yet.
        for (n, username) in server::seed::CUSTOMERS.iter().enumerate() {
            let id = account_id(store.as_ref(), username).await;
            assert_eq!(
                store
                    .customer_by_external_id(&format!("CUS-000{}", n + 1))
                    .await
                    .unwrap(),
                Some(id),
                "{backend}: {username}"
            );
            assert!(store.appeals_of(id).await.unwrap().is_empty(), "{backend}");
        }
        let xz = account_id(store.as_ref(), "xiaozhang").await;
        let decision = store.decisions(xz).await.unwrap()[0].id;
        let audit = store
            .audit_for("limit_decision", &decision.to_string())
            .await
            .unwrap();
        assert_eq!(
            audit
                .iter()
                .map(|a| (a.actor.as_str(), a.action.as_str()))
                .collect::<Vec<_>>(),
            [("system:seed-demo", "limit_decision.recorded")],
            "{backend}: recorded as the API records it"
        );

        // The others' appeals, one in each state the console shows.
        let mut states = Vec::new();
        for status in AppealStatus::ALL {
            let rows = store
                .queue(&QueueQuery {
                    status: Some(status),
                    limit: 50,
                    ..Default::default()
                })
                .await
                .unwrap();
            states.extend(rows.into_iter().map(|r| (r.customer_name, r.status)));
        }
        states.sort_by_key(|(name, _)| name.clone());
        let mut expected = vec![
            ("陈静", AppealStatus::Submitted),
            ("刘洋", AppealStatus::InReview),
            ("赵敏", AppealStatus::AwaitingCustomer),
            ("孙磊", AppealStatus::PendingApproval),
            ("周婷", AppealStatus::Approved),
            ("吴刚", AppealStatus::Rejected),
            ("郑丽", AppealStatus::ResolvedByReassessment),
        ];
        expected.sort_by_key(|(name, _)| name.to_string());
        assert_eq!(
            states,
            expected
                .into_iter()
                .map(|(n, s)| (n.to_owned(), s))
                .collect::<Vec<_>>(),
            "{backend}"
        );
        let agent = account_id(store.as_ref(), "agent").await;
        let counts = store.queue_counts(agent, clock().now()).await.unwrap();
        assert_eq!(
            (
                counts.open,
                counts.mine,
                counts.unassigned,
                counts.pending_approval
            ),
            (4, 3, 1, 1),
            "{backend}"
        );

        // What support and the engine did shows on the lines.
        let line_of = |external: &'static str| {
            let store = store.clone();
            async move {
                let id = store
                    .customer_by_external_id(external)
                    .await
                    .unwrap()
                    .unwrap();
                store.credit_line(id, today).await.unwrap().unwrap()
            }
        };
        assert_eq!(
            line_of("CUS-0009").await.limit,
            Money::yuan(6000),
            "{backend}: 周婷 restored"
        );
        assert_eq!(
            line_of("CUS-0011").await.limit,
            Money::yuan(5000),
            "{backend}: 郑丽 re-assessed"
        );
        let sun = line_of("CUS-0008").await;
        assert_eq!(
            sun.status,
            LineStatus::Frozen,
            "{backend}: 孙磊 waits for a supervisor"
        );
    }
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let hash = server::password::hash("another-password-1").unwrap();
        assert!(
            matches!(
                seed_demo(store.as_ref(), clock(), &hash, None)
                    .await
                    .unwrap(),
                Seeded::AlreadyPresent
            ),
            "{backend}"
        );
        let xz = account_id(store.as_ref(), "xiaozhang").await;
        assert_eq!(store.decisions(xz).await.unwrap().len(), 1, "{backend}");
        let creds = store.credentials("xiaozhang").await.unwrap().unwrap();
        assert!(
            server::password::verify("demo-password-2026", &creds.password_hash),
            "{backend}: password unchanged"
        );
    }
}

#[tokio::test]
async fn a_customer_cannot_read_another_customers_decision() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let xz = account_id(store.as_ref(), "xiaozhang").await;
        let lisi = account_id(store.as_ref(), "lisi").await;
        let decision = store.decisions(xz).await.unwrap()[0].id;
        assert!(
            store.decision(xz, decision).await.unwrap().is_some(),
            "{backend}"
        );
        assert!(
            store.decision(lisi, decision).await.unwrap().is_none(),
            "{backend}: scoped by owner"
        );
    }
}

#[tokio::test]
async fn sessions_expire_end_on_sign_out_and_all_end_when_the_password_changes() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let xz = account_id(store.as_ref(), "xiaozhang").await;
        let now = clock().now();
        store
            .create_session("hash-a", xz, now, now + Duration::hours(1))
            .await
            .unwrap();
        store
            .create_session("hash-b", xz, now, now + Duration::hours(1))
            .await
            .unwrap();
        store
            .create_session("hash-c", xz, now, now + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(
            store
                .session_account("hash-a", now)
                .await
                .unwrap()
                .unwrap()
                .username,
            "xiaozhang",
            "{backend}"
        );
        assert!(
            store
                .session_account("hash-a", now + Duration::hours(2))
                .await
                .unwrap()
                .is_none(),
            "{backend}: expired"
        );
        assert!(
            store
                .session_account("unknown", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}"
        );

        assert_eq!(
            store
                .delete_expired_sessions(now + Duration::hours(2))
                .await
                .unwrap(),
            3,
            "{backend}"
        );
        for h in ["hash-a", "hash-b", "hash-c"] {
            store
                .create_session(h, xz, now, now + Duration::hours(1))
                .await
                .unwrap();
        }
        assert_eq!(
            store.delete_expired_sessions(now).await.unwrap(),
            0,
            "{backend}: none expired yet"
        );
        store.delete_session("hash-c").await.unwrap();
        assert!(
            store
                .session_account("hash-c", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}: signed out"
        );

        let new_hash = server::password::hash("a-brand-new-password").unwrap();
        store
            .set_password(
                xz,
                &new_hash,
                now + Duration::minutes(1),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        assert!(
            store
                .session_account("hash-a", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}: ended by password change"
        );
        assert!(
            store
                .session_account("hash-b", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}: ended by password change"
        );
        let audit = store.audit_for("account", &xz.to_string()).await.unwrap();
        let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            // Sent by the credit system, then given the demo's password.
            vec![
                "customer.created",
                "account.sign_in_set",
                "account.password_changed"
            ],
            "{backend}"
        );
        assert!(
            store
                .account_facts(xz)
                .await
                .unwrap()
                .password_changed_at
                .is_some(),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn login_failures_are_counted_per_key_within_the_window() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let now = clock().now();
        for minutes in [30, 10, 5, 1] {
            store
                .record_login_failure(
                    FailureScope::Account,
                    "xiaozhang",
                    now - Duration::minutes(minutes),
                )
                .await
                .unwrap();
        }
        store
            .record_login_failure(FailureScope::Address, "127.0.0.1", now)
            .await
            .unwrap();
        let since = now - Duration::minutes(15);
        assert_eq!(
            store
                .login_failures_since(FailureScope::Account, "xiaozhang", since)
                .await
                .unwrap(),
            3,
            "{backend}"
        );
        assert_eq!(
            store
                .login_failures_since(FailureScope::Account, "lisi", since)
                .await
                .unwrap(),
            0,
            "{backend}"
        );
        assert_eq!(
            store
                .login_failures_since(FailureScope::Address, "127.0.0.1", since)
                .await
                .unwrap(),
            1,
            "{backend}"
        );
        assert_eq!(
            store.prune_login_failures(since).await.unwrap(),
            1,
            "{backend}: the 30-minute-old one"
        );
        store
            .clear_login_failures(FailureScope::Account, "xiaozhang")
            .await
            .unwrap();
        assert_eq!(
            store
                .login_failures_since(FailureScope::Account, "xiaozhang", since)
                .await
                .unwrap(),
            0,
            "{backend}"
        );
        assert_eq!(
            store
                .login_failures_since(FailureScope::Address, "127.0.0.1", since)
                .await
                .unwrap(),
            1,
            "{backend}"
        );
    }
}

fn new_account(username: &str, role: Role) -> NewAccount {
    NewAccount {
        id: uuid::Uuid::now_v7(),
        username: username.to_owned(),
        display_name: username.to_owned(),
        role,
        password_hash: "x".to_owned(),
        totp_secret: None,
        id_number_masked: None,
        phone_masked: None,
        identity_verified_until: None,
        created_at: clock().now(),
    }
}

#[tokio::test]
async fn a_taken_username_is_a_conflict() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        store
            .create_account(new_account("ops", Role::Admin), &Actor::system("test"))
            .await
            .unwrap();
        let again = store
            .create_account(new_account("ops", Role::Agent), &Actor::system("test"))
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "{backend}: {again:?}"
        );
    }
}

#[tokio::test]
async fn importing_a_customer_is_all_or_nothing() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let xz = account_id(store.as_ref(), "xiaozhang").await;
        // A decision id that already exists makes the last insert fail.
        let mut duplicate = store.decisions(xz).await.unwrap()[0].clone();
        duplicate.external_id = "CS-NEW-1".into();
        let record = CustomerRecord {
            account: new_account("newcomer", Role::Customer),
            limit: Money::yuan(1000),
            status: LineStatus::Active,
            decisions: vec![duplicate],
            orders: Vec::new(),
            events: Vec::new(),
        };
        assert!(
            store
                .import_customer(record, &Actor::system("test"))
                .await
                .is_err(),
            "{backend}"
        );
        assert!(
            store.credentials("newcomer").await.unwrap().is_none(),
            "{backend}: nothing half-written"
        );
    }
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let dbs = backends().await;
    seeded(dbs.sqlite.0.as_ref()).await;
    let pool = dbs.sqlite.1.pool();
    assert!(
        sqlx::query("UPDATE audit_log SET actor = 'someone else'")
            .execute(pool)
            .await
            .is_err(),
        "sqlite update"
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(pool)
            .await
            .is_err(),
        "sqlite delete"
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(count > 0);

    if let Some((store, pg)) = &dbs.postgres {
        seeded(store.as_ref()).await;
        let pool = pg.pool();
        assert!(
            sqlx::query("UPDATE audit_log SET actor = 'someone else'")
                .execute(pool)
                .await
                .is_err(),
            "postgres update"
        );
        assert!(
            sqlx::query("DELETE FROM audit_log")
                .execute(pool)
                .await
                .is_err(),
            "postgres delete"
        );
        assert!(
            sqlx::query("TRUNCATE audit_log")
                .execute(pool)
                .await
                .is_err(),
            "postgres truncate"
        );
    }
}

#[tokio::test]
async fn money_is_stored_exactly_in_fen() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let mut account = new_account("cents", Role::Customer);
        account.username = "cents".into();
        let record = CustomerRecord {
            account,
            limit: Money::from_fen(123_456_789).unwrap(),
            status: LineStatus::Active,
            decisions: Vec::new(),
            orders: Vec::new(),
            events: Vec::new(),
        };
        store
            .import_customer(record, &Actor::system("test"))
            .await
            .unwrap();
        let id = account_id(store.as_ref(), "cents").await;
        let line = store
            .credit_line(id, clock().today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(line.limit.to_string(), "¥1,234,567.89", "{backend}");
    }
}

#[tokio::test]
async fn parallel_sign_in_attempts_never_get_past_the_limit() {
    use app::ssr::store::LoginLimit;
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let now = clock().now();
        let since = now - Duration::minutes(15);
        // 40 attempts on one account at once, as an attacker would send them.
        let attempts = (0..40).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let address = format!("10.0.0.{i}");
                let limits = [
                    LoginLimit {
                        scope: FailureScope::Account,
                        key: "xiaozhang",
                        max: 5,
                    },
                    LoginLimit {
                        scope: FailureScope::Address,
                        key: &address,
                        max: 20,
                    },
                ];
                store.reserve_login_attempt(&limits, since, now).await
            })
        });
        let mut reserved = Vec::new();
        for a in attempts {
            if let Some(ids) = a.await.unwrap().unwrap() {
                reserved.push(ids);
            }
        }
        assert_eq!(
            reserved.len(),
            5,
            "{backend}: exactly the limit got through"
        );
        assert_eq!(
            store
                .login_failures_since(FailureScope::Account, "xiaozhang", since)
                .await
                .unwrap(),
            5,
            "{backend}: a refused attempt reserves nothing"
        );
        // A successful sign-in gives its attempt back.
        store.release_login_attempts(&reserved[0]).await.unwrap();
        assert_eq!(
            store
                .login_failures_since(FailureScope::Account, "xiaozhang", since)
                .await
                .unwrap(),
            4,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_username_is_taken_whatever_its_case() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let taken = store
            .create_account(
                NewAccount {
                    id: uuid::Uuid::now_v7(),
                    username: "XiaoZhang".into(),
                    display_name: "冒名".into(),
                    role: Role::Supervisor,
                    password_hash: "x".into(),
                    totp_secret: None,
                    id_number_masked: None,
                    phone_masked: None,
                    identity_verified_until: None,
                    created_at: clock().now(),
                },
                &Actor::system("test"),
            )
            .await;
        assert!(
            matches!(taken, Err(StoreError::Conflict(_))),
            "{backend}: {taken:?}"
        );
        assert_eq!(
            account_id(store.as_ref(), "XIAOZHANG").await,
            account_id(store.as_ref(), "xiaozhang").await,
            "{backend}"
        );
    }
}

/// What the `accounts.totp_secret` column holds, read past the store.
async fn raw_totp_column(url: &str, account: uuid::Uuid) -> String {
    let query = "SELECT totp_secret FROM accounts WHERE id = $1";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query_scalar(query)
            .bind(account)
            .fetch_one(&pool)
            .await
            .unwrap()
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_scalar(query)
            .bind(account)
            .fetch_one(&pool)
            .await
            .unwrap()
    }
}

async fn set_raw_totp_column(url: &str, account: uuid::Uuid, value: &str) {
    let query = "UPDATE accounts SET totp_secret = $1 WHERE id = $2";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(query)
            .bind(value)
            .bind(account)
            .execute(&pool)
            .await
            .unwrap();
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(query)
            .bind(value)
            .bind(account)
            .execute(&pool)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn authenticator_secrets_are_sealed_at_rest_and_old_plain_ones_on_start() {
    use server::secrets::SecretKey;
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!("sqlite://{}", dir.path().join("s.db").display())];
    urls.extend(limitdesk_tests::fresh_postgres_url().await);
    for url in urls {
        let key = SecretKey::generate();
        let store = server::store::connect(&url, key.clone()).await.unwrap();
        let mut staff = new_account("ops", Role::Admin);
        staff.totp_secret = Some(SECRET.to_owned());
        let id = store
            .create_account(staff, &Actor::system("test"))
            .await
            .unwrap()
            .id;
        let stored = raw_totp_column(&url, id).await;
        assert!(!stored.contains(SECRET), "{url}: stored in plain text");
        assert_eq!(
            store.totp(id).await.unwrap().unwrap().secret,
            SECRET,
            "{url}"
        );

        // A secret from before sealing is sealed when the store next opens.
        set_raw_totp_column(&url, id, SECRET).await;
        let store = server::store::connect(&url, key.clone()).await.unwrap();
        assert!(
            server::secrets::is_sealed(&raw_totp_column(&url, id).await),
            "{url}"
        );
        assert_eq!(
            store.totp(id).await.unwrap().unwrap().secret,
            SECRET,
            "{url}"
        );

        // A new authenticator is sealed too.
        store
            .set_totp_secret(
                id,
                "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
                &Actor::system("test"),
                clock().now(),
            )
            .await
            .unwrap();
        assert!(
            !raw_totp_column(&url, id).await.contains("KRSXG5CT"),
            "{url}"
        );

        // The wrong key is refused at start, not at the next staff sign-in.
        let wrong = server::store::connect(&url, SecretKey::generate()).await;
        let error = wrong
            .err()
            .expect("the wrong key must be refused")
            .to_string();
        assert!(error.contains("LIMITDESK_SECRET_KEY"), "{url}: {error}");
    }
}

#[tokio::test]
async fn a_portal_link_works_once_and_never_after_it_expires() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        seeded(store.as_ref()).await;
        let customer = account_id(store.as_ref(), "xiaozhang").await;
        let decision = store.decisions(customer).await.unwrap()[0].id;
        let now = clock().now();
        let actor = Actor::system("test");
        let to_decision = app::ssr::store::PortalLink {
            account: customer,
            decision: Some(decision),
        };
        store
            .create_portal_session(
                "fresh",
                to_decision,
                now,
                now + Duration::minutes(5),
                &actor,
            )
            .await
            .unwrap();
        store
            .create_portal_session(
                "stale",
                app::ssr::store::PortalLink {
                    account: customer,
                    decision: None,
                },
                now - Duration::minutes(10),
                now - Duration::minutes(5),
                &actor,
            )
            .await
            .unwrap();
        assert_eq!(
            store.use_portal_session("fresh", now).await.unwrap(),
            Some(to_decision),
            "{backend}"
        );
        assert_eq!(
            store.use_portal_session("fresh", now).await.unwrap(),
            None,
            "{backend}: once"
        );
        assert_eq!(
            store.use_portal_session("stale", now).await.unwrap(),
            None,
            "{backend}: expired"
        );
        assert_eq!(
            store.use_portal_session("unknown", now).await.unwrap(),
            None,
            "{backend}"
        );
    }
}

/// The credit system's writes, each as the API hands them to the store.
fn ingest_ops(at: chrono::DateTime<chrono::Utc>) -> Vec<app::ssr::store::IngestOp> {
    use app::ssr::store::{
        ExternalCustomer, ExternalDecision, ExternalInstallment, ExternalOrder, IngestOp,
        InstallmentRef,
    };
    let decision = domain::decision::NewDecision {
        id: uuid::Uuid::nil(),
        external_id: "DEC-1".into(),
        model_version: "risk-2026.10".into(),
        kind: DecisionKind::Reduce,
        limit_before: Money::yuan(8000),
        limit_after: Money::yuan(2000),
        reasons: vec![Reason::OverdueUnpaid {
            items: vec![domain::reason::OverdueItem {
                order_id: uuid::Uuid::nil(),
                installment_id: uuid::Uuid::nil(),
                order: String::new(),
                seq: 1,
                amount: Money::yuan(600),
                due_on: date("2026-10-08"),
                days_late: 12,
            }],
        }],
        notice: "额度已由 ¥8,000.00 调整为 ¥2,000.00。".into(),
        decided_at: "2026-10-20T02:00:00Z".parse().unwrap(),
        decided_on: date("2026-10-20"),
    }
    .validate()
    .unwrap();
    vec![
        IngestOp::Customer(ExternalCustomer {
            external_id: "CS-1".into(),
            version: 1,
            display_name: "小张".into(),
            id_number_masked: None,
            phone_masked: None,
            identity_verified_until: None,
            lang: domain::Lang::Zh,
            at,
        }),
        IngestOp::Order(ExternalOrder {
            external_id: "ORD-1".into(),
            customer: "CS-1".into(),
            version: 1,
            description: "蓝牙耳机".into(),
            placed_on: date("2026-09-08"),
            total: Money::yuan(1200),
            installments: vec![
                ExternalInstallment {
                    seq: 1,
                    due_on: date("2026-10-08"),
                    amount: Money::yuan(600),
                    paid_on: None,
                },
                ExternalInstallment {
                    seq: 2,
                    due_on: date("2026-12-08"),
                    amount: Money::yuan(600),
                    paid_on: None,
                },
            ],
            at,
        }),
        IngestOp::Decision(ExternalDecision {
            customer: "CS-1".into(),
            decision,
            overdue: vec![InstallmentRef {
                pointer: "/reasons/0/items/0/order_id".into(),
                order: "ORD-1".into(),
                seq: 1,
            }],
            digest: "d1".into(),
            at,
        }),
    ]
}

fn repayment(
    id: &str,
    fen: i64,
    on: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> app::ssr::store::IngestOp {
    app::ssr::store::IngestOp::Repayment(app::ssr::store::ExternalRepayment {
        external_id: id.into(),
        customer: "CS-1".into(),
        order: "ORD-1".into(),
        seq: 1,
        amount: Money::from_fen(fen).unwrap(),
        paid_on: date(on),
        digest: format!("{id}-{fen}"),
        at,
    })
}

#[tokio::test]
async fn the_credit_systems_writes_apply_alone_with_their_effects_on_both_databases() {
    use app::ssr::store::{Applied, IngestRefusal};
    let dbs = backends().await;
    let actor = Actor::system("test-ingest");
    for (backend, store) in dbs.stores() {
        let at = clock().now();
        let mut ops = ingest_ops(at);
        // A refused write in the middle leaves the others standing.
        let mut wrong = repayment("RP-0", 100, "2026-10-21", at);
        if let app::ssr::store::IngestOp::Repayment(r) = &mut wrong {
            r.order = "ORD-404".into();
        }
        ops.insert(2, wrong);
        let results = store.ingest(ops.clone(), &actor).await.unwrap();
        let applied: Vec<_> = results.iter().map(|r| r.clone().map(|(_, a)| a)).collect();
        assert_eq!(
            applied,
            [
                Ok(Applied::Created),
                Ok(Applied::Created),
                Err(IngestRefusal::UnknownOrder {
                    pointer: "/order_id".into(),
                    order: "ORD-404".into()
                }),
                Ok(Applied::Created)
            ],
            "{backend}"
        );
        let account = store
            .customer_by_external_id("CS-1")
            .await
            .unwrap()
            .unwrap();
        let decisions = store.decisions(account).await.unwrap();
        let Some(Reason::OverdueUnpaid { items }) = decisions[0].reasons.iter().next() else {
            panic!("{backend}: the reason")
        };
        let orders = store.orders(account).await.unwrap();
        assert_eq!(
            (
                items[0].order_id,
                items[0].installment_id,
                items[0].order.as_str()
            ),
            (orders[0].id, orders[0].installments[0].id, "蓝牙耳机"),
            "{backend}: the overdue item points at LimitDesk's installment"
        );
        // Two part payments settle the installment on the day they add up.
        for (id, fen, on) in [
            ("RP-1", 40_000, "2026-10-15"),
            ("RP-2", 20_000, "2026-10-21"),
        ] {
            let r = store
                .ingest(vec![repayment(id, fen, on, at)], &actor)
                .await
                .unwrap();
            assert!(
                matches!(r[0], Ok((_, Applied::Created))),
                "{backend}: {r:?}"
            );
        }
        let orders = store.orders(account).await.unwrap();
        assert_eq!(
            orders[0].installments[0].paid_on,
            Some(date("2026-10-21")),
            "{backend}"
        );
        assert_eq!(orders[0].installments[1].paid_on, None, "{backend}");
        // Repeats are no-ops; the same id with another body is refused.
        let again = store.ingest(ingest_ops(at), &actor).await.unwrap();
        let applied: Vec<_> = again.iter().map(|r| r.clone().map(|(_, a)| a)).collect();
        assert_eq!(
            applied,
            [
                Ok(Applied::NotNewer),
                Ok(Applied::NotNewer),
                Ok(Applied::Unchanged)
            ],
            "{backend}"
        );
        let changed = store
            .ingest(vec![repayment("RP-1", 40_001, "2026-10-15", at)], &actor)
            .await
            .unwrap();
        assert_eq!(
            changed[0],
            Err(IngestRefusal::Changed("RP-1".into())),
            "{backend}"
        );
        // An order's newer schedule cannot drop an installment that has repayments.
        let mut shorter = ingest_ops(at).remove(1);
        if let app::ssr::store::IngestOp::Order(o) = &mut shorter {
            o.version = 2;
            o.total = Money::ZERO;
            o.installments.clear();
        }
        let refused = store.ingest(vec![shorter], &actor).await.unwrap();
        assert_eq!(
            refused[0],
            Err(IngestRefusal::InstallmentRepaid(1)),
            "{backend}"
        );
        assert_eq!(
            store.orders(account).await.unwrap(),
            orders,
            "{backend}: unchanged"
        );
    }
}
