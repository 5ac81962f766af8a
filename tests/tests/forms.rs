//! The form and console rules the app holds (refusal codes through the query
//! string, staff account fields, capped counts). They live here rather than
//! beside their code so that `app` has no unit-test build: compiling the whole
//! UI a second time, optimised, for five tests cost CI minutes.

mod appeal_form {
    use app::appeal_form::FormError;
    use app::i18n::Lang;
    use chrono::NaiveDate;
    use domain::appeal::{AppealRefusal, EvidenceError, StatementError};

    #[test]
    fn every_error_survives_the_round_trip_through_the_query_string() {
        let errors = [
            FormError::Refused(AppealRefusal::WindowClosed {
                closed_on: NaiveDate::from_ymd_opt(2027, 1, 18).unwrap(),
            }),
            FormError::Refused(AppealRefusal::AlreadyOpen),
            FormError::Statement(StatementError::TooShort),
            FormError::Evidence(EvidenceError::WrongType {
                name: "notes.png".into(),
            }),
            FormError::Evidence(EvidenceError::TooManyPixels {
                name: "big.jpg".into(),
            }),
            FormError::Ground,
            FormError::Stale,
            FormError::Busy,
        ];
        for e in errors {
            let q = e.to_query();
            let get = |k: &str| q.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone());
            let back = FormError::from_query(
                &get("error").unwrap(),
                get("file"),
                get("date").and_then(|d| d.parse().ok()),
            );
            assert_eq!(back, Some(e.clone()));
            assert!(!e.message(Lang::Zh).is_empty() && !e.message(Lang::En).is_empty());
        }
        assert_eq!(FormError::from_query("nonsense", None, None), None);
    }
}

mod staff_accounts {
    use app::model::Role;
    use app::staff_accounts::*;

    #[test]
    fn usernames_and_names_are_bounded() {
        assert!(check_username("laochen").is_ok());
        assert_eq!(check_username(""), Err(StaffAccountRefusal::Username));
        assert_eq!(
            check_username("lao chen"),
            Err(StaffAccountRefusal::Username)
        );
        assert_eq!(
            check_username(&"x".repeat(65)),
            Err(StaffAccountRefusal::Username)
        );
        assert!(check_display_name("主管 老陈").is_ok());
        assert_eq!(
            check_display_name(""),
            Err(StaffAccountRefusal::DisplayName)
        );
        assert_eq!(
            check_display_name("a\u{0}b"),
            Err(StaffAccountRefusal::DisplayName)
        );
    }

    #[test]
    fn only_staff_roles_are_given_here() {
        assert_eq!(staff_role("supervisor"), Ok(Role::Supervisor));
        assert_eq!(staff_role("customer"), Err(StaffAccountRefusal::Role));
        assert_eq!(staff_role(""), Err(StaffAccountRefusal::Role));
    }
}

mod staff_model {
    use app::staff_model::{show_count, COUNT_CAP};

    #[test]
    fn counts_are_exact_below_the_cap() {
        assert_eq!(show_count(0), "0");
        assert_eq!(show_count(COUNT_CAP - 1), "999");
        assert_eq!(show_count(COUNT_CAP), "1000+");
    }
}

mod review_form {
    use app::review_form::{StaffDone, StaffRefusal};

    #[test]
    fn every_refusal_code_reads_back() {
        for code in [
            "stale",
            "wrong_state",
            "replaced",
            "above_limit",
            "not_a_raise",
            "not_frozen",
            "not_active",
            "own_account",
            "own_proposal",
            "decided_first",
            "not_assigned",
            "already_assigned",
            "forbidden",
            "bad_amount",
            "no_verdict",
            "no_reason",
            "message_length",
            "unknown_staff",
            "needs_approval",
        ] {
            let r = StaffRefusal::from_code(code).expect(code);
            assert_eq!(r.code(), code);
        }
        for d in StaffDone::ALL {
            assert_eq!(StaffDone::from_code(&d.code()), Some(d));
        }
    }
}

mod secrets {
    use app::model::Role;
    use app::ssr::store::{Account, Credentials, TotpState};

    #[test]
    fn debug_output_never_shows_a_password_hash_or_an_authenticator_secret() {
        let credentials = Credentials {
            account: Account {
                id: uuid::Uuid::now_v7(),
                username: "agent".into(),
                display_name: "客服 小刘".into(),
                role: Role::Agent,
                password_changed_at: chrono::Utc::now(),
                active: true,
            },
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        };
        let totp = TotpState {
            secret: "JBSWY3DPEHPK3PXP".into(),
            last_step: Some(1),
        };
        let shown = format!("{credentials:?} {totp:?}");
        assert!(shown.contains("agent"), "{shown}");
        assert!(
            !shown.contains("argon2id") && !shown.contains("JBSWY3DP"),
            "{shown}"
        );
    }
}

