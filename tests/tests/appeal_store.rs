//! The appeals half of the store contract, on SQLite and PostgreSQL.

use std::sync::Arc;

use app::ssr::store::{Actor, Draft, Evidence, NewAppeal, NewMessage};
use app::ssr::{Store, StoreError};
use chrono::Duration;
use domain::appeal::{AppealAction, AppealStatus, EvidenceType, Ground};
use limitdesk_tests::{backends, clock};
use server::seed::seed_demo;
use uuid::Uuid;

struct World {
    store: Arc<dyn Store>,
    xiaozhang: Uuid,
    lisi: Uuid,
    decision: Uuid,
}

async fn world(store: Arc<dyn Store>) -> World {
    let hash = server::password::hash("demo-password-2026").unwrap();
    seed_demo(store.as_ref(), clock(), &hash, None)
        .await
        .unwrap();
    let id = |c: Option<app::ssr::store::Credentials>| c.unwrap().account.id;
    let xiaozhang = id(store.credentials("xiaozhang").await.unwrap());
    let lisi = id(store.credentials("lisi").await.unwrap());
    let decision = store.decisions(xiaozhang).await.unwrap()[0].id;
    World {
        store,
        xiaozhang,
        lisi,
        decision,
    }
}

fn evidence(appeal: Uuid, sha: &str) -> Evidence {
    Evidence {
        id: Uuid::now_v7(),
        appeal_id: appeal,
        sha256: sha.to_owned(),
        media_type: EvidenceType::Png,
        size_bytes: 1234,
        original_name: "receipt.png".to_owned(),
        storage_key: format!("blob-{}", Uuid::now_v7()),
        thumbnail_key: None,
    }
}

fn new_appeal(w: &World, sha: &str) -> NewAppeal {
    let id = Uuid::now_v7();
    NewAppeal {
        id,
        decision_id: w.decision,
        account_id: w.xiaozhang,
        ground: Ground::PaidNotRecorded,
        is_reappeal: false,
        statement: "我已在 10 月 21 日还清这一期，请恢复额度。".to_owned(),
        files: vec![evidence(id, sha)],
        submitted_at: clock().now(),
    }
}

fn customer(w: &World) -> Actor {
    Actor {
        id: Some(w.xiaozhang),
        label: "xiaozhang".to_owned(),
    }
}

#[tokio::test]
async fn an_appeal_is_stored_with_its_message_files_and_timeline_and_only_its_owner_reads_it() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        assert!(w.store.prior_appeals(w.decision).await.unwrap().is_empty());
        let appeal = new_appeal(&w, "aaa");
        let id = appeal.id;
        w.store.create_appeal(appeal, &customer(&w)).await.unwrap();

        let prior = w.store.prior_appeals(w.decision).await.unwrap();
        assert_eq!(prior.len(), 1, "{backend}");
        assert_eq!(
            (prior[0].status, prior[0].evidence.clone()),
            (AppealStatus::Submitted, vec!["aaa".to_owned()])
        );

        let record = w.store.appeal(w.xiaozhang, id).await.unwrap().unwrap();
        assert_eq!(record.summary.status, AppealStatus::Submitted, "{backend}");
        assert_eq!(record.summary.version, 1);
        assert_eq!(record.messages.len(), 1);
        assert_eq!(record.messages[0].author_name, "小张");
        assert_eq!(record.messages[0].files[0].sha256, "aaa");
        assert_eq!(record.events.len(), 1);
        assert!(
            w.store.appeal(w.lisi, id).await.unwrap().is_none(),
            "{backend}: not lisi's"
        );
        assert_eq!(w.store.appeals_of(w.xiaozhang).await.unwrap().len(), 1);
        assert!(w.store.appeals_of(w.lisi).await.unwrap().is_empty());

        let file = record.messages[0].files[0].id;
        assert!(
            w.store
                .evidence(Some(w.xiaozhang), file)
                .await
                .unwrap()
                .is_some(),
            "{backend}"
        );
        assert!(
            w.store
                .evidence(Some(w.lisi), file)
                .await
                .unwrap()
                .is_none(),
            "{backend}: not lisi's"
        );
        assert!(
            w.store.evidence(None, file).await.unwrap().is_some(),
            "{backend}: staff"
        );
        let key = record.messages[0].files[0].storage_key.clone();
        let known = w
            .store
            .known_storage_keys(&[key.clone(), "orphan".to_owned()])
            .await
            .unwrap();
        assert_eq!(known, vec![key], "{backend}");
        let audit = w.store.audit_for("appeal", &id.to_string()).await.unwrap();
        assert_eq!(audit.len(), 1, "{backend}: the submission is audited");
    }
}

