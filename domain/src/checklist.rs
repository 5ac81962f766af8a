//! What restores a limit, and how much of it is already done.
//!
//! The checklist is computed from the decision's facts (as notified) and the
//! customer's state now, so a paid installment ticks its step the moment the
//! payment is recorded. Customers see it; the agents' recommendation is built
//! on the same function.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::decision::LimitDecision;
use crate::lang::Lang;
use crate::money::Money;
use crate::reason::{installment_label, Binding, Reason, ReasonCode};
use crate::repayment::Order;

/// On-time cycles that clear a recent late-payment record.
pub const ON_TIME_CYCLES_NEEDED: u32 = 3;
/// Days bindings must stay unchanged after frequent changes.
pub const STABLE_BINDING_DAYS: u32 = 30;

/// The customer's situation now, as far as restoration rules care.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomerState {
    /// Calendar date in Asia/Shanghai.
    pub today: NaiveDate,
    pub orders: Vec<Order>,
    /// Real-name verification valid until this date; `None` if never verified.
    pub identity_verified_until: Option<NaiveDate>,
    /// Last time the customer confirmed their identity (face or ID check).
    pub identity_confirmed_at: Option<DateTime<Utc>>,
    pub password_changed_at: Option<DateTime<Utc>>,
    /// Last change of a linked phone number or bank card.
    pub last_binding_change_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    PayOverdue {
        order: String,
        seq: u32,
        amount: Money,
        due_on: NaiveDate,
    },
    AppealOrAwaitReview,
    RepayOnTime {
        cycles_needed: u32,
    },
    AppealLateMarkNotYourFault,
    CompleteIdentityVerification,
    ConfirmIdentity,
    ChangePassword,
    KeepBindingsStable {
        binding: Binding,
        days_needed: u32,
    },
    AppealWithProofOfIncome,
    KeepGoodRepaymentBehaviour,
    AppealIfMisjudged,
    AppealWithProofOfPurchases,
}

impl Step {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Step::PayOverdue {
                order,
                seq,
                amount,
                due_on,
            } => match lang {
                Lang::Zh => format!(
                    "还清逾期的 {amount}（{order}，{}，还款日 {due_on}）",
                    installment_label(*seq, lang)
                ),
                _ => format!(
                    "Pay the overdue {amount} ({order}, {}, due {due_on})",
                    installment_label(*seq, lang)
                ),
            },
            Step::AppealOrAwaitReview => lang
                .pick(
                    "还清后提交申诉，或等待系统自动复评",
                    "After paying, appeal or wait for the automatic review",
                )
                .to_owned(),
            Step::RepayOnTime { cycles_needed } => match lang {
                Lang::Zh => format!("连续 {cycles_needed} 期按时还款"),
                _ => format!("Repay on time for {cycles_needed} cycles in a row"),
            },
            Step::AppealLateMarkNotYourFault => lang
                .pick(
                    "如逾期并非你的原因（例如银行扣款延迟），可以申诉",
                    "If a late mark was not your fault (for example a bank delay), appeal",
                )
                .to_owned(),
            Step::CompleteIdentityVerification => lang
                .pick("完成实名认证", "Complete real-name verification")
                .to_owned(),
            Step::ConfirmIdentity => lang
                .pick("确认是本人操作（身份核验）", "Confirm your identity")
                .to_owned(),
            Step::ChangePassword => lang.pick("修改登录密码", "Change your password").to_owned(),
            Step::KeepBindingsStable {
                binding,
                days_needed,
            } => match lang {
                Lang::Zh => format!("保持绑定的{} {days_needed} 天不变", binding.name(lang)),
                _ => format!(
                    "Keep your linked {} unchanged for {days_needed} days",
                    binding.name(lang)
                ),
            },
            Step::AppealWithProofOfIncome => lang
                .pick(
                    "提交收入或工作证明申诉",
                    "Appeal with proof of income or employment",
                )
                .to_owned(),
            Step::KeepGoodRepaymentBehaviour => lang
                .pick(
                    "保持良好的使用和还款习惯",
                    "Keep using your limit responsibly and repay on time",
                )
                .to_owned(),
            Step::AppealIfMisjudged => lang
                .pick("如属误判，可以申诉", "If this is a mistake, appeal")
                .to_owned(),
            Step::AppealWithProofOfPurchases => lang
                .pick(
                    "提交真实购物的证明申诉，由主管审核决定",
                    "Appeal with proof of genuine purchases; a supervisor decides",
                )
                .to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum StepStatus {
    Done,
    ToDo,
    /// Partly done, e.g. 1 of 3 on-time cycles.
    InProgress {
        done: u32,
        of: u32,
    },
    /// Possible once the steps before it are done.
    Later,
    /// Helps, but is not required.
    Optional,
}

impl StepStatus {
    pub fn is_done(self) -> bool {
        matches!(self, StepStatus::Done)
    }

