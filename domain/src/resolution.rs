//! How support closes an appeal: the verdict an agent or supervisor gives, what it
//! does to the credit line, and what the customer is told, in their language.

use serde::{Deserialize, Serialize};

use crate::appeal::AppealAction;
use crate::credit_line::LineStatus;
use crate::decision::{DecisionKind, LimitDecision};
use crate::lang::Lang;
use crate::money::Money;
use crate::review::{check_proposal, needs_second_approval, Proposal, RestorationError};

/// Why support keeps a decision. The customer reads the template's text; the
/// agent's own note goes beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    OverdueStillUnpaid,
    RecordIsCorrect,
    EvidenceInsufficient,
    ActivityNotExplained,
    CashOutConfirmed,
}

impl RejectReason {
    pub const ALL: [RejectReason; 5] = [
        RejectReason::OverdueStillUnpaid,
        RejectReason::RecordIsCorrect,
        RejectReason::EvidenceInsufficient,
        RejectReason::ActivityNotExplained,
        RejectReason::CashOutConfirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::OverdueStillUnpaid => "overdue_still_unpaid",
            RejectReason::RecordIsCorrect => "record_is_correct",
            RejectReason::EvidenceInsufficient => "evidence_insufficient",
            RejectReason::ActivityNotExplained => "activity_not_explained",
            RejectReason::CashOutConfirmed => "cash_out_confirmed",
        }
    }

    pub fn parse(s: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// What the customer is told.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            RejectReason::OverdueStillUnpaid => lang.pick(
                "你仍有逾期款项未还清。还清后可以再次申诉。",
                "You still have an overdue amount. Once it is paid you can appeal again.",
            ),
            RejectReason::RecordIsCorrect => lang.pick(
                "我们核对了还款记录，通知中的逾期记录无误。",
                "We checked the repayment record: the late payment in the notice is correct.",
            ),
            RejectReason::EvidenceInsufficient => lang.pick(
                "你提供的材料不足以证明情况与通知不同。你可以带着新的材料再申诉一次。",
                "The material you sent does not show that things differ from the notice. You may appeal once more with new evidence.",
            ),
            RejectReason::ActivityNotExplained => lang.pick(
                "账户的异常操作仍无法确认是你本人所为。请先完成身份确认。",
                "We could not confirm the unusual account activity was you. Please confirm your identity first.",
            ),
            RejectReason::CashOutConfirmed => lang.pick(
                "经核实，相关交易属于套现，额度将保持冻结。先用后付额度只能用于真实购物。",
                "We confirmed the purchases were cash-out; the limit stays frozen. A use-first-pay-later limit is for genuine purchases only.",
            ),
        }
    }
}

/// What support decides on an appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Raise the limit back to `to`: all the way to the limit before the
    /// decision is an approval, less is a partial one.
    Restore {
        to: Money,
    },
    /// Lift a freeze, keeping the amount.
    Unfreeze,
    Reject {
        reason: RejectReason,
    },
}

impl Verdict {
    pub fn proposal(self) -> Proposal {
        match self {
            Verdict::Restore { to } => Proposal::Restore { to },
            Verdict::Unfreeze => Proposal::Unfreeze,
            Verdict::Reject { .. } => Proposal::Reject,
        }
    }

    /// Whether a supervisor other than the proposer must approve it.
    pub fn needs_second_approval(self, decision: &LimitDecision, current_limit: Money) -> bool {
        needs_second_approval(decision, current_limit, self.proposal())
    }
}

/// The outcome of an appeal, as the customer and the credit system read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Restored {
        from: Money,
        to: Money,
    },
    PartlyRestored {
        from: Money,
        to: Money,
        asked: Money,
    },
    Unfrozen {
        limit: Money,
    },
    Rejected {
        reason: RejectReason,
    },
}

impl Outcome {
    /// The lifecycle step that records it.
    pub fn action(self) -> AppealAction {
        match self {
            Outcome::Restored { .. } | Outcome::Unfrozen { .. } => AppealAction::Approve,
            Outcome::PartlyRestored { .. } => AppealAction::PartiallyApprove,
            Outcome::Rejected { .. } => AppealAction::Reject,
        }
    }

    /// The outcome in plain words, for the customer.
    pub fn customer_text(self, lang: Lang) -> String {
        match (self, lang) {
            (Outcome::Restored { to, .. }, Lang::Zh) => {
                format!("申诉通过：你的额度已恢复至 {to}，现在就可以使用。")
            }
            (Outcome::Restored { to, .. }, _) => {
                format!("Appeal approved: your limit is back to {to} and you can use it now.")
            }
            (Outcome::PartlyRestored { to, asked, .. }, Lang::Zh) => format!(
                "申诉部分通过：你的额度已恢复至 {to}（调整前为 {asked}）。按时还款后，系统会在定期评估时继续提高额度。"
            ),
            (Outcome::PartlyRestored { to, asked, .. }, _) => format!(
                "Appeal partly approved: your limit is now {to} (it was {asked} before the change). Keep repaying on time and the periodic review can raise it further."
            ),
            (Outcome::Unfrozen { limit }, Lang::Zh) => {
                format!("申诉通过：额度冻结已解除，{limit} 额度现在可以正常使用。")
            }
            (Outcome::Unfrozen { limit }, _) => format!(
                "Appeal approved: the freeze is lifted and your {limit} limit can be used again."
            ),
            (Outcome::Rejected { reason }, Lang::Zh) => {
                format!("申诉未通过。{}", reason.text(lang))
            }
            (Outcome::Rejected { reason }, _) => {
                format!("Appeal rejected. {}", reason.text(lang))
            }
        }
    }
}

/// The credit line after a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChange {
    pub limit: Money,
    pub status: LineStatus,
    /// The kind of the decision LimitDesk records for the customer's history.
    pub kind: DecisionKind,
}