#[tokio::test]
async fn a_decision_has_at_most_one_open_appeal_even_when_two_tabs_submit() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let (first, second) = (new_appeal(&w, "aaa"), new_appeal(&w, "bbb"));
        let actor = customer(&w);
        let (a, b) = tokio::join!(
            w.store.create_appeal(first, &actor),
            w.store.create_appeal(second, &actor)
        );
        assert!(
            a.is_ok() != b.is_ok(),
            "{backend}: exactly one wins: {a:?} {b:?}"
        );
        assert!(
            matches!(a.err().or(b.err()), Some(StoreError::Conflict(_))),
            "{backend}"
        );
        assert_eq!(
            w.store.prior_appeals(w.decision).await.unwrap().len(),
            1,
            "{backend}: nothing half-written"
        );
    }
}

#[tokio::test]
async fn withdrawing_checks_the_version_and_frees_the_decision_for_a_new_appeal() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let appeal = new_appeal(&w, "aaa");
        let id = appeal.id;
        w.store.create_appeal(appeal, &customer(&w)).await.unwrap();
        let at = clock().now() + Duration::hours(1);
        let stale = w
            .store
            .advance_appeal(id, 7, AppealAction::Withdraw, None, &customer(&w), at)
            .await;
        assert!(
            matches!(stale, Err(StoreError::Stale)),
            "{backend}: {stale:?}"
        );
        let bad = w
            .store
            .advance_appeal(id, 1, AppealAction::Approve, None, &customer(&w), at)
            .await;
        assert!(
            matches!(bad, Err(StoreError::Transition(_))),
            "{backend}: a submitted appeal is not decided unclaimed"
        );
        let to = w
            .store
            .advance_appeal(id, 1, AppealAction::Withdraw, None, &customer(&w), at)
            .await
            .unwrap();
        assert_eq!(to, AppealStatus::Withdrawn, "{backend}");
        let record = w.store.appeal(w.xiaozhang, id).await.unwrap().unwrap();
        assert_eq!(
            (
                record.summary.status,
                record.summary.version,
                record.events.len()
            ),
            (AppealStatus::Withdrawn, 2, 2)
        );
        let mut again = new_appeal(&w, "unused");
        again.files.clear();
        w.store
            .create_appeal(again, &customer(&w))
            .await
            .expect("a new appeal after withdrawing");
        let prior: Vec<_> = w
            .store
            .prior_appeals(w.decision)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.status, p.evidence))
            .collect();
        assert_eq!(
            prior,
            [
                (AppealStatus::Withdrawn, vec!["aaa".to_owned()]),
                (AppealStatus::Submitted, Vec::new()),
            ],
            "{backend}: both appeals in filing order, each with its own files"
        );
    }
}

#[tokio::test]
async fn a_session_reads_back_with_its_customers_appeals_and_second_factor() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let first = new_appeal(&w, "aaa");
        let first_id = first.id;
        w.store.create_appeal(first, &customer(&w)).await.unwrap();
        let at = clock().now() + Duration::hours(1);
        w.store
            .advance_appeal(first_id, 1, AppealAction::Withdraw, None, &customer(&w), at)
            .await
            .unwrap();
        let mut second = new_appeal(&w, "bbb");
        second.submitted_at = at;
        let second_id = second.id;
        w.store.create_appeal(second, &customer(&w)).await.unwrap();

        let now = clock().now();
        let until = now + Duration::hours(8);
        let supervisor = w
            .store
            .credentials("supervisor")
            .await
            .unwrap()
            .unwrap()
            .account;
        for (hash, account) in [("xz", w.xiaozhang), ("ls", w.lisi), ("sv", supervisor.id)] {
            w.store
                .create_session(hash, account, now, until)
                .await
                .unwrap();
        }
        let read = w
            .store
            .session("xz", at)
            .await
            .unwrap()
            .expect("a live session");
        assert_eq!(
            (read.account.id, read.factor_at),
            (w.xiaozhang, None),
            "{backend}"
        );
        let appeals = read.appeals;
        let ids: Vec<_> = appeals.iter().map(|a| (a.id, a.status)).collect();
        assert_eq!(
            ids,
            [
                (second_id, AppealStatus::Submitted),
                (first_id, AppealStatus::Withdrawn)
            ],
            "{backend}: both appeals, newest first"
        );
        assert_eq!(
            appeals,
            w.store.appeals_of(w.xiaozhang).await.unwrap(),
            "{backend}: what the page would read alone"
        );
        w.store.set_session_factor("sv", at).await.unwrap();
        for (hash, who, factor_at) in [
            ("ls", "李四, no appeals", None),
            ("sv", "a supervisor, with a second factor", Some(at)),
        ] {
            let read = w
                .store
                .session(hash, at)
                .await
                .unwrap()
                .expect("a live session");
            assert!(read.appeals.is_empty(), "{backend}: {who}");
            assert_eq!(read.factor_at, factor_at, "{backend}: {who}");
        }
        assert!(
            w.store.session("xz", until).await.unwrap().is_none(),
            "{backend}: expired"
        );
        w.store.delete_session("xz").await.unwrap();
        assert!(
            w.store.session("xz", at).await.unwrap().is_none(),
            "{backend}: signed out"
        );
    }
}

