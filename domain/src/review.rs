//! What support decides on: the customer's repayment record at a glance, the
//! recommendation (built on the same checklist customers see), and the rules a
//! decision must satisfy: never above the limit before the decision, a second
//! pair of eyes for sensitive ones, and no stake in the case.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::checklist::{all_required_done, ChecklistItem};
use crate::decision::{DecisionKind, LimitDecision};
use crate::money::Money;
use crate::reason::{Reason, ReasonCode};
use crate::repayment::Order;

/// A raise above this needs a supervisor's approval.
pub const FOUR_EYES_RAISE_YUAN: i64 = 10_000;

/// Repayments over the last 12 months, as an agent reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepaymentSummary {
    /// Installments that fell due in the last 12 months (up to today).
    pub due: u32,
    pub paid_on_time: u32,
    pub paid_late: u32,
    pub worst_days_late: u32,
    /// Past due and unpaid today.
    pub overdue_now: Money,
}

impl RepaymentSummary {
    pub fn of(orders: &[Order], today: NaiveDate) -> RepaymentSummary {
        let since = today - Duration::days(365);
        let mut s = RepaymentSummary {
            due: 0,
            paid_on_time: 0,
            paid_late: 0,
            worst_days_late: 0,
            overdue_now: Money::ZERO,
        };
        for i in orders.iter().flat_map(|o| &o.installments) {
            if i.is_overdue(today) {
                s.overdue_now = s.overdue_now.checked_add(i.amount).unwrap_or(s.overdue_now);
            }
            if i.due_on <= since || i.due_on > today {
                continue;
            }
            s.due += 1;
            let late = i.days_late(today);
            s.worst_days_late = s.worst_days_late.max(late);
            match (i.is_paid_by(today), late) {
                (true, 0) => s.paid_on_time += 1,
                (true, _) => s.paid_late += 1,
                (false, _) => {}
            }
        }
        s
    }

    /// Whole percent of due installments paid on time; 100 with nothing due.
    pub fn on_time_percent(&self) -> u32 {
        (self.paid_on_time * 100)
            .checked_div(self.due)
            .unwrap_or(100)
    }
}

/// What support proposes to do with an appealed decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// Raise the limit back to `to` (at most the limit before the decision).
    Restore {
        to: Money,
    },
    /// Lift a freeze, keeping the amount.
    Unfreeze,
    Reject,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RestorationError {
    #[error("a restoration cannot go above the {before} the customer had before the decision")]
    AboveLimitBefore { before: Money },
    #[error("a restoration must raise the current limit of {current}")]
    NotARaise { current: Money },
    #[error("only a freeze can be lifted")]
    NotFrozen,
    #[error("the credit line is frozen or closed; lift the freeze instead")]
    NotActive,
}

/// Checks a proposal against the decision and the limit now.
pub fn check_proposal(
    decision: &LimitDecision,
    current_limit: Money,
    proposal: Proposal,
) -> Result<(), RestorationError> {
    match proposal {
        Proposal::Restore { to } if to > decision.limit_before => {
            Err(RestorationError::AboveLimitBefore {
                before: decision.limit_before,
            })
        }
        Proposal::Restore { to } if to <= current_limit => Err(RestorationError::NotARaise {
            current: current_limit,
        }),
        Proposal::Unfreeze if decision.kind != DecisionKind::Freeze => {
            Err(RestorationError::NotFrozen)
        }
        _ => Ok(()),
    }
}

