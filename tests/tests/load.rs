//! The synthetic population of `limitdesk seed-load`, on SQLite and PostgreSQL:
//! every status present, the queue sees exactly the open ones, in deadline order.

use app::model::Role;
use app::ssr::store::QueueQuery;
use app::ssr::{Store, StoreError};
use domain::appeal::AppealStatus;
use domain::{DecisionKind, LineStatus, ReasonCode};
use limitdesk_tests::{backends, clock};
use server::load::{seed_load, username};
use server::seed::{seed_demo, Seeded};

const CUSTOMERS: u32 = 200;
const APPEALS: u32 = 150;

/// (customer, status) of every appeal, sorted: the same on every backend.
async fn population(store: &dyn Store, backend: &str) -> Vec<(String, AppealStatus)> {
    let hash = server::password::hash("demo-password-2026").unwrap();
    assert!(matches!(
        seed_demo(store, clock(), &hash, None).await.unwrap(),
        Seeded::Created { .. }
    ));
    let staff: Vec<uuid::Uuid> = store
        .staff_accounts()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| matches!(a.role, Role::Agent | Role::Supervisor))
        .map(|a| a.id)
        .collect();
    assert_eq!(staff.len(), 2, "{backend}");

    let too_many = seed_load(store, clock(), &hash, 3, 4, &staff).await;
    assert!(too_many.is_err(), "{backend}: more appeals than customers");

    let report = seed_load(store, clock(), &hash, CUSTOMERS, APPEALS, &staff)
        .await
        .unwrap();
    assert_eq!(
        (report.customers, report.appeals),
        (CUSTOMERS, APPEALS),
        "{backend}"
    );
    let again = seed_load(store, clock(), &hash, 1, 0, &staff).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "{backend}: a second population is refused: {again:?}"
    );

    // Accounts, masked identities and decisions whose reasons go round all 8 codes.
    let today = clock().today();
    for (k, code) in ReasonCode::ALL.into_iter().enumerate() {
        let n = u32::try_from(k).unwrap() + 1;
        let creds = store.credentials(&username(n)).await.unwrap().unwrap();
        let account = creds.account;
        assert_eq!(account.display_name, format!("客户{n:06}"), "{backend}");
        assert_eq!(account.role, Role::Customer, "{backend}");
        assert_eq!(creds.password_hash, hash, "{backend}: one shared hash");
        let decisions = store.decisions(account.id).await.unwrap();
        assert_eq!(decisions.len(), 1, "{backend}");
        let d = &decisions[0];
        assert!(d.is_adverse(), "{backend}");
        assert_eq!(d.reasons.codes()[0], code, "{backend}: customer {n}");
        let days = (today - d.decided_on).num_days();
        assert!(
            (1..=80).contains(&days),
            "{backend}: decided {days} days ago"
        );
        let line = store.credit_line(account.id, today).await.unwrap().unwrap();
        assert_eq!(line.limit, d.limit_after, "{backend}");
        assert!(
            line.limit >= domain::Money::yuan(1000)
                && d.limit_before <= domain::Money::yuan(50_000),
            "{backend}"
        );
        assert_eq!(
            line.status == LineStatus::Frozen,
            d.kind == DecisionKind::Freeze,
            "{backend}"
        );
        let orders = store.orders(account.id).await.unwrap();
        assert!(
            (1..=3).contains(&orders.len()),
            "{backend}: {} orders",
            orders.len()
        );
        assert!(
            orders.iter().all(|o| !o.installments.is_empty()),
            "{backend}"
        );
    }

    // The open queue: only open appeals, in deadline order, as many as the counts say.
    let open = store
        .queue(&QueueQuery {
            limit: 200,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!open.is_empty(), "{backend}");
    assert!(open.iter().all(|r| r.status.is_open()), "{backend}");
    assert!(
        open.windows(2)
            .all(|w| (w[0].due_at, w[0].id) <= (w[1].due_at, w[1].id)),
        "{backend}: ordered by due_at"
    );
    let counts = store.queue_counts(staff[0], clock().now()).await.unwrap();
    // The demo world's own appeals are in the queue too.
    let synthetic = open
        .iter()
        .find(|r| r.customer_username.starts_with("load-"))
        .expect("a synthetic appeal");
    let case = store.case(synthetic.id).await.unwrap().unwrap();
    let masked = |s: Option<String>, digits: (usize, usize), stars: usize| {
        let s = s.unwrap_or_default();
        let b = s.as_bytes();
        b.len() == digits.0 + stars + digits.1
            && b[..digits.0].iter().all(u8::is_ascii_digit)
            && b[digits.0..digits.0 + stars].iter().all(|c| *c == b'*')
            && b[digits.0 + stars..].iter().all(u8::is_ascii_digit)
    };
    assert!(
        masked(case.customer.id_number_masked.clone(), (4, 4), 10),
        "{backend}: {:?}",
        case.customer
    );
    assert!(
        masked(case.customer.phone_masked.clone(), (3, 4), 4),
        "{backend}: {:?}",
        case.customer
    );
    assert!(case.customer.username.starts_with("load-"), "{backend}");
    let statement = &case.appeal.messages[0].body;
    assert!(
        (10..=2000).contains(&statement.chars().count()),
        "{backend}: {statement}"
    );

    let mut all = Vec::new();
    let mut open_total = 0u64;
    let mut open_synthetic = 0u64;
    for status in AppealStatus::ALL {
        let rows = store
            .queue(&QueueQuery {
                status: Some(status),
                limit: 200,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(!rows.is_empty(), "{backend}: no appeal is {status:?}");
        assert!(rows.iter().all(|r| r.status == status), "{backend}");
        let load: Vec<_> = rows
            .iter()
            .filter(|r| r.customer_username.starts_with("load-"))
            .collect();
        if status.is_open() {
            open_total += u64::try_from(rows.len()).unwrap();
            open_synthetic += u64::try_from(load.len()).unwrap();
        }
        if status != AppealStatus::Submitted && status != AppealStatus::Withdrawn {
            assert!(
                rows.iter().any(|r| r.assigned_name.is_some()),
                "{backend}: claimed {status:?} appeals are assigned"
            );
        }
        all.extend(
            rows.into_iter()
                .filter(|r| r.customer_username.starts_with("load-"))
                .map(|r| (r.customer_username, r.status)),
        );
    }
    assert_eq!(all.len(), usize::try_from(APPEALS).unwrap(), "{backend}");
    assert_eq!(u64::try_from(open.len()).unwrap(), open_total, "{backend}");
    assert_eq!(counts.open, open_total, "{backend}: queue_counts.open");
    // Roughly 60% open.
    assert!(
        (75..=105).contains(&open_synthetic),
        "{backend}: {open_synthetic} open"
    );
    all.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    let mut customers: Vec<&String> = all.iter().map(|(c, _)| c).collect();
    customers.dedup();
    assert_eq!(
        customers.len(),
        all.len(),
        "{backend}: one appeal per customer"
    );
    all
}

#[tokio::test]
async fn a_synthetic_population_fills_every_status_of_the_queue() {
    let dbs = backends().await;
    let mut seen: Vec<(&str, Vec<(String, AppealStatus)>)> = Vec::new();
    for (backend, store) in dbs.stores() {
        let population = population(store.as_ref(), backend).await;
        seen.push((backend, population));
    }
    for pair in seen.windows(2) {
        assert_eq!(
            pair[0].1, pair[1].1,
            "{} and {} hold the same deterministic population",
            pair[0].0, pair[1].0
        );
    }
}
