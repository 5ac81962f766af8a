//! What a staff member may do on an appeal, and how their decision takes
//! effect: at once, or as a proposal that a second supervisor approves
//! (four-eyes). These rules live here only: the form handlers refuse what
//! [`check`] refuses, and the store's decision transaction calls
//! [`plan_decision`] and [`check_approval`] again on the rows it has locked,
//! so no caller (page, API, command line) can skip a second approval or decide
//! a case it has a stake in.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::appeal::AppealStatus;
use crate::credit_line::LineStatus;
use crate::decision::LimitDecision;
use crate::money::Money;
use crate::resolution::{resolve, Verdict};
use crate::review::{check_no_stake, RestorationError, Stake, StakeError};
use crate::role::Role;

/// Who acts on the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
}

/// What the rules need to know about the case as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub status: AppealStatus,
    pub customer: Uuid,
    /// The staff member holding the appeal.
    pub assigned_to: Option<Uuid>,
    /// Who proposed the decision waiting for approval.
    pub proposer: Option<Uuid>,
    pub is_reappeal: bool,
    /// Who decided the earlier appeal on the same decision (re-appeals only).
    pub first_appeal_decided_by: Option<Uuid>,
}

/// A step a staff member takes on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Take an unassigned appeal.
    Claim,
    /// Give the appeal to a named staff member (supervisors).
    Assign,
    /// Ask the customer for information.
    Ask,
    /// Add an internal note.
    Note,
    /// Decide, or propose a decision for approval.
    Decide,
    /// Approve a proposal (supervisors, not the proposer).
    Approve,
    /// Send a proposal back to review (supervisors).
    SendBack,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Claim,
        Step::Assign,
        Step::Ask,
        Step::Note,
        Step::Decide,
        Step::Approve,
        Step::SendBack,
    ];
}

/// Why a staff member may not take a step, or why their decision cannot stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Refusal {
    #[error("this role may not do that")]
    Forbidden,
    #[error("only the agent holding the appeal, or a supervisor, may do that")]
    NotAssigned,
    #[error("someone already holds this appeal")]
    AlreadyAssigned,
    #[error("the appeal's status does not allow that")]
    WrongState,
    #[error(transparent)]
    Stake(#[from] StakeError),
    #[error(transparent)]
    Restoration(#[from] RestorationError),
    /// Four-eyes: this decision can only be proposed, and a supervisor other
    /// than the proposer approves it.
    #[error("this decision needs a second approval by a supervisor")]
    NeedsApproval,
}

/// How a decision takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Plan {
    DecideNow,
    /// Four-eyes (a raise above ¥10,000, lifting a cash-out or account-security
    /// freeze) or a re-appeal: it waits for a supervisor other than the proposer.
    ProposeForApproval,
}

/// How long a second factor counts for a four-eyes approval: after that the
/// approver enters a fresh code, so a session left open cannot approve alone.
pub const STEP_UP_MINUTES: i64 = 15;

/// Whether a second factor given at `factor_at` still counts at `now`.
pub fn factor_is_fresh(
    factor_at: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    factor_at.is_some_and(|at| now - at <= chrono::Duration::minutes(STEP_UP_MINUTES))
}

/// Agents and supervisors work cases; admins manage staff accounts, and
/// customers have their own pages.
pub fn works_cases(role: Role) -> bool {
    matches!(role, Role::Agent | Role::Supervisor)
}

/// Whether `actor` may open the case (its page, its evidence): supervisors
/// any; agents the ones they hold or proposed a decision on, and an open one
/// nobody holds, to claim it; admins none.
pub fn may_open(actor: Actor, case: &CaseState) -> bool {
    works_cases(actor.role)
        && (actor.role == Role::Supervisor
            || case.assigned_to == Some(actor.id)
            || case.proposer == Some(actor.id)
            || (case.assigned_to.is_none() && case.status.is_open()))
}

/// Agents work the appeals they hold; supervisors may act on any.
fn may_work(actor: Actor, case: &CaseState) -> bool {
    actor.role == Role::Supervisor || case.assigned_to == Some(actor.id)
}

fn no_stake(actor: Actor, case: &CaseState, proposer: Option<Uuid>) -> Result<(), Refusal> {
    check_no_stake(Stake {
        staff: actor.id,
        customer: case.customer,
        proposer,
        first_appeal_decided_by: case.first_appeal_decided_by,
    })
    .map_err(Refusal::Stake)
}