#[tokio::test]
async fn the_clock_pauses_while_support_waits_and_resumes_on_the_customers_reply() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let appeal = new_appeal(&w, "aaa");
        let id = appeal.id;
        w.store.create_appeal(appeal, &customer(&w)).await.unwrap();
        let staff = Actor::system("test-agent");
        let t = clock().now();
        w.store
            .advance_appeal(
                id,
                1,
                AppealAction::Claim,
                None,
                &staff,
                t + Duration::hours(1),
            )
            .await
            .unwrap();
        w.store
            .advance_appeal(
                id,
                2,
                AppealAction::AskForInformation,
                None,
                &staff,
                t + Duration::hours(2),
            )
            .await
            .unwrap();
        let waiting = w.store.appeal(w.xiaozhang, id).await.unwrap().unwrap();
        assert_eq!(waiting.summary.status, AppealStatus::AwaitingCustomer);
        assert_eq!(waiting.pauses.len(), 1, "{backend}");
        assert!(waiting.pauses[0].until.is_none());

        let reply = NewMessage {
            id: Uuid::now_v7(),
            author_id: w.xiaozhang,
            from_staff: false,
            internal: false,
            body: "补充：银行流水见附件。".to_owned(),
            files: vec![evidence(id, "ddd")],
            at: t + Duration::hours(26),
        };
        let to = w
            .store
            .advance_appeal(
                id,
                3,
                AppealAction::CustomerReply,
                Some(reply),
                &customer(&w),
                t + Duration::hours(26),
            )
            .await
            .unwrap();
        assert_eq!(to, AppealStatus::InReview, "{backend}");
        let resumed = w.store.appeal(w.xiaozhang, id).await.unwrap().unwrap();
        assert_eq!(
            resumed.pauses[0].until,
            Some(t + Duration::hours(26)),
            "{backend}"
        );
        assert_eq!(resumed.messages.len(), 2);
        assert_eq!(resumed.messages[1].files[0].sha256, "ddd");
        let d = domain::appeal::deadlines(
            resumed.summary.submitted_at,
            &resumed.pauses,
            t + Duration::days(2),
        );
        assert_eq!(
            d.decision_due,
            t + Duration::days(15) + Duration::hours(24),
            "{backend}: paused a day"
        );
        let evidence = w.store.prior_appeals(w.decision).await.unwrap()[0]
            .evidence
            .clone();
        assert_eq!(
            evidence.len(),
            2,
            "{backend}: the reply's file counts as this appeal's evidence"
        );
    }
}