/// Four-eyes: raising by more than ¥10,000, or lifting a cash-out or
/// account-security freeze, waits for a supervisor.
pub fn needs_second_approval(
    decision: &LimitDecision,
    current_limit: Money,
    proposal: Proposal,
) -> bool {
    let sensitive_freeze = decision.reasons.iter().any(|r| {
        matches!(
            r.code(),
            ReasonCode::SuspectedCashOut | ReasonCode::AccountSecurity
        )
    });
    match proposal {
        Proposal::Restore { to } => {
            let raise = to.checked_sub(current_limit).unwrap_or(Money::ZERO);
            raise > Money::yuan(FOUR_EYES_RAISE_YUAN)
                || (decision.kind == DecisionKind::Freeze && sensitive_freeze)
        }
        Proposal::Unfreeze => sensitive_freeze,
        Proposal::Reject => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum StakeError {
    #[error("staff cannot decide on their own account")]
    OwnAccount,
    #[error("the approver must not be the one who proposed the decision")]
    OwnProposal,
    #[error("a re-appeal is decided by someone other than who decided the first appeal")]
    DecidedTheFirstAppeal,
}

/// Who is deciding, and their relation to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stake {
    pub staff: Uuid,
    pub customer: Uuid,
    pub proposer: Option<Uuid>,
    pub first_appeal_decided_by: Option<Uuid>,
}

/// The one who decides must have no stake in the case.
pub fn check_no_stake(s: Stake) -> Result<(), StakeError> {
    if s.staff == s.customer {
        return Err(StakeError::OwnAccount);
    }
    if s.proposer == Some(s.staff) {
        return Err(StakeError::OwnProposal);
    }
    if s.first_appeal_decided_by == Some(s.staff) {
        return Err(StakeError::DecidedTheFirstAppeal);
    }
    Ok(())
}

/// One line of the reasoning behind a recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "point", rename_all = "snake_case")]
pub enum Rationale {
    OverdueClearedAfterNotice { days: i64 },
    OverdueStillUnpaid { amount: Money },
    FirstLateInTwelveMonths,
    LateCount { count: u32, worst_days: u32 },
    StepsOutstanding,
    NeedsEvidenceReview { code: ReasonCode },
}

impl Rationale {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// `None`: no automatic suggestion; the agent judges the evidence.
    pub proposal: Option<Proposal>,
    pub rationale: Vec<Rationale>,
}

impl Recommendation {}

/// The agent's starting point, from the decision's facts, the same checklist the
/// customer sees, and the repayment record. It suggests; a person decides.
pub fn recommend(
    decision: &LimitDecision,
    checklist: &[ChecklistItem],
    summary: &RepaymentSummary,
    paid_on: impl Fn(Uuid) -> Option<NaiveDate>,
) -> Recommendation {
    let mut rationale = Vec::new();
    let mut automatic = true;
    for reason in &decision.reasons {
        match reason {
            Reason::OverdueUnpaid { items } => {
                let cleared: Option<i64> = items
                    .iter()
                    .map(|i| {
                        paid_on(i.installment_id)
                            .map(|p| (p - decision.decided_on).num_days().max(0))
                    })
                    .collect::<Option<Vec<_>>>()
                    .and_then(|days| days.into_iter().max());
                match cleared {
                    Some(days) => rationale.push(Rationale::OverdueClearedAfterNotice { days }),
                    None => rationale.push(Rationale::OverdueStillUnpaid {
                        amount: summary.overdue_now,
                    }),
                }
            }
            Reason::OverdueHistory { .. } => {}
            other => {
                automatic = false;
                rationale.push(Rationale::NeedsEvidenceReview { code: other.code() });
            }
        }
    }
    if summary.paid_late <= 1 && summary.overdue_now.is_zero() {
        rationale.push(Rationale::FirstLateInTwelveMonths);
    } else {
        rationale.push(Rationale::LateCount {
            count: summary.paid_late,
            worst_days: summary.worst_days_late,
        });
    }
    let done = all_required_done_but_appeal(checklist);
    if !done {
        rationale.push(Rationale::StepsOutstanding);
    }
    let proposal = if !automatic {
        None
    } else if done && summary.overdue_now.is_zero() && summary.paid_late <= 1 {
        Some(match decision.kind {
            DecisionKind::Freeze => Proposal::Unfreeze,
            _ => Proposal::Restore {
                to: decision.limit_before,
            },
        })
    } else {
        Some(Proposal::Reject)
    };
    Recommendation {
        proposal,
        rationale,
    }
}

/// Every required step done, counting "appeal" as done (the appeal is being decided).
fn all_required_done_but_appeal(checklist: &[ChecklistItem]) -> bool {
    use crate::checklist::Step;
    let without_appeal: Vec<ChecklistItem> = checklist
        .iter()
        .filter(|i| i.step != Step::AppealOrAwaitReview)
        .cloned()
        .collect();
    all_required_done(&without_appeal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{restoration_checklist, CustomerState};
    use crate::decision::NewDecision;
    use crate::reason::{FlaggedPurchase, OverdueItem};
    use crate::repayment::Installment;
    use chrono::TimeZone;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn inst(id: u128, due: NaiveDate, paid: Option<NaiveDate>) -> Installment {
        Installment {
            id: Uuid::from_u128(id),
            order_id: Uuid::nil(),
            seq: 1,
            due_on: due,
            amount: Money::yuan(600),
            paid_on: paid,
        }
    }

    fn xiaozhang() -> (LimitDecision, Vec<Order>) {
        let orders = vec![Order {
            id: Uuid::nil(),
            description: "蓝牙耳机".into(),
            placed_on: d(9, 8),
            total: Money::yuan(1800),
            installments: vec![
                inst(1, d(10, 8), Some(d(10, 21))),
                inst(2, d(11, 7), Some(d(11, 5))),
                inst(3, d(12, 7), None),
            ],
        }];
        let decision = NewDecision {
            id: Uuid::nil(),
            external_id: "CS-1".into(),
            model_version: "m".into(),
            kind: DecisionKind::Reduce,
            limit_before: Money::yuan(8000),
            limit_after: Money::yuan(2000),
            reasons: vec![Reason::OverdueUnpaid {
                items: vec![OverdueItem {
                    order_id: Uuid::nil(),
                    installment_id: Uuid::from_u128(1),
                    order: "蓝牙耳机".into(),
                    seq: 1,
                    amount: Money::yuan(600),
                    due_on: d(10, 8),
                    days_late: 12,
                }],
            }],
            notice: "n".into(),
            decided_at: chrono::Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
            decided_on: d(10, 20),
        }
        .validate()
        .unwrap();
        (decision, orders)
    }

    #[test]
    fn xiaozhangs_record_reads_as_one_late_payment_and_nothing_overdue() {
        let (_, orders) = xiaozhang();
        let s = RepaymentSummary::of(&orders, d(11, 27));
        assert_eq!(
            (s.due, s.paid_on_time, s.paid_late, s.worst_days_late),
            (2, 1, 1, 13)
        );
        assert_eq!(s.overdue_now, Money::ZERO);
        assert_eq!(s.on_time_percent(), 50);
        assert_eq!(RepaymentSummary::of(&[], d(11, 27)).on_time_percent(), 100);
    }

    #[test]
    fn the_recommendation_for_xiaozhang_is_to_restore_8000_and_says_why() {
        let (decision, orders) = xiaozhang();
        let today = d(11, 27);
        let state = CustomerState {
            today,
            orders: orders.clone(),
            ..Default::default()
        };
        let checklist = restoration_checklist(&decision, &state);
        let summary = RepaymentSummary::of(&orders, today);
        let paid = |id: Uuid| {
            orders
                .iter()
                .flat_map(|o| &o.installments)
                .find(|i| i.id == id)
                .and_then(|i| i.paid_on)
        };
        let r = recommend(&decision, &checklist, &summary, paid);
        assert_eq!(
            r.proposal,
            Some(Proposal::Restore {
                to: Money::yuan(8000)
            })
        );
        assert_eq!(
            r.rationale,
            vec![
                Rationale::OverdueClearedAfterNotice { days: 1 },
                Rationale::FirstLateInTwelveMonths
            ]
        );
        // ¥6,000 raise: one pair of eyes is enough.
        assert!(!needs_second_approval(
            &decision,
            Money::yuan(2000),
            r.proposal.unwrap()
        ));
    }

    #[test]
    fn unpaid_overdue_is_not_restored() {
        let (decision, mut orders) = xiaozhang();
        orders[0].installments[0].paid_on = None;
        let today = d(11, 27);
        let state = CustomerState {
            today,
            orders: orders.clone(),
            ..Default::default()
        };
        let checklist = restoration_checklist(&decision, &state);
        let r = recommend(
            &decision,
            &checklist,
            &RepaymentSummary::of(&orders, today),
            |_| None,
        );
        assert_eq!(r.proposal, Some(Proposal::Reject));
        assert!(r.rationale.contains(&Rationale::OverdueStillUnpaid {
            amount: Money::yuan(600)
        }));
    }

    #[test]
    fn restorations_never_exceed_the_limit_before_and_must_raise() {
        let (decision, _) = xiaozhang();
        assert_eq!(
            check_proposal(
                &decision,
                Money::yuan(2000),
                Proposal::Restore {
                    to: Money::yuan(8000)
                }
            ),
            Ok(())
        );
        assert_eq!(
            check_proposal(
                &decision,
                Money::yuan(2000),
                Proposal::Restore {
                    to: Money::yuan(8001)
                }
            ),
            Err(RestorationError::AboveLimitBefore {
                before: Money::yuan(8000)
            })
        );
        assert_eq!(
            check_proposal(
                &decision,
                Money::yuan(8000),
                Proposal::Restore {
                    to: Money::yuan(8000)
                }
            ),
            Err(RestorationError::NotARaise {
                current: Money::yuan(8000)
            }),
            "a limit is never restored twice"
        );
        assert_eq!(
            check_proposal(&decision, Money::yuan(2000), Proposal::Unfreeze),
            Err(RestorationError::NotFrozen)
        );
    }

    #[test]
    fn four_eyes_for_big_raises_and_sensitive_freezes() {
        let (mut decision, _) = xiaozhang();
        decision.limit_before = Money::yuan(20_000);
        assert!(needs_second_approval(
            &decision,
            Money::yuan(2000),
            Proposal::Restore {
                to: Money::yuan(12_001)
            }
        ));
        assert!(!needs_second_approval(
            &decision,
            Money::yuan(2000),
            Proposal::Restore {
                to: Money::yuan(12_000)
            }
        ));
        let freeze = NewDecision {
            id: Uuid::nil(),
            external_id: "CS-2".into(),
            model_version: "m".into(),
            kind: DecisionKind::Freeze,
            limit_before: Money::yuan(6000),
            limit_after: Money::yuan(6000),
            reasons: vec![Reason::SuspectedCashOut {
                purchases: vec![FlaggedPurchase {
                    on: d(11, 15),
                    merchant: "m".into(),
                    item: "gift cards".into(),
                    amount: Money::yuan(5000),
                }],
            }],
            notice: "n".into(),
            decided_at: chrono::Utc.with_ymd_and_hms(2026, 11, 17, 2, 0, 0).unwrap(),
            decided_on: d(11, 17),
        }
        .validate()
        .unwrap();
        assert!(needs_second_approval(
            &freeze,
            Money::yuan(6000),
            Proposal::Unfreeze
        ));
        assert!(!needs_second_approval(
            &freeze,
            Money::yuan(6000),
            Proposal::Reject
        ));
        let r = recommend(&freeze, &[], &RepaymentSummary::of(&[], d(11, 27)), |_| {
            None
        });
        assert_eq!(r.proposal, None, "cash-out is judged on the evidence");
    }

    #[test]
    fn whoever_decides_has_no_stake() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let ok = Stake {
            staff: a,
            customer: b,
            proposer: Some(c),
            first_appeal_decided_by: None,
        };
        assert_eq!(check_no_stake(ok), Ok(()));
        assert_eq!(
            check_no_stake(Stake { customer: a, ..ok }),
            Err(StakeError::OwnAccount)
        );
        assert_eq!(
            check_no_stake(Stake {
                proposer: Some(a),
                ..ok
            }),
            Err(StakeError::OwnProposal)
        );
        assert_eq!(
            check_no_stake(Stake {
                first_appeal_decided_by: Some(a),
                ..ok
            }),
            Err(StakeError::DecidedTheFirstAppeal)
        );
    }
}
