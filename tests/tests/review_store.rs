//! The support half of the store contract, on SQLite and PostgreSQL: decisions
//! are one transaction, exactly one of many simultaneous approvals wins, and a
//! replaced decision cannot be reversed.

use std::sync::Arc;

use app::ssr::store::{Actor, Assignee, FeedKind, NewAppeal, OutcomeEvent, QueueQuery};
use app::ssr::{Store, StoreError};
use domain::appeal::{AppealStatus, Ground};
use domain::resolution::{Outcome, Verdict};
use domain::{LineStatus, Money};
use limitdesk_tests::{backends, clock};
use server::seed::seed_demo;
use uuid::Uuid;

struct World {
    store: Arc<dyn Store>,
    customer: Uuid,
    agent: Uuid,
    appeal: Uuid,
    /// The feed's last position before this test's appeal: the demo world's
    /// own appeals are already on it.
    feed_start: i64,
}

async fn id_of(store: &dyn Store, username: &str) -> Uuid {
    store
        .credentials(username)
        .await
        .unwrap()
        .unwrap()
        .account
        .id
}

/// The demo world with `username`'s newest decision under appeal, claimed by the agent.
async fn world(store: Arc<dyn Store>, username: &str) -> World {
    let hash = server::password::hash("demo-password-2026").unwrap();
    seed_demo(store.as_ref(), clock(), &hash, None)
        .await
        .unwrap();
    let customer = id_of(store.as_ref(), username).await;
    let agent = id_of(store.as_ref(), "agent").await;
    let feed_start = feed_end(store.as_ref()).await;
    let appeal = open_appeal(store.as_ref(), username, agent).await;
    World {
        store,
        customer,
        agent,
        appeal,
        feed_start,
    }
}

/// The feed's events of support's decisions since the test's appeal (it
/// also tells of appeals opened).
async fn decided_events(w: &World) -> Vec<OutcomeEvent> {
    w.store
        .outcome_events(w.feed_start, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == FeedKind::AppealDecided)
        .collect()
}

/// The feed's last position so far.
async fn feed_end(store: &dyn Store) -> i64 {
    let all = store.outcome_events(0, 1000).await.unwrap();
    all.last().map_or(0, |e| e.seq)
}

/// `username` appeals their newest decision and the agent claims it; the appeal.
async fn open_appeal(store: &dyn Store, username: &str, agent: Uuid) -> Uuid {
    let customer = id_of(store, username).await;
    let decision = store.decisions(customer).await.unwrap()[0].id;
    let appeal = Uuid::now_v7();
    store
        .create_appeal(
            NewAppeal {
                id: appeal,
                decision_id: decision,
                account_id: customer,
                ground: Ground::PaidNotRecorded,
                is_reappeal: false,
                statement: "我已在 10 月 21 日还清这一期，请恢复额度。".to_owned(),
                files: vec![],
                submitted_at: clock().now(),
            },
            &Actor {
                id: Some(customer),
                label: username.to_owned(),
            },
        )
        .await
        .unwrap();
    let status = store
        .assign_appeal(appeal, 1, agent, &agent_actor(agent), clock().now())
        .await
        .unwrap();
    assert_eq!(status, AppealStatus::InReview);
    appeal
}

fn agent_actor(agent: Uuid) -> Actor {
    Actor {
        id: Some(agent),
        label: "agent".to_owned(),
    }
}