    /// Required and not yet finished.
    pub fn is_outstanding(self) -> bool {
        matches!(
            self,
            StepStatus::ToDo | StepStatus::InProgress { .. } | StepStatus::Later
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub reason: ReasonCode,
    pub step: Step,
    pub status: StepStatus,
}

/// The steps that restore the limit after `decision`, with their status now.
/// A decision that did not lower or freeze the limit has nothing to restore.
pub fn restoration_checklist(
    decision: &LimitDecision,
    state: &CustomerState,
) -> Vec<ChecklistItem> {
    if !decision.is_adverse() {
        return Vec::new();
    }
    let mut items = Vec::new();
    for reason in &decision.reasons {
        let code = reason.code();
        let mut push = |step: Step, status: StepStatus| {
            items.push(ChecklistItem {
                reason: code,
                step,
                status,
            })
        };
        match reason {
            Reason::OverdueUnpaid { items: overdue } => {
                let mut all_paid = true;
                for item in overdue {
                    let paid = state
                        .orders
                        .iter()
                        .flat_map(|o| &o.installments)
                        .find(|i| i.id == item.installment_id)
                        .is_some_and(|i| i.is_paid_by(state.today));
                    all_paid &= paid;
                    push(
                        Step::PayOverdue {
                            order: item.order.clone(),
                            seq: item.seq,
                            amount: item.amount,
                            due_on: item.due_on,
                        },
                        if paid {
                            StepStatus::Done
                        } else {
                            StepStatus::ToDo
                        },
                    );
                }
                push(
                    Step::AppealOrAwaitReview,
                    if all_paid {
                        StepStatus::ToDo
                    } else {
                        StepStatus::Later
                    },
                );
            }
            Reason::OverdueHistory { .. } => {
                let done = on_time_streak(&state.orders, decision.decided_on, state.today);
                push(
                    Step::RepayOnTime {
                        cycles_needed: ON_TIME_CYCLES_NEEDED,
                    },
                    progress(done, ON_TIME_CYCLES_NEEDED),
                );
                push(Step::AppealLateMarkNotYourFault, StepStatus::Optional);
            }
            Reason::IdentityUnverified { .. } => {
                let verified = state
                    .identity_verified_until
                    .is_some_and(|until| until >= state.today);
                push(Step::CompleteIdentityVerification, done_if(verified));
            }
            Reason::AccountSecurity { .. } => {
                push(
                    Step::ConfirmIdentity,
                    done_if(after(state.identity_confirmed_at, decision.decided_at)),
                );
                push(
                    Step::ChangePassword,
                    done_if(after(state.password_changed_at, decision.decided_at)),
                );
            }
            Reason::FrequentBindingChanges {
                binding,
                last_change_on,
                ..
            } => {
                let last = state
                    .last_binding_change_on
                    .unwrap_or(*last_change_on)
                    .max(*last_change_on);
                let stable =
                    u32::try_from((state.today - last).num_days().max(0)).unwrap_or(u32::MAX);
                push(
                    Step::KeepBindingsStable {
                        binding: *binding,
                        days_needed: STABLE_BINDING_DAYS,
                    },
                    progress(stable, STABLE_BINDING_DAYS),
                );
                push(
                    Step::ConfirmIdentity,
                    done_if(after(state.identity_confirmed_at, decision.decided_at)),
                );
            }
            Reason::CreditReassessment { .. } => {
                push(Step::AppealWithProofOfIncome, StepStatus::Optional);
                push(Step::KeepGoodRepaymentBehaviour, StepStatus::Optional);
            }
            Reason::RuleViolation { .. } => push(Step::AppealIfMisjudged, StepStatus::Optional),
            Reason::SuspectedCashOut { .. } => {
                push(Step::AppealWithProofOfPurchases, StepStatus::ToDo)
            }
        }
    }
    // Two reasons can share a step (confirming identity): list it once.
    let mut seen: Vec<Step> = Vec::new();
    items.retain(|item| {
        let first = !seen.contains(&item.step);
        if first {
            seen.push(item.step.clone());
        }
        first
    });
    items
}

fn done_if(done: bool) -> StepStatus {
    if done {
        StepStatus::Done
    } else {
        StepStatus::ToDo
    }
}

fn progress(done: u32, of: u32) -> StepStatus {
    match done {
        0 => StepStatus::ToDo,
        d if d >= of => StepStatus::Done,
        d => StepStatus::InProgress { done: d, of },
    }
}

fn after(event: Option<DateTime<Utc>>, decided_at: DateTime<Utc>) -> bool {
    event.is_some_and(|at| at > decided_at)
}

/// Consecutive on-time repayments among installments due after the decision,
/// counted back from the latest one due by `today`. A late or missed one resets it.
pub fn on_time_streak(orders: &[Order], decided_on: NaiveDate, today: NaiveDate) -> u32 {
    let mut due: Vec<_> = orders
        .iter()
        .flat_map(|o| &o.installments)
        .filter(|i| i.due_on > decided_on && i.due_on <= today)
        .collect();
    due.sort_by_key(|i| i.due_on);
    let mut streak = 0;
    for inst in due.iter().rev() {
        // Still inside its due date: neither on time nor late yet.
        if inst.paid_on.is_none() && inst.due_on == today {
            continue;
        }
        match inst.paid_on {
            Some(paid) if paid <= inst.due_on && paid <= today => streak += 1,
            _ => break,
        }
    }
    streak
}

/// True when every required step is done (optional advice may remain).
pub fn all_required_done(items: &[ChecklistItem]) -> bool {
    items.iter().all(|i| !i.status.is_outstanding())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::{DecisionKind, NewDecision};
    use crate::reason::{IdentityProblem, OverdueItem};
    use crate::repayment::Installment;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn inst(id: u128, due: NaiveDate, paid: Option<NaiveDate>) -> Installment {
        Installment {
            id: Uuid::from_u128(id),
            order_id: Uuid::from_u128(1),
            seq: 1,
            due_on: due,
            amount: Money::yuan(600),
            paid_on: paid,
        }
    }

    fn order(installments: Vec<Installment>) -> Order {
        Order {
            id: Uuid::from_u128(1),
            description: "蓝牙耳机".into(),
            placed_on: d(7, 8),
            total: Money::yuan(1800),
            installments,
        }
    }

    fn decision(kind: DecisionKind, reasons: Vec<Reason>) -> LimitDecision {
        NewDecision {
            id: Uuid::nil(),
            external_id: "CS-1".into(),
            model_version: "risk-2026.10".into(),
            kind,
            limit_before: Money::yuan(8000),
            limit_after: if kind == DecisionKind::Reduce {
                Money::yuan(2000)
            } else {
                Money::yuan(8000)
            },
            reasons,
            notice: "n".into(),
            decided_at: Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
            decided_on: d(10, 20),
        }
        .validate()
        .unwrap()
    }

    fn xiaozhang_overdue() -> Reason {
        Reason::OverdueUnpaid {
            items: vec![OverdueItem {
                order_id: Uuid::from_u128(1),
                installment_id: Uuid::from_u128(7),
                order: "蓝牙耳机".into(),
                seq: 3,
                amount: Money::yuan(600),
                due_on: d(10, 8),
                days_late: 12,
            }],
        }
    }

    #[test]
    fn paying_the_overdue_ticks_the_step_and_makes_the_appeal_the_next_step() {
        let decision = decision(DecisionKind::Reduce, vec![xiaozhang_overdue()]);
        let unpaid = CustomerState {
            today: d(10, 20),
            orders: vec![order(vec![inst(7, d(10, 8), None)])],
            ..Default::default()
        };
        let items = restoration_checklist(&decision, &unpaid);
        assert_eq!(items[0].status, StepStatus::ToDo);
        assert_eq!(items[1].status, StepStatus::Later);
        assert!(!all_required_done(&items));

        let paid = CustomerState {
            today: d(11, 27),
            orders: vec![order(vec![inst(7, d(10, 8), Some(d(10, 21)))])],
            ..Default::default()
        };
        let items = restoration_checklist(&decision, &paid);
        assert_eq!(items[0].status, StepStatus::Done);
        assert_eq!(items[1].step, Step::AppealOrAwaitReview);
        assert_eq!(items[1].status, StepStatus::ToDo);
        assert!(items[0].step.text(Lang::Zh).contains("¥600.00"));
        assert!(items[0]
            .step
            .text(Lang::En)
            .starts_with("Pay the overdue ¥600.00"));
    }

    #[test]
    fn a_payment_recorded_for_a_later_date_does_not_count_yet() {
        let decision = decision(DecisionKind::Reduce, vec![xiaozhang_overdue()]);
        let state = CustomerState {
            today: d(10, 20),
            orders: vec![order(vec![inst(7, d(10, 8), Some(d(10, 21)))])],
            ..Default::default()
        };
        assert_eq!(
            restoration_checklist(&decision, &state)[0].status,
            StepStatus::ToDo
        );
    }

    #[test]
    fn wangwu_needs_stable_bindings_and_verification() {
        let decision = decision(
            DecisionKind::Freeze,
            vec![
                Reason::FrequentBindingChanges {
                    binding: Binding::BankCard,
                    changes: 4,
                    window_days: 30,
                    last_change_on: d(10, 30),
                },
                Reason::IdentityUnverified {
                    problem: IdentityProblem::Missing,
                },
            ],
        );
        let state = CustomerState {
            today: d(11, 14),
            last_binding_change_on: Some(d(10, 30)),
            ..Default::default()
        };
        let items = restoration_checklist(&decision, &state);
        let codes: Vec<_> = items.iter().map(|i| i.reason).collect();
        assert!(
            codes.contains(&ReasonCode::FrequentBindingChanges)
                && codes.contains(&ReasonCode::IdentityUnverified)
        );
        assert_eq!(items[0].status, StepStatus::InProgress { done: 15, of: 30 });
        let verify = items
            .iter()
            .find(|i| i.step == Step::CompleteIdentityVerification)
            .unwrap();
        assert_eq!(verify.status, StepStatus::ToDo);

        let verified = CustomerState {
            today: d(12, 1),
            identity_verified_until: Some(d(12, 31)),
            last_binding_change_on: Some(d(10, 30)),
            ..Default::default()
        };
        let items = restoration_checklist(&decision, &verified);
        assert!(items
            .iter()
            .all(|i| i.status == StepStatus::Done || i.step == Step::ConfirmIdentity));
    }

    #[test]
    fn security_steps_count_only_actions_after_the_decision() {
        let decision = decision(
            DecisionKind::Freeze,
            vec![Reason::AccountSecurity { events: vec![] }],
        );
        let before = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 10, 25, 0, 0, 0).unwrap();
        let state = CustomerState {
            today: d(11, 1),
            password_changed_at: Some(before),
            identity_confirmed_at: Some(after),
            ..Default::default()
        };
        let items = restoration_checklist(&decision, &state);
        assert_eq!(
            items
                .iter()
                .find(|i| i.step == Step::ConfirmIdentity)
                .unwrap()
                .status,
            StepStatus::Done
        );
        assert_eq!(
            items
                .iter()
                .find(|i| i.step == Step::ChangePassword)
                .unwrap()
                .status,
            StepStatus::ToDo
        );
    }

    #[test]
    fn a_step_two_reasons_share_is_listed_once() {
        let decision = decision(
            DecisionKind::Freeze,
            vec![
                Reason::AccountSecurity { events: vec![] },
                Reason::FrequentBindingChanges {
                    binding: Binding::Phone,
                    changes: 3,
                    window_days: 30,
                    last_change_on: d(10, 1),
                },
            ],
        );
        let items = restoration_checklist(
            &decision,
            &CustomerState {
                today: d(11, 1),
                ..Default::default()
            },
        );
        assert_eq!(
            items
                .iter()
                .filter(|i| i.step == Step::ConfirmIdentity)
                .count(),
            1
        );
        let stable = items
            .iter()
            .find(|i| matches!(i.step, Step::KeepBindingsStable { .. }))
            .unwrap();
        assert_eq!(
            stable.step.text(Lang::En),
            "Keep your linked phone number unchanged for 30 days"
        );
    }

    #[test]
    fn cash_out_can_only_be_resolved_by_appeal() {
        let decision = decision(
            DecisionKind::Freeze,
            vec![Reason::SuspectedCashOut { purchases: vec![] }],
        );
        let items = restoration_checklist(&decision, &CustomerState::default());
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].step, Step::AppealWithProofOfPurchases);
        assert_eq!(items[0].status, StepStatus::ToDo);
    }