fn require(ok: bool, refusal: Refusal) -> Result<(), Refusal> {
    if ok {
        Ok(())
    } else {
        Err(refusal)
    }
}

/// Whether `actor` may take `step` on the case as it is now.
pub fn check(actor: Actor, case: &CaseState, step: Step) -> Result<(), Refusal> {
    require(works_cases(actor.role), Refusal::Forbidden)?;
    let supervisor = actor.role == Role::Supervisor;
    match step {
        Step::Claim => {
            require(case.status.is_open(), Refusal::WrongState)?;
            require(case.assigned_to.is_none(), Refusal::AlreadyAssigned)?;
            no_stake(actor, case, None)
        }
        Step::Assign => {
            require(supervisor, Refusal::Forbidden)?;
            require(case.status.is_open(), Refusal::WrongState)
        }
        Step::Ask => {
            require(case.status == AppealStatus::InReview, Refusal::WrongState)?;
            require(may_work(actor, case), Refusal::NotAssigned)?;
            no_stake(actor, case, None)
        }
        Step::Note => {
            require(may_work(actor, case), Refusal::NotAssigned)?;
            no_stake(actor, case, None)
        }
        Step::Decide => {
            require(case.status == AppealStatus::InReview, Refusal::WrongState)?;
            require(may_work(actor, case), Refusal::NotAssigned)?;
            no_stake(actor, case, None)
        }
        Step::Approve => {
            require(supervisor, Refusal::Forbidden)?;
            require(
                case.status == AppealStatus::PendingApproval,
                Refusal::WrongState,
            )?;
            no_stake(actor, case, case.proposer)
        }
        Step::SendBack => {
            require(supervisor, Refusal::Forbidden)?;
            require(
                case.status == AppealStatus::PendingApproval,
                Refusal::WrongState,
            )
        }
    }
}

/// The steps `actor` may take on the case now, for the page to offer.
pub fn allowed_steps(actor: Actor, case: &CaseState) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| check(actor, case, *s).is_ok())
        .collect()
}

/// How `actor`'s verdict on an appeal in review takes effect, checked against
/// the credit line as it is now (`limit`, `line`).
pub fn plan_decision(
    actor: Actor,
    case: &CaseState,
    decision: &LimitDecision,
    limit: Money,
    line: LineStatus,
    verdict: Verdict,
) -> Result<Plan, Refusal> {
    check(actor, case, Step::Decide)?;
    resolve(decision, limit, line, verdict)?;
    if case.is_reappeal || verdict.needs_second_approval(decision, limit) {
        Ok(Plan::ProposeForApproval)
    } else {
        Ok(Plan::DecideNow)
    }
}