async fn audit_actions(store: &dyn Store, entity: &str, id: Uuid) -> Vec<String> {
    store
        .audit_for(entity, &id.to_string())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

#[tokio::test]
async fn many_simultaneous_approvals_restore_once_with_one_audit_entry() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "xiaozhang").await;
        let version = version_of(&w).await;
        let restore = Verdict::Restore {
            to: Money::yuan(8000),
        };
        let attempts: Vec<_> = (0..12)
            .map(|_| {
                let store = w.store.clone();
                let actor = agent_actor(w.agent);
                let appeal = w.appeal;
                tokio::spawn(async move {
                    store
                        .decide_appeal(appeal, version, restore, None, &actor, clock().now())
                        .await
                })
            })
            .collect();
        let mut won = 0;
        for a in attempts {
            match a.await.unwrap() {
                Ok(outcome) => {
                    won += 1;
                    assert!(matches!(outcome, Outcome::Restored { .. }), "{name}");
                }
                Err(StoreError::Stale) => {}
                Err(e) => panic!("{name}: unexpected {e}"),
            }
        }
        assert_eq!(won, 1, "{name}: exactly one approval wins");
        let line = w
            .store
            .credit_line(w.customer, clock().today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(line.limit, Money::yuan(8000), "{name}");
        let changes: Vec<_> = audit_actions(w.store.as_ref(), "credit_line", w.customer)
            .await
            .into_iter()
            .filter(|a| a == "credit_line.changed")
            .collect();
        assert_eq!(changes.len(), 1, "{name}: one restoration in the audit log");
        let decided: Vec<_> = audit_actions(w.store.as_ref(), "appeal", w.appeal)
            .await
            .into_iter()
            .filter(|a| a == "appeal.decided")
            .collect();
        assert_eq!(decided.len(), 1, "{name}");
        let feed = decided_events(&w).await;
        assert_eq!(feed.len(), 1, "{name}: one outcome for the credit system");
        assert_eq!(feed[0].appeal, Some(w.appeal));
        let all = w.store.outcome_events(w.feed_start, 10).await.unwrap();
        assert_eq!(
            all.iter().map(|e| (e.kind, e.appeal)).collect::<Vec<_>>(),
            [
                (FeedKind::AppealOpened, Some(w.appeal)),
                (FeedKind::AppealDecided, Some(w.appeal))
            ],
            "{name}: the appeal's opening came first"
        );
        // The customer's history now ends with support's restoration, so nothing is left to fix.
        let decisions = w.store.decisions(w.customer).await.unwrap();
        assert_eq!(decisions[0].limit_after, Money::yuan(8000), "{name}");
        assert!(
            domain::decision::current_adverse(&decisions).is_none(),
            "{name}"
        );
        // A second approval, even at the new version, cannot restore again.
        let case = w.store.case(w.appeal).await.unwrap().unwrap();
        assert_eq!(case.appeal.summary.status, AppealStatus::Approved);
        let again = w
            .store
            .decide_appeal(
                w.appeal,
                case.appeal.summary.version,
                restore,
                None,
                &agent_actor(w.agent),
                clock().now(),
            )
            .await;
        assert!(
            matches!(
                again,
                Err(StoreError::Replaced | StoreError::Transition(_) | StoreError::Restoration(_))
            ),
            "{name}: {again:?}"
        );
    }
}