    #[test]
    fn nothing_to_restore_after_a_restoration() {
        let decision = decision(DecisionKind::Unfreeze, vec![]);
        assert!(restoration_checklist(&decision, &CustomerState::default()).is_empty());
    }

    #[test]
    fn on_time_streak_counts_back_from_the_latest_and_stops_at_a_late_one() {
        let orders = vec![order(vec![
            inst(1, d(11, 1), Some(d(11, 3))), // late
            inst(2, d(11, 8), Some(d(11, 8))),
            inst(3, d(11, 15), Some(d(11, 14))),
            inst(4, d(11, 22), None), // due today: not counted yet
        ])];
        assert_eq!(on_time_streak(&orders, d(10, 20), d(11, 22)), 2);
        assert_eq!(
            on_time_streak(&orders, d(10, 20), d(11, 23)),
            0,
            "missed installment resets"
        );
    }

    proptest! {
        #[test]
        fn the_streak_never_exceeds_the_installments_due(paid_offsets in proptest::collection::vec(proptest::option::of(-3i64..5), 0..10)) {
            let installments: Vec<_> = paid_offsets.iter().enumerate().map(|(i, off)| {
                let due = d(10, 21) + chrono::Duration::days(7 * i as i64);
                inst(i as u128, due, off.map(|o| due + chrono::Duration::days(o)))
            }).collect();
            let n = installments.len() as u32;
            let streak = on_time_streak(&[order(installments)], d(10, 20), d(12, 31) + chrono::Duration::days(60));
            prop_assert!(streak <= n);
        }
    }
}
