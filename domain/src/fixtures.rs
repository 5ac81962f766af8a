//! Decisions and reasons from the demo world, shared by the domain's unit tests.

use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use crate::decision::{DecisionKind, LimitDecision, NewDecision};
use crate::money::Money;
use crate::reason::{FlaggedPurchase, OverdueItem, Reason};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

pub fn decision(kind: DecisionKind, before: i64, after: i64, reason: Reason) -> LimitDecision {
    NewDecision {
        id: Uuid::nil(),
        external_id: "CS-1".into(),
        model_version: "m".into(),
        kind,
        limit_before: Money::yuan(before),
        limit_after: Money::yuan(after),
        reasons: vec![reason],
        notice: "n".into(),
        decided_at: Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
        decided_on: day(10, 20),
    }
    .validate()
    .unwrap()
}

pub fn overdue() -> Reason {
    Reason::OverdueUnpaid {
        items: vec![OverdueItem {
            order_id: Uuid::nil(),
            installment_id: Uuid::nil(),
            order: "耳机".into(),
            seq: 1,
            amount: Money::yuan(600),
            due_on: day(10, 8),
            days_late: 12,
        }],
    }
}

pub fn cash_out() -> Reason {
    Reason::SuspectedCashOut {
        purchases: vec![FlaggedPurchase {
            on: day(11, 15),
            merchant: "礼品卡".into(),
            item: "礼品卡".into(),
            amount: Money::yuan(5000),
        }],
    }
}