#[tokio::test]
async fn a_freeze_proposal_waits_for_approval_and_a_rejection_changes_no_line() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "zhangsan").await;
        let v = version_of(&w).await;
        let status = w
            .store
            .propose_verdict(
                w.appeal,
                v,
                Verdict::Unfreeze,
                None,
                &agent_actor(w.agent),
                clock().now(),
            )
            .await
            .unwrap();
        assert_eq!(status, AppealStatus::PendingApproval, "{name}");
        let line = w
            .store
            .credit_line(w.customer, clock().today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            line.status,
            LineStatus::Frozen,
            "{name}: nothing changes before approval"
        );
        let case = w.store.case(w.appeal).await.unwrap().unwrap();
        assert_eq!(case.proposal, Some(Verdict::Unfreeze));
        assert_eq!(case.proposed_by.as_ref().map(|p| p.id), Some(w.agent));
        // The appeal, its customer and the staff it names come back together.
        assert_eq!(
            (case.customer.id, case.customer.username.as_str()),
            (w.customer, "zhangsan"),
            "{name}"
        );
        let names = |r: Option<app::ssr::store::StaffRef>| r.map(|r| (r.id, r.name));
        let agent = Some((w.agent, "客服 小刘".to_owned()));
        assert_eq!(
            (
                names(case.assigned_to.clone()),
                names(case.proposed_by.clone())
            ),
            (agent.clone(), agent),
            "{name}"
        );
        let supervisor = id_of(w.store.as_ref(), "supervisor").await;
        let outcome = w
            .store
            .decide_appeal(
                w.appeal,
                case.appeal.summary.version,
                Verdict::Unfreeze,
                None,
                &Actor {
                    id: Some(supervisor),
                    label: "supervisor".to_owned(),
                },
                clock().now(),
            )
            .await
            .unwrap();
        assert_eq!(
            outcome,
            Outcome::Unfrozen {
                limit: Money::yuan(6000)
            },
            "{name}"
        );
        let line = w
            .store
            .credit_line(w.customer, clock().today())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(line.status, LineStatus::Active, "{name}");
        let actions = audit_actions(w.store.as_ref(), "appeal", w.appeal).await;
        for expected in ["appeal.assigned", "appeal.proposed", "appeal.decided"] {
            assert!(
                actions.iter().any(|a| a == expected),
                "{name}: {expected} missing from {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_queue_filters_counts_and_pages_by_deadline() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "xiaozhang").await;
        let now = clock().now();
        let counts = w.store.queue_counts(w.agent, now).await.unwrap();
        // 小张's, and the demo world's four open appeals: three the agent
        // holds, one waiting to be claimed.
        assert_eq!(
            (counts.open, counts.mine, counts.unassigned),
            (5, 4, 1),
            "{name}"
        );
        let mine = w
            .store
            .queue(&QueueQuery {
                assignee: Assignee::Staff(w.agent),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(mine.len(), 4, "{name}");
        assert!(
            mine.windows(2).all(|r| r[0].due_at <= r[1].due_at),
            "{name}: the nearest deadline first"
        );
        let mine: Vec<_> = mine
            .into_iter()
            .filter(|r| r.customer_username == "xiaozhang")
            .collect();
        assert_eq!(mine.len(), 1, "{name}");
        assert_eq!(mine[0].reasons, vec![domain::ReasonCode::OverdueUnpaid]);
        let cash_out = w
            .store
            .queue(&QueueQuery {
                reason: Some(domain::ReasonCode::SuspectedCashOut),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(cash_out.len(), 1, "{name}: 孙磊's alone");
        assert_eq!(
            cash_out[0].reasons,
            vec![domain::ReasonCode::SuspectedCashOut]
        );
        let by_name = w
            .store
            .queue(&QueueQuery {
                customer: Some("小张".to_owned()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(by_name.len(), 1, "{name}");
        let after = w
            .store
            .queue(&QueueQuery {
                after: Some((mine[0].due_at, mine[0].id)),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            after.is_empty(),
            "{name}: the keyset cursor skips what was shown"
        );
        assert_eq!(
            mine[0].due_at,
            mine[0].submitted_at + chrono::Duration::days(15)
        );
        // Every row's reasons are its decision's, in the order notified
        // (王五's decision has two).
        open_appeal(w.store.as_ref(), "wangwu", w.agent).await;
        let all = w
            .store
            .queue(&QueueQuery {
                limit: 50,
                ..Default::default()
            })
            .await
            .unwrap();
        let mut several = 0;
        for row in &all {
            let case = w.store.case(row.id).await.unwrap().unwrap();
            let decision = w
                .store
                .decision(case.customer.id, case.appeal.summary.decision_id)
                .await
                .unwrap()
                .unwrap();
            let codes = decision.reasons.codes();
            assert_eq!(row.reasons, codes, "{name}: {}", row.customer_username);
            several += usize::from(codes.len() > 1);
        }
        assert!(
            several > 0,
            "{name}: a decision with several reasons is in the queue"
        );
    }
}

#[tokio::test]
async fn a_case_trail_lists_changes_and_counts_openings() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "xiaozhang").await;
        let entity = w.appeal.to_string();
        let before = w
            .store
            .trail("appeal", &entity, "case.viewed")
            .await
            .unwrap();
        assert_eq!((before.reads, &before.last_read), (0, &None), "{name}");
        assert!(!before.changes.is_empty(), "{name}: the claim is a change");
        let at = clock().now();
        let supervisor = second_supervisor(w.store.as_ref()).await;
        for (n, who) in [(1, w.agent), (2, supervisor), (3, w.agent)] {
            w.store
                .record_event(
                    &actor(
                        who,
                        if who == w.agent {
                            "agent"
                        } else {
                            "supervisor2"
                        },
                    ),
                    "case.viewed",
                    ("appeal", entity.clone()),
                    None,
                    at + chrono::Duration::minutes(n),
                )
                .await
                .unwrap();
        }
        // Another appeal's opening counts for that appeal alone.
        w.store
            .record_event(
                &actor(w.agent, "agent"),
                "case.viewed",
                ("appeal", Uuid::now_v7().to_string()),
                None,
                at,
            )
            .await
            .unwrap();
        let trail = w
            .store
            .trail("appeal", &entity, "case.viewed")
            .await
            .unwrap();
        assert_eq!(trail.reads, 3, "{name}");
        let last = trail.last_read.expect("the latest opening");
        assert_eq!(
            (last.actor.as_str(), last.at),
            ("agent", at + chrono::Duration::minutes(3)),
            "{name}"
        );
        assert_eq!(
            trail.changes, before.changes,
            "{name}: openings are not changes"
        );
        let everything = w.store.audit_for("appeal", &entity).await.unwrap();
        assert_eq!(everything.len(), before.changes.len() + 3, "{name}");
    }
}

/// The risk engine's newer decision for the customer, as the credit system would record it.
macro_rules! engine_decides_again {
    ($pool:expr, $customer:expr) => {
        sqlx::query(
            "INSERT INTO limit_decisions (id, account_id, external_id, model_version, kind, limit_before_fen, \
             limit_after_fen, notice, decided_at, decided_on, received_at) \
             VALUES ($1, $2, 'CS-NEWER', 'risk-engine 2026.11.1', 'restore', 200000, 300000, '额度由 ¥2,000.00 恢复至 ¥3,000.00', $3, $4, $3)",
        )
        .bind(Uuid::now_v7())
        .bind($customer)
        .bind(clock().now())
        .bind(clock().today())
        .execute($pool)
        .await
        .unwrap()
    };
}

async fn refuses_as_replaced(name: &str, w: &World) {
    let v = version_of(w).await;
    let verdict = Verdict::Restore {
        to: Money::yuan(8000),
    };
    let result = w
        .store
        .decide_appeal(
            w.appeal,
            v,
            verdict,
            None,
            &agent_actor(w.agent),
            clock().now(),
        )
        .await;
    assert!(
        matches!(result, Err(StoreError::Replaced)),
        "{name}: {result:?}"
    );
    let case = w.store.case(w.appeal).await.unwrap().unwrap();
    assert_eq!(
        case.appeal.summary.status,
        AppealStatus::InReview,
        "{name}: nothing changed"
    );
    assert!(decided_events(w).await.is_empty(), "{name}");
}

#[tokio::test]
async fn a_decision_a_newer_engine_decision_replaced_is_not_reversed() {
    let b = backends().await;
    let w = world(b.sqlite.0.clone(), "xiaozhang").await;
    engine_decides_again!(b.sqlite.1.pool(), w.customer);
    refuses_as_replaced("sqlite", &w).await;
    if let Some((store, pg)) = &b.postgres {
        let w = world(store.clone(), "xiaozhang").await;
        engine_decides_again!(pg.pool(), w.customer);
        refuses_as_replaced("postgres", &w).await;
    }
}

fn actor(id: Uuid, label: &str) -> Actor {
    Actor {
        id: Some(id),
        label: label.to_owned(),
    }
}

/// A second supervisor, for four-eyes (the demo world has one).
async fn second_supervisor(store: &dyn Store) -> Uuid {
    store
        .create_account(
            app::ssr::store::NewAccount {
                id: Uuid::now_v7(),
                username: "supervisor2".to_owned(),
                display_name: "主管 老李".to_owned(),
                role: app::model::Role::Supervisor,
                password_hash: server::password::hash("demo-password-2026").unwrap(),
                totp_secret: None,
                id_number_masked: None,
                phone_masked: None,
                identity_verified_until: None,
                created_at: clock().now(),
            },
            &Actor::system("test"),
        )
        .await
        .unwrap()
        .id
}

async fn version_of(w: &World) -> i64 {
    w.store
        .case(w.appeal)
        .await
        .unwrap()
        .unwrap()
        .appeal
        .summary
        .version
}

async fn line_status(w: &World) -> LineStatus {
    w.store
        .credit_line(w.customer, clock().today())
        .await
        .unwrap()
        .unwrap()
        .status
}

#[tokio::test]
async fn a_direct_store_call_cannot_lift_a_cash_out_freeze_without_a_different_supervisor() {
    use domain::casework::Refusal;
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "zhangsan").await;
        let supervisor = id_of(w.store.as_ref(), "supervisor").await;
        let other = second_supervisor(w.store.as_ref()).await;
        let decide = |who: Actor, verdict: Verdict| {
            let w = &w;
            async move {
                let v = version_of(w).await;
                w.store
                    .decide_appeal(w.appeal, v, verdict, None, &who, clock().now())
                    .await
            }
        };

        // Neither the agent holding it nor a supervisor lifts it alone, nor the system.
        for who in [
            agent_actor(w.agent),
            actor(supervisor, "supervisor"),
            Actor::system("test"),
        ] {
            let result = decide(who.clone(), Verdict::Unfreeze).await;
            let expected = if who.id.is_some() {
                Refusal::NeedsApproval
            } else {
                Refusal::Forbidden
            };
            assert!(
                matches!(result, Err(StoreError::Refused(r)) if r == expected),
                "{name}: {} → {result:?}",
                who.label
            );
        }
        assert_eq!(line_status(&w).await, LineStatus::Frozen, "{name}");
        assert!(decided_events(&w).await.is_empty(), "{name}");

        // The supervisor proposes; the agent cannot approve, nor the proposer,
        // nor anyone approve something other than what was proposed.
        let v = version_of(&w).await;
        w.store
            .propose_verdict(
                w.appeal,
                v,
                Verdict::Unfreeze,
                None,
                &actor(supervisor, "supervisor"),
                clock().now(),
            )
            .await
            .unwrap();
        let agent_approves = decide(agent_actor(w.agent), Verdict::Unfreeze).await;
        assert!(
            matches!(agent_approves, Err(StoreError::Refused(Refusal::Forbidden))),
            "{name}: {agent_approves:?}"
        );
        let own = decide(actor(supervisor, "supervisor"), Verdict::Unfreeze).await;
        assert!(
            matches!(
                own,
                Err(StoreError::Refused(Refusal::Stake(
                    domain::review::StakeError::OwnProposal
                )))
            ),
            "{name}: {own:?}"
        );
        let reject = Verdict::Reject {
            reason: domain::resolution::RejectReason::CashOutConfirmed,
        };
        let swapped = decide(actor(other, "supervisor2"), reject).await;
        assert!(
            matches!(swapped, Err(StoreError::Refused(Refusal::WrongState))),
            "{name}: {swapped:?}"
        );
        assert_eq!(line_status(&w).await, LineStatus::Frozen, "{name}");
        let case = w.store.case(w.appeal).await.unwrap().unwrap();
        assert_eq!(
            case.appeal.summary.status,
            AppealStatus::PendingApproval,
            "{name}: still waiting"
        );

        // A different supervisor approves: the freeze is lifted, once.
        let outcome = decide(actor(other, "supervisor2"), Verdict::Unfreeze)
            .await
            .unwrap();
        assert!(matches!(outcome, Outcome::Unfrozen { .. }), "{name}");
        assert_eq!(line_status(&w).await, LineStatus::Active, "{name}");
        assert_eq!(decided_events(&w).await.len(), 1, "{name}");
    }
}

const REJECT: Verdict = Verdict::Reject {
    reason: domain::resolution::RejectReason::RecordIsCorrect,
};

#[tokio::test]
async fn the_feed_is_ordered_and_complete_under_simultaneous_decisions() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "xiaozhang").await;
        let mut appeals = vec![(
            w.appeal,
            Verdict::Restore {
                to: Money::yuan(8000),
            },
        )];
        for username in ["zhangsan", "wangwu"] {
            appeals.push((
                open_appeal(w.store.as_ref(), username, w.agent).await,
                REJECT,
            ));
        }
        let decisions: Vec<_> = appeals
            .iter()
            .map(|&(appeal, verdict)| {
                let store = w.store.clone();
                let actor = agent_actor(w.agent);
                tokio::spawn(async move {
                    let version = store
                        .case(appeal)
                        .await
                        .unwrap()
                        .unwrap()
                        .appeal
                        .summary
                        .version;
                    store
                        .decide_appeal(appeal, version, verdict, None, &actor, clock().now())
                        .await
                })
            })
            .collect();
        for d in decisions {
            d.await.unwrap().unwrap();
        }
        // Read one at a time: every position once, in order, nothing missing.
        let mut after = w.feed_start;
        let mut seen = Vec::new();
        loop {
            let page = w.store.outcome_events(after, 1).await.unwrap();
            let Some(e) = page.first() else { break };
            assert_eq!(e.seq, after + 1, "{name}: no gap");
            after = e.seq;
            if e.kind == FeedKind::AppealDecided {
                seen.push(e.appeal.unwrap());
            }
        }
        let mut expected: Vec<Uuid> = appeals.iter().map(|a| a.0).collect();
        expected.sort();
        seen.sort();
        assert_eq!(seen, expected, "{name}: each decision exactly once");
        // The same events read twice are the same events.
        assert_eq!(
            w.store.outcome_events(0, 100).await.unwrap(),
            w.store.outcome_events(0, 100).await.unwrap()
        );
    }
}