mod islands {
    use app::islands::has_islands;

    #[test]
    fn only_the_pages_with_islands_load_the_wasm() {
        for path in [
            "/decisions/0191d1f6-6c1e-7c3a-8f43-0123456789ab/appeal",
            "/decisions/x/appeal/",
            "/admin/staff",
            "/admin/tokens",
        ] {
            assert!(has_islands(path), "{path}");
        }
        for path in [
            "/",
            "/login",
            "/help",
            "/decisions/0191d1f6-6c1e-7c3a-8f43-0123456789ab",
            "/decisions//appeal",
            "/decisions/x/appeal/extra",
            "/appeals/0191d1f6-6c1e-7c3a-8f43-0123456789ab",
            "/admin",
            "/admin/staffing",
            "/admin/appeals/x",
        ] {
            assert!(!has_islands(path), "{path}");
        }
    }
}

mod labels {
    use app::i18n::Lang;
    use app::labels::{Describe, Label, Message};
    use domain::appeal::{AppealStatus, EvidenceError, Ground};
    use domain::review::{Proposal, Rationale, Recommendation};
    use domain::{DecisionKind, LimitDecision, Money, Reasons, StepStatus};

    #[test]
    fn every_status_and_ground_has_its_own_name_in_each_language() {
        for lang in Lang::ALL {
            let statuses: std::collections::HashSet<_> =
                AppealStatus::ALL.iter().map(|s| s.label(lang)).collect();
            assert_eq!(statuses.len(), AppealStatus::ALL.len(), "{lang:?}");
            let grounds: std::collections::HashSet<_> =
                Ground::ALL.iter().map(|g| g.label(lang)).collect();
            assert_eq!(grounds.len(), Ground::ALL.len(), "{lang:?}");
        }
        for s in AppealStatus::ALL {
            assert_ne!(s.label(Lang::Zh), s.label(Lang::En));
        }
    }

    #[test]
    fn a_decision_is_summed_up_with_both_amounts() {
        let decision = LimitDecision {
            id: uuid::Uuid::nil(),
            external_id: "CS-20261020-0001".into(),
            model_version: "risk-2026.10".into(),
            kind: DecisionKind::Reduce,
            limit_before: Money::yuan(8000),
            limit_after: Money::yuan(2000),
            reasons: Reasons::default(),
            notice: String::new(),
            decided_at: chrono::DateTime::UNIX_EPOCH,
            decided_on: chrono::NaiveDate::MIN,
        };
        assert_eq!(decision.kind, DecisionKind::Reduce);
        assert_eq!(
            decision.describe(Lang::Zh),
            "额度由 ¥8,000.00 降至 ¥2,000.00"
        );
        assert_eq!(
            decision.describe(Lang::En),
            "Limit lowered from ¥8,000.00 to ¥2,000.00"
        );
    }

    #[test]
    fn the_recommendation_reads_as_one_sentence_with_plurals() {
        let r = Recommendation {
            proposal: Some(Proposal::Restore {
                to: Money::yuan(8000),
            }),
            rationale: vec![
                Rationale::OverdueClearedAfterNotice { days: 1 },
                Rationale::FirstLateInTwelveMonths,
            ],
        };
        assert_eq!(
            r.describe(Lang::En),
            "overdue cleared 1 day after the notice, first late payment in 12 months: restore to ¥8,000.00"
        );
        assert_eq!(
            r.describe(Lang::Zh),
            "逾期款项在通知后 1 天内还清，12 个月内首次逾期：建议恢复至 ¥8,000.00"
        );
        let late = Rationale::LateCount {
            count: 2,
            worst_days: 1,
        };
        assert_eq!(
            late.describe(Lang::En),
            "2 late payments in 12 months, the longest 1 day"
        );
        let judged = Recommendation {
            proposal: None,
            rationale: vec![],
        };
        assert_eq!(judged.describe(Lang::En), "judge on the evidence");
    }

    #[test]
    fn steps_and_refusals_carry_their_figures() {
        assert_eq!(
            StepStatus::InProgress { done: 1, of: 3 }.describe(Lang::En),
            "In progress (1 of 3)"
        );
        assert_eq!(
            StepStatus::InProgress { done: 1, of: 3 }.describe(Lang::Zh),
            "进行中（1/3）"
        );
        let wrong = EvidenceError::WrongType {
            name: "notes.png".into(),
        };
        assert!(wrong.message(Lang::Zh).contains("“notes.png”不是 PNG"));
        assert!(wrong
            .message(Lang::En)
            .starts_with("“notes.png” is not a PNG"));
    }
}