/// Whether `actor` may approve the proposal waiting on the case, and whether it
/// still stands against the credit line as it is now.
pub fn check_approval(
    actor: Actor,
    case: &CaseState,
    decision: &LimitDecision,
    limit: Money,
    line: LineStatus,
    proposal: Verdict,
) -> Result<(), Refusal> {
    check(actor, case, Step::Approve)?;
    resolve(decision, limit, line, proposal)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::DecisionKind;
    use crate::fixtures::{cash_out, decision, overdue};
    use crate::resolution::RejectReason;

    /// 小张's decision: ¥8,000 → ¥2,000 for a ¥600 overdue.
    fn xiaozhang() -> LimitDecision {
        decision(DecisionKind::Reduce, 8000, 2000, overdue())
    }

    /// 张三's freeze for suspected cash-out.
    fn zhangsan() -> LimitDecision {
        decision(DecisionKind::Freeze, 3000, 3000, cash_out())
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    const CUSTOMER: u128 = 1;
    const AGENT: u128 = 2;
    const OTHER_AGENT: u128 = 3;
    const SUPERVISOR: u128 = 4;
    const OTHER_SUPERVISOR: u128 = 5;

    fn staff(n: u128, role: Role) -> Actor {
        Actor { id: id(n), role }
    }

    fn agent() -> Actor {
        staff(AGENT, Role::Agent)
    }

    fn supervisor() -> Actor {
        staff(SUPERVISOR, Role::Supervisor)
    }

    /// An appeal in review, held by the agent.
    fn in_review() -> CaseState {
        CaseState {
            status: AppealStatus::InReview,
            customer: id(CUSTOMER),
            assigned_to: Some(id(AGENT)),
            proposer: None,
            is_reappeal: false,
            first_appeal_decided_by: None,
        }
    }

    /// A proposal by the agent waiting for a supervisor.
    fn pending() -> CaseState {
        CaseState {
            status: AppealStatus::PendingApproval,
            proposer: Some(id(AGENT)),
            ..in_review()
        }
    }

    #[test]
    fn who_may_open_a_case() {
        let case = in_review();
        assert!(may_open(agent(), &case), "the agent holding it");
        assert!(
            !may_open(staff(OTHER_AGENT, Role::Agent), &case),
            "another agent's case"
        );
        assert!(may_open(supervisor(), &case));
        assert!(
            !may_open(staff(9, Role::Admin), &case),
            "admins work no cases"
        );
        let unclaimed = CaseState {
            status: AppealStatus::Submitted,
            assigned_to: None,
            ..case
        };
        assert!(
            may_open(staff(OTHER_AGENT, Role::Agent), &unclaimed),
            "to claim it"
        );
        let closed = CaseState {
            status: AppealStatus::Approved,
            assigned_to: None,
            ..case
        };
        assert!(!may_open(staff(OTHER_AGENT, Role::Agent), &closed));
        let proposed = CaseState {
            assigned_to: Some(id(OTHER_AGENT)),
            ..pending()
        };
        assert!(may_open(agent(), &proposed), "the proposer follows it");
    }

    fn restore_8000() -> Verdict {
        Verdict::Restore {
            to: Money::yuan(8000),
        }
    }

    fn plan(
        actor: Actor,
        case: &CaseState,
        d: &LimitDecision,
        v: Verdict,
    ) -> Result<Plan, Refusal> {
        let (limit, line) = match d.kind {
            DecisionKind::Freeze => (d.limit_after, LineStatus::Frozen),
            _ => (d.limit_after, LineStatus::Active),
        };
        plan_decision(actor, case, d, limit, line, v)
    }

    #[test]
    fn the_agent_holding_xiaozhangs_appeal_restores_it_at_once() {
        assert_eq!(
            plan(agent(), &in_review(), &xiaozhang(), restore_8000()),
            Ok(Plan::DecideNow)
        );
    }

    #[test]
    fn lifting_a_cash_out_freeze_or_a_re_appeal_waits_for_a_supervisor() {
        assert_eq!(
            plan(agent(), &in_review(), &zhangsan(), Verdict::Unfreeze),
            Ok(Plan::ProposeForApproval)
        );
        let reappeal = CaseState {
            is_reappeal: true,
            ..in_review()
        };
        assert_eq!(
            plan(agent(), &reappeal, &xiaozhang(), restore_8000()),
            Ok(Plan::ProposeForApproval)
        );
        // Even a supervisor's own decision on a four-eyes case is only a proposal.
        assert_eq!(
            plan(supervisor(), &in_review(), &zhangsan(), Verdict::Unfreeze),
            Ok(Plan::ProposeForApproval)
        );
    }

    #[test]
    fn a_raise_above_ten_thousand_waits_for_a_supervisor() {
        let big = decision(DecisionKind::Reduce, 20_000, 5_000, overdue());
        let exactly = Verdict::Restore {
            to: Money::yuan(15_000),
        };
        let above = Verdict::Restore {
            to: Money::yuan(15_001),
        };
        assert_eq!(
            plan(agent(), &in_review(), &big, exactly),
            Ok(Plan::DecideNow)
        );
        assert_eq!(
            plan(agent(), &in_review(), &big, above),
            Ok(Plan::ProposeForApproval)
        );
    }

    #[test]
    fn only_the_holder_or_a_supervisor_decides_and_admins_and_customers_never() {
        let other = staff(OTHER_AGENT, Role::Agent);
        assert_eq!(
            plan(other, &in_review(), &xiaozhang(), restore_8000()),
            Err(Refusal::NotAssigned)
        );
        assert_eq!(
            plan(supervisor(), &in_review(), &xiaozhang(), restore_8000()),
            Ok(Plan::DecideNow)
        );
        for role in [Role::Admin, Role::Customer] {
            assert_eq!(
                plan(
                    staff(AGENT, role),
                    &in_review(),
                    &xiaozhang(),
                    restore_8000()
                ),
                Err(Refusal::Forbidden)
            );
        }
    }

    #[test]
    fn nobody_decides_with_a_stake_in_the_case() {
        let own = CaseState {
            customer: id(AGENT),
            ..in_review()
        };
        assert_eq!(
            plan(agent(), &own, &xiaozhang(), restore_8000()),
            Err(Refusal::Stake(StakeError::OwnAccount))
        );
        let reappeal = CaseState {
            is_reappeal: true,
            first_appeal_decided_by: Some(id(AGENT)),
            ..in_review()
        };
        assert_eq!(
            plan(agent(), &reappeal, &xiaozhang(), restore_8000()),
            Err(Refusal::Stake(StakeError::DecidedTheFirstAppeal))
        );
        assert_eq!(
            check(agent(), &own, Step::Ask),
            Err(Refusal::Stake(StakeError::OwnAccount))
        );
    }

    #[test]
    fn a_decision_needs_an_appeal_in_review_and_a_verdict_the_line_allows() {
        assert_eq!(
            plan(agent(), &pending(), &xiaozhang(), restore_8000()),
            Err(Refusal::WrongState)
        );
        let above = Verdict::Restore {
            to: Money::yuan(9000),
        };
        assert_eq!(
            plan(agent(), &in_review(), &xiaozhang(), above),
            Err(Refusal::Restoration(RestorationError::AboveLimitBefore {
                before: Money::yuan(8000)
            }))
        );
        let reject = Verdict::Reject {
            reason: RejectReason::ALL[0],
        };
        assert_eq!(
            plan(agent(), &in_review(), &zhangsan(), reject),
            Ok(Plan::DecideNow)
        );
    }

    #[test]
    fn a_proposal_is_approved_by_a_supervisor_other_than_the_proposer() {
        let d = zhangsan();
        let approve = |actor, case: &CaseState| {
            check_approval(
                actor,
                case,
                &d,
                d.limit_after,
                LineStatus::Frozen,
                Verdict::Unfreeze,
            )
        };
        assert_eq!(approve(agent(), &pending()), Err(Refusal::Forbidden));
        assert_eq!(approve(supervisor(), &pending()), Ok(()));
        let own = CaseState {
            proposer: Some(id(SUPERVISOR)),
            ..pending()
        };
        assert_eq!(
            approve(supervisor(), &own),
            Err(Refusal::Stake(StakeError::OwnProposal))
        );
        assert_eq!(
            approve(staff(OTHER_SUPERVISOR, Role::Supervisor), &own),
            Ok(())
        );
        assert_eq!(
            approve(supervisor(), &in_review()),
            Err(Refusal::WrongState)
        );
        // Lifted meanwhile (a newer state of the line): nothing left to approve.
        assert_eq!(
            check_approval(
                supervisor(),
                &pending(),
                &d,
                d.limit_after,
                LineStatus::Active,
                Verdict::Unfreeze
            ),
            Err(Refusal::Restoration(RestorationError::NotFrozen))
        );
    }

    #[test]
    fn claiming_notes_and_questions_follow_who_holds_the_case() {
        let submitted = CaseState {
            status: AppealStatus::Submitted,
            assigned_to: None,
            ..in_review()
        };
        let other = staff(OTHER_AGENT, Role::Agent);
        assert_eq!(check(other, &submitted, Step::Claim), Ok(()));
        assert_eq!(
            check(other, &in_review(), Step::Claim),
            Err(Refusal::AlreadyAssigned)
        );
        assert_eq!(
            check(other, &in_review(), Step::Note),
            Err(Refusal::NotAssigned)
        );
        assert_eq!(
            check(other, &in_review(), Step::Ask),
            Err(Refusal::NotAssigned)
        );
        assert_eq!(check(agent(), &in_review(), Step::Ask), Ok(()));
        assert_eq!(
            check(agent(), &pending(), Step::Ask),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            check(agent(), &in_review(), Step::Assign),
            Err(Refusal::Forbidden)
        );
        assert_eq!(check(supervisor(), &in_review(), Step::Assign), Ok(()));
        let closed = CaseState {
            status: AppealStatus::Approved,
            ..in_review()
        };
        assert_eq!(
            check(supervisor(), &closed, Step::Claim),
            Err(Refusal::WrongState)
        );
    }

    #[test]
    fn the_page_offers_exactly_the_steps_the_rules_allow() {
        assert_eq!(
            allowed_steps(agent(), &in_review()),
            vec![Step::Ask, Step::Note, Step::Decide]
        );
        assert_eq!(
            allowed_steps(supervisor(), &pending()),
            vec![Step::Assign, Step::Note, Step::Approve, Step::SendBack]
        );
        assert!(allowed_steps(staff(AGENT, Role::Admin), &in_review()).is_empty());
    }
}