#[tokio::test]
async fn of_many_simultaneous_steps_on_one_appeal_exactly_one_wins() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let appeal = new_appeal(&w, "aaa");
        let id = appeal.id;
        w.store.create_appeal(appeal, &customer(&w)).await.unwrap();
        let tasks: Vec<_> = (0..10)
            .map(|i| {
                let store = w.store.clone();
                tokio::spawn(async move {
                    let actor = Actor::system(&format!("agent-{i}"));
                    store
                        .advance_appeal(id, 1, AppealAction::Claim, None, &actor, clock().now())
                        .await
                })
            })
            .collect();
        let mut wins = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => wins += 1,
                Err(StoreError::Stale) => {}
                Err(e) => panic!("{backend}: unexpected {e:?}"),
            }
        }
        assert_eq!(wins, 1, "{backend}");
        let record = w.store.appeal(w.xiaozhang, id).await.unwrap().unwrap();
        assert_eq!(
            record.events.len(),
            2,
            "{backend}: one claim in the timeline"
        );
        assert_eq!(
            w.store
                .audit_for("appeal", &id.to_string())
                .await
                .unwrap()
                .len(),
            2,
            "{backend}"
        );
    }
}

#[tokio::test]
async fn drafts_keep_what_was_typed_until_the_appeal_is_submitted() {
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let draft = Draft {
            ground: "bank_delay".to_owned(),
            statement: "银行扣款晚了一天".to_owned(),
        };
        w.store
            .save_draft(w.xiaozhang, w.decision, &draft, clock().now())
            .await
            .unwrap();
        let newer = Draft {
            ground: "other".to_owned(),
            statement: "改过的说明".to_owned(),
        };
        w.store
            .save_draft(w.xiaozhang, w.decision, &newer, clock().now())
            .await
            .unwrap();
        assert_eq!(
            w.store.draft(w.xiaozhang, w.decision).await.unwrap(),
            Some(newer),
            "{backend}"
        );
        assert_eq!(
            w.store.draft(w.lisi, w.decision).await.unwrap(),
            None,
            "{backend}"
        );
        w.store
            .create_appeal(new_appeal(&w, "aaa"), &customer(&w))
            .await
            .unwrap();
        assert_eq!(
            w.store.draft(w.xiaozhang, w.decision).await.unwrap(),
            None,
            "{backend}: gone once submitted"
        );
    }
}

#[tokio::test]
async fn orphaned_evidence_files_are_swept_and_everything_else_is_kept() {
    use server::blobs::{BlobStore, FsBlobStore};
    let dbs = backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store).await;
        let dir = tempfile::tempdir().unwrap();
        let blobs = FsBlobStore::new(dir.path().to_path_buf()).unwrap();
        let appeal = new_appeal(&w, "aaa");
        let referenced = appeal.files[0].storage_key.clone();
        for key in [referenced.as_str(), "orphan-1", "in-flight-1"] {
            blobs.put(key, b"bytes").await.unwrap();
        }
        w.store.create_appeal(appeal, &customer(&w)).await.unwrap();
        // Age all but the upload still in flight past the sweep's grace period.
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for key in [referenced.as_str(), "orphan-1"] {
            std::fs::File::options()
                .write(true)
                .open(dir.path().join(key))
                .unwrap()
                .set_modified(two_hours_ago)
                .unwrap();
        }
        server::appeals::sweep_orphans(w.store.as_ref(), &blobs).await;
        assert!(
            blobs.get(&referenced).await.unwrap().is_some(),
            "{backend}: referenced file kept"
        );
        assert!(
            blobs.get("orphan-1").await.unwrap().is_none(),
            "{backend}: orphan swept"
        );
        assert!(
            blobs.get("in-flight-1").await.unwrap().is_some(),
            "{backend}: a fresh upload is left alone"
        );
    }
}

#[tokio::test]
async fn an_account_holds_one_upload_slot_until_it_ends_or_goes_stale() {
    let dbs = limitdesk_tests::backends().await;
    for (backend, store) in dbs.stores() {
        let w = world(store.clone()).await;
        let account = w.xiaozhang;
        let now = chrono::Utc::now();
        let stale = now - chrono::Duration::minutes(5);
        assert!(
            store.claim_upload_slot(account, now, stale).await.unwrap(),
            "{backend}"
        );
        assert!(
            !store.claim_upload_slot(account, now, stale).await.unwrap(),
            "{backend}: taken"
        );
        // An upload whose server died ten minutes ago gives way.
        let later = now + chrono::Duration::minutes(10);
        assert!(
            store
                .claim_upload_slot(account, later, later - chrono::Duration::minutes(5))
                .await
                .unwrap(),
            "{backend}: stale slot taken over"
        );
        store.release_upload_slot(account).await.unwrap();
        assert!(
            store.claim_upload_slot(account, now, stale).await.unwrap(),
            "{backend}: free again"
        );
    }
}