/// PostgreSQL hands out sequence numbers before commit: a reader could see
/// event 2 while event 1 is still uncommitted, move its cursor past 1 and
/// never read it. Here event 1's transaction is held open while a second
/// decision runs and a reader polls.
#[tokio::test]
async fn the_feed_never_skips_an_event_whose_transaction_commits_late() {
    let b = backends().await;
    let Some((store, pg)) = b.postgres.clone() else {
        return;
    };
    let w = world(store, "xiaozhang").await;
    let late = open_appeal(w.store.as_ref(), "zhangsan", w.agent).await;
    // The two appeals' openings are in the feed already.
    let start = feed_end(w.store.as_ref()).await;

    // The slow transaction takes its feed position first, as a decision does.
    let mut slow = pg.pool().begin().await.unwrap();
    let seq: i64 = sqlx::query_scalar(
        "UPDATE feed_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
    )
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    assert_eq!(seq, start + 1);
    sqlx::query(
        "INSERT INTO outcome_events (seq, id, kind, account_id, appeal_id, occurred_at) \
         VALUES ($1, $2, 'appeal_decided', $3, $4, now())",
    )
    .bind(seq)
    .bind(Uuid::now_v7())
    .bind(w.customer)
    .bind(late)
    .execute(&mut *slow)
    .await
    .unwrap();

    // Meanwhile another decision, complete in itself.
    let version = version_of(&w).await;
    let decision = {
        let store = w.store.clone();
        let actor = agent_actor(w.agent);
        let appeal = w.appeal;
        tokio::spawn(async move {
            store
                .decide_appeal(
                    appeal,
                    version,
                    Verdict::Restore {
                        to: Money::yuan(8000),
                    },
                    None,
                    &actor,
                    clock().now(),
                )
                .await
        })
    };
    // Until it has either finished or is waiting for the slow one, a reader
    // must never see it alone.
    loop {
        let visible = w.store.outcome_events(start, 10).await.unwrap();
        assert!(
            visible.is_empty(),
            "a later event visible before an earlier one: {visible:?}"
        );
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pg.pool())
        .await
        .unwrap();
        if waiting > 0 || decision.is_finished() {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(w.store.outcome_events(start, 10).await.unwrap().is_empty());
    slow.commit().await.unwrap();
    decision.await.unwrap().unwrap();
    let seqs: Vec<i64> = w
        .store
        .outcome_events(start, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(seqs, [start + 1, start + 2], "both, in order");
}

#[tokio::test]
async fn the_feed_tells_of_an_appeal_closed_for_no_reply() {
    let b = backends().await;
    for (name, store) in b.stores() {
        let w = world(store, "xiaozhang").await;
        let ask = domain::appeal::AppealAction::AskForInformation;
        let version = version_of(&w).await;
        let at = clock().now();
        w.store
            .advance_appeal(w.appeal, version, ask, None, &agent_actor(w.agent), at)
            .await
            .unwrap();
        let version = version_of(&w).await;
        let close = domain::appeal::AppealAction::CloseForNoReply;
        let closed = w
            .store
            .advance_appeal(
                w.appeal,
                version,
                close,
                None,
                &Actor::system("no-reply-close"),
                at,
            )
            .await
            .unwrap();
        assert_eq!(closed, AppealStatus::ClosedNoReply, "{name}");
        let feed: Vec<_> = w
            .store
            .outcome_events(w.feed_start, 10)
            .await
            .unwrap()
            .iter()
            .map(|e| (e.kind, e.appeal, e.staff))
            .collect();
        assert_eq!(
            feed,
            [
                (FeedKind::AppealOpened, Some(w.appeal), None),
                (FeedKind::ClosedNoReply, Some(w.appeal), None)
            ],
            "{name}"
        );
    }
}