/// Applies a verdict to the credit line as it is now, checking the rules again:
/// never above the limit before the decision, always a raise (so a limit is
/// never restored twice), and only a frozen line can be unfrozen.
pub fn resolve(
    decision: &LimitDecision,
    limit: Money,
    status: LineStatus,
    verdict: Verdict,
) -> Result<(Outcome, Option<LineChange>), RestorationError> {
    match verdict {
        Verdict::Reject { reason } => Ok((Outcome::Rejected { reason }, None)),
        Verdict::Unfreeze => {
            if decision.kind != DecisionKind::Freeze || status != LineStatus::Frozen {
                return Err(RestorationError::NotFrozen);
            }
            Ok((
                Outcome::Unfrozen { limit },
                Some(LineChange {
                    limit,
                    status: LineStatus::Active,
                    kind: DecisionKind::Unfreeze,
                }),
            ))
        }
        Verdict::Restore { to } => {
            if status != LineStatus::Active {
                return Err(RestorationError::NotActive);
            }
            check_proposal(decision, limit, Proposal::Restore { to })?;
            let outcome = if to == decision.limit_before {
                Outcome::Restored { from: limit, to }
            } else {
                Outcome::PartlyRestored {
                    from: limit,
                    to,
                    asked: decision.limit_before,
                }
            };
            Ok((
                outcome,
                Some(LineChange {
                    limit: to,
                    status: LineStatus::Active,
                    kind: DecisionKind::Restore,
                }),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{cash_out, decision, overdue};

    #[test]
    fn restoring_all_the_way_approves_and_less_is_partial() {
        let d = decision(DecisionKind::Reduce, 8000, 2000, overdue());
        let (full, change) = resolve(
            &d,
            Money::yuan(2000),
            LineStatus::Active,
            Verdict::Restore {
                to: Money::yuan(8000),
            },
        )
        .unwrap();
        assert_eq!(full.action(), AppealAction::Approve);
        assert_eq!(change.unwrap().limit, Money::yuan(8000));
        assert_eq!(
            full.customer_text(Lang::En),
            "Appeal approved: your limit is back to ¥8,000.00 and you can use it now."
        );
        let (partial, _) = resolve(
            &d,
            Money::yuan(2000),
            LineStatus::Active,
            Verdict::Restore {
                to: Money::yuan(5000),
            },
        )
        .unwrap();
        assert_eq!(partial.action(), AppealAction::PartiallyApprove);
        assert!(partial.customer_text(Lang::Zh).contains("¥5,000.00"));
    }

    #[test]
    fn a_limit_is_never_restored_twice_nor_above_the_limit_before() {
        let d = decision(DecisionKind::Reduce, 8000, 2000, overdue());
        let again = resolve(
            &d,
            Money::yuan(8000),
            LineStatus::Active,
            Verdict::Restore {
                to: Money::yuan(8000),
            },
        );
        assert!(matches!(again, Err(RestorationError::NotARaise { .. })));
        let above = resolve(
            &d,
            Money::yuan(2000),
            LineStatus::Active,
            Verdict::Restore {
                to: Money::yuan(9000),
            },
        );
        assert!(matches!(
            above,
            Err(RestorationError::AboveLimitBefore { .. })
        ));
    }

    #[test]
    fn only_a_frozen_line_is_unfrozen_and_only_once() {
        let d = decision(DecisionKind::Freeze, 6000, 6000, cash_out());
        let (outcome, change) =
            resolve(&d, Money::yuan(6000), LineStatus::Frozen, Verdict::Unfreeze).unwrap();
        assert_eq!(outcome.action(), AppealAction::Approve);
        assert_eq!(change.unwrap().status, LineStatus::Active);
        assert_eq!(
            resolve(&d, Money::yuan(6000), LineStatus::Active, Verdict::Unfreeze),
            Err(RestorationError::NotFrozen)
        );
        let reduce = decision(DecisionKind::Reduce, 8000, 2000, overdue());
        assert_eq!(
            resolve(
                &reduce,
                Money::yuan(2000),
                LineStatus::Active,
                Verdict::Unfreeze
            ),
            Err(RestorationError::NotFrozen)
        );
    }

    #[test]
    fn lifting_a_cash_out_freeze_needs_a_supervisor_and_a_6000_raise_does_not() {
        let freeze = decision(DecisionKind::Freeze, 6000, 6000, cash_out());
        assert!(Verdict::Unfreeze.needs_second_approval(&freeze, Money::yuan(6000)));
        let reduce = decision(DecisionKind::Reduce, 8000, 2000, overdue());
        let restore = Verdict::Restore {
            to: Money::yuan(8000),
        };
        assert!(!restore.needs_second_approval(&reduce, Money::yuan(2000)));
        let big = decision(DecisionKind::Reduce, 20000, 2000, overdue());
        let restore = Verdict::Restore {
            to: Money::yuan(20000),
        };
        assert!(restore.needs_second_approval(&big, Money::yuan(2000)));
    }

    #[test]
    fn a_rejection_changes_nothing_and_tells_the_customer_why() {
        let d = decision(DecisionKind::Freeze, 6000, 6000, cash_out());
        let (outcome, change) = resolve(
            &d,
            Money::yuan(6000),
            LineStatus::Frozen,
            Verdict::Reject {
                reason: RejectReason::CashOutConfirmed,
            },
        )
        .unwrap();
        assert!(change.is_none());
        assert_eq!(outcome.action(), AppealAction::Reject);
        assert!(outcome.customer_text(Lang::Zh).starts_with("申诉未通过"));
        for r in RejectReason::ALL {
            assert_eq!(RejectReason::parse(r.as_str()), Some(r));
        }
    }
}
