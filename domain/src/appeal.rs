//! Appeals (申诉): who may appeal what, the lifecycle, and the clocks.
//!
//! Policies are the product's defaults: a 90-day window, one open appeal per
//! decision, one re-appeal after a rejection and only with new evidence; a
//! decision within 15 calendar days, the clock paused while support waits for
//! the customer.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::decision::LimitDecision;
use crate::lang::Lang;
use crate::reason::ReasonCode;

pub const APPEAL_WINDOW_DAYS: i64 = 90;
pub const FIRST_RESPONSE_HOURS: i64 = 24;
pub const DECISION_DAYS: i64 = 15;
pub const TARGET_DAYS: i64 = 5;
pub const NO_REPLY_CLOSE_DAYS: i64 = 30;
pub const STATEMENT_MIN_CHARS: usize = 10;
pub const STATEMENT_MAX_CHARS: usize = 2000;
pub const MAX_FILES_PER_MESSAGE: usize = 5;
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// Largest photo, in pixels: 50 megapixels holds every phone camera's
/// full-size photo, and bounds what one upload may decode into (three bytes a
/// pixel, 150 MB).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    Submitted,
    InReview,
    AwaitingCustomer,
    PendingApproval,
    Approved,
    PartiallyApproved,
    Rejected,
    Withdrawn,
    ClosedNoReply,
    /// The risk engine restored the limit while the appeal was open: nothing is
    /// left to decide, and it is not an overturn by support.
    ResolvedByReassessment,
}

impl AppealStatus {
    pub const ALL: [AppealStatus; 10] = [
        AppealStatus::Submitted,
        AppealStatus::InReview,
        AppealStatus::AwaitingCustomer,
        AppealStatus::PendingApproval,
        AppealStatus::Approved,
        AppealStatus::PartiallyApproved,
        AppealStatus::Rejected,
        AppealStatus::Withdrawn,
        AppealStatus::ClosedNoReply,
        AppealStatus::ResolvedByReassessment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppealStatus::Submitted => "submitted",
            AppealStatus::InReview => "in_review",
            AppealStatus::AwaitingCustomer => "awaiting_customer",
            AppealStatus::PendingApproval => "pending_approval",
            AppealStatus::Approved => "approved",
            AppealStatus::PartiallyApproved => "partially_approved",
            AppealStatus::Rejected => "rejected",
            AppealStatus::Withdrawn => "withdrawn",
            AppealStatus::ClosedNoReply => "closed_no_reply",
            AppealStatus::ResolvedByReassessment => "resolved_by_reassessment",
        }
    }

    pub fn parse(s: &str) -> Option<AppealStatus> {
        AppealStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Still being worked on: counts as "the open appeal" of its decision.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            AppealStatus::Submitted
                | AppealStatus::InReview
                | AppealStatus::AwaitingCustomer
                | AppealStatus::PendingApproval
        )
    }
}

/// What a step of the lifecycle does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealAction {
    /// An agent takes the appeal.
    Claim,
    /// Support asks the customer for information; the clock pauses.
    AskForInformation,
    /// The customer answers; the clock resumes.
    CustomerReply,
    /// A decision that needs four-eyes waits for a supervisor.
    ProposeForApproval,
    /// A supervisor sends a proposal back to review.
    SendBack,
    Approve,
    PartiallyApprove,
    Reject,
    Withdraw,
    /// Waiting on the customer for longer than the limit.
    CloseForNoReply,
    /// A newer decision of the risk engine gave back what the appealed one took.
    Reassess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("an appeal that is {from:?} cannot {action:?}")]
pub struct TransitionError {
    pub from: AppealStatus,
    pub action: AppealAction,
}

/// The lifecycle as one function: the status after `action`, or why not.
pub fn transition(
    from: AppealStatus,
    action: AppealAction,
) -> Result<AppealStatus, TransitionError> {
    use AppealAction as A;
    use AppealStatus as S;
    let to = match (from, action) {
        (S::Submitted, A::Claim) => S::InReview,
        (S::InReview, A::AskForInformation) => S::AwaitingCustomer,
        (S::AwaitingCustomer, A::CustomerReply) => S::InReview,
        (S::InReview, A::ProposeForApproval) => S::PendingApproval,
        (S::PendingApproval, A::SendBack) => S::InReview,
        (S::InReview | S::PendingApproval, A::Approve) => S::Approved,
        (S::InReview | S::PendingApproval, A::PartiallyApprove) => S::PartiallyApproved,
        (S::InReview | S::PendingApproval, A::Reject) => S::Rejected,
        (s, A::Withdraw) if s.is_open() => S::Withdrawn,
        (S::AwaitingCustomer, A::CloseForNoReply) => S::ClosedNoReply,
        (s, A::Reassess) if s.is_open() => S::ResolvedByReassessment,
        _ => return Err(TransitionError { from, action }),
    };
    Ok(to)
}

/// What the customer says happened, chosen on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    PaidNotRecorded,
    BankDelay,
    ActivityWasMe,
    InformationNowComplete,
    Other,
}

impl Ground {
    pub const ALL: [Ground; 5] = [
        Ground::PaidNotRecorded,
        Ground::BankDelay,
        Ground::ActivityWasMe,
        Ground::InformationNowComplete,
        Ground::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ground::PaidNotRecorded => "paid_not_recorded",
            Ground::BankDelay => "bank_delay",
            Ground::ActivityWasMe => "activity_was_me",
            Ground::InformationNowComplete => "information_now_complete",
            Ground::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// What evidence helps for a reason, shown on the appeal form.
pub fn evidence_hint(code: ReasonCode, lang: Lang) -> &'static str {
    use ReasonCode::*;
    match code {
        OverdueUnpaid => lang.pick(
            "还款凭证或银行流水，显示还款日期和金额。",
            "A payment receipt or bank statement showing the date and amount you paid.",
        ),
        OverdueHistory => lang.pick(
            "银行出具的扣款延迟说明，或显示按时付款的流水。",
            "A note from your bank about the delayed debit, or a statement showing you paid on time.",
        ),
        IdentityUnverified => lang.pick(
            "完成实名认证后的截图；证件号码请遮挡中间部分。",
            "A screenshot of the completed verification; cover the middle digits of your ID number.",
        ),
        AccountSecurity => lang.pick(
            "说明当时的设备或地点（例如出差的行程单）。",
            "Anything showing the device or place was yours (for example a travel itinerary).",
        ),
        FrequentBindingChanges => lang.pick(
            "换卡或换号的原因证明，例如银行的换卡通知。",
            "Proof of why the card or number changed, such as the bank's card-replacement notice.",
        ),
        CreditReassessment => lang.pick(
            "收入证明、工资流水或在职证明。",
            "Proof of income, payslips or a letter from your employer.",
        ),
        RuleViolation => lang.pick(
            "真实交易的订单、聊天或物流记录。",
            "Orders, chats or delivery records showing the transactions were genuine.",
        ),
        SuspectedCashOut => lang.pick(
            "真实购物的证明：订单详情、收货记录、礼品卡的使用记录。",
            "Proof the purchases were genuine: order details, delivery records, how the gift cards were used.",
        ),
    }
}

/// A previous appeal on the same decision, as far as eligibility cares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorAppeal {
    pub status: AppealStatus,
    pub is_reappeal: bool,
    /// SHA-256 of every file attached to it, hex.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealKind {
    First,
    /// After a rejection: needs new evidence and goes to a supervisor.
    Reappeal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppealRefusal {
    #[error("the decision did not lower or freeze the limit")]
    NotAdverse,
    #[error("a newer decision has replaced this one")]
    Replaced,
    #[error("the appeal window closed on {closed_on}")]
    WindowClosed { closed_on: NaiveDate },
    #[error("an appeal on this decision is already open")]
    AlreadyOpen,
    #[error("the one re-appeal after a rejection has been used")]
    ReappealUsed,
    #[error("a re-appeal needs at least one file not attached before")]
    NeedsNewEvidence,
}

/// The last day a decision can be appealed.
pub fn window_closes_on(decision: &LimitDecision) -> NaiveDate {
    decision.decided_on + Duration::days(APPEAL_WINDOW_DAYS)
}

/// Whether `newer`, a later decision of the risk engine, settles an open appeal
/// on `appealed`: it lifts the freeze or gives back at least the limit the
/// appealed decision took. A partial restoration leaves the appeal open (its
/// decision is then replaced, and support answers what is left).
pub fn reassessment_resolves(appealed: &LimitDecision, newer: &LimitDecision) -> bool {
    newer.decided_at > appealed.decided_at
        && !newer.is_adverse()
        && appealed.is_adverse()
        && newer.limit_after >= appealed.limit_before
}

/// What the credit system tells the customer when their appeal is received.
pub fn opened_notice(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("我们已收到你的申诉，会在 {DECISION_DAYS} 天内给你答复；需要补充材料时会通知你。"),
        _ => format!("We have your appeal and will answer within {DECISION_DAYS} days; if we need anything from you, we will ask."),
    }
}

/// What the credit system tells the customer when their appeal closes unanswered.
pub fn closed_no_reply_notice(lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("你的申诉等待补充材料已超过 {NO_REPLY_CLOSE_DAYS} 天，已关闭。如仍有异议，可在申诉期内重新提交。"),
        _ => format!("Your appeal waited more than {NO_REPLY_CLOSE_DAYS} days for your reply and has closed. You can appeal again while the appeal window is open."),
    }
}

/// What the customer is told when the engine's re-assessment closes their appeal.
pub fn reassessment_notice(lang: Lang) -> &'static str {
    lang.pick(
        "系统重新评估后已恢复你的额度，这次申诉没有需要再处理的内容，已自动结束。你的额度和可用金额以首页显示为准。",
        "A re-assessment restored your limit, so this appeal has nothing left to decide and has closed. Your overview shows your limit now.",
    )
}

/// Whether the customer may appeal `decision` today, and as what.
pub fn eligibility(
    decision: &LimitDecision,
    in_force: bool,
    prior: &[PriorAppeal],
    today: NaiveDate,
) -> Result<AppealKind, AppealRefusal> {
    if !decision.is_adverse() {
        return Err(AppealRefusal::NotAdverse);
    }
    if !in_force {
        return Err(AppealRefusal::Replaced);
    }
    let closes = window_closes_on(decision);
    if today > closes {
        return Err(AppealRefusal::WindowClosed { closed_on: closes });
    }
    if prior.iter().any(|p| p.status.is_open()) {
        return Err(AppealRefusal::AlreadyOpen);
    }
    if prior
        .iter()
        .any(|p| p.is_reappeal && p.status == AppealStatus::Rejected)
    {
        return Err(AppealRefusal::ReappealUsed);
    }
    if prior.iter().any(|p| p.status == AppealStatus::Rejected) {
        Ok(AppealKind::Reappeal)
    } else {
        Ok(AppealKind::First)
    }
}

/// A re-appeal must bring at least one file (by content) not attached before.
pub fn check_new_evidence(
    kind: AppealKind,
    prior: &[PriorAppeal],
    files: &[String],
) -> Result<(), AppealRefusal> {
    if kind == AppealKind::First {
        return Ok(());
    }
    let seen = |h: &String| prior.iter().any(|p| p.evidence.contains(h));
    if files.iter().any(|h| !seen(h)) {
        Ok(())
    } else {
        Err(AppealRefusal::NeedsNewEvidence)
    }
}

/// A stretch of time the clock stood still (support waiting for the customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    /// `None` while still waiting.
    pub until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub first_response_due: DateTime<Utc>,
    /// The date by which support will decide, paused time added.
    pub decision_due: DateTime<Utc>,
    pub target_due: DateTime<Utc>,
    pub paused: bool,
}

/// The appeal's deadlines as of `now`: 1 day to a first response, 15 calendar
/// days to a decision (target 5), every pause pushing the decision dates out.
pub fn deadlines(submitted_at: DateTime<Utc>, pauses: &[Pause], now: DateTime<Utc>) -> Deadlines {
    let paused_for = pauses
        .iter()
        .map(|p| (p.until.unwrap_or(now) - p.from).max(Duration::zero()))
        .fold(Duration::zero(), |a, b| a + b);
    Deadlines {
        first_response_due: submitted_at + Duration::hours(FIRST_RESPONSE_HOURS),
        decision_due: submitted_at + Duration::days(DECISION_DAYS) + paused_for,
        target_due: submitted_at + Duration::days(TARGET_DAYS) + paused_for,
        paused: pauses.iter().any(|p| p.until.is_none()),
    }
}

/// Waiting on the customer this long closes the appeal as "no reply".
pub fn closes_for_no_reply(waiting_since: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - waiting_since >= Duration::days(NO_REPLY_CLOSE_DAYS)
}

/// A customer's statement: trimmed, 10 to 2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum StatementError {
    #[error("the statement is empty")]
    Empty,
    #[error("the statement is too short")]
    TooShort,
    #[error("the statement is too long")]
    TooLong,
}

impl Statement {
    pub fn parse(text: &str) -> Result<Statement, StatementError> {
        let trimmed = text.trim();
        let chars = trimmed.chars().count();
        match chars {
            0 => Err(StatementError::Empty),
            n if n < STATEMENT_MIN_CHARS => Err(StatementError::TooShort),
            n if n > STATEMENT_MAX_CHARS => Err(StatementError::TooLong),
            _ => Ok(Statement(trimmed.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// File types accepted as evidence, decided from the content, never the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceType {
    Png,
    Jpeg,
    Pdf,
}

impl EvidenceType {
    pub fn from_mime(mime: &str) -> Option<EvidenceType> {
        match mime {
            "image/png" => Some(EvidenceType::Png),
            "image/jpeg" => Some(EvidenceType::Jpeg),
            "application/pdf" => Some(EvidenceType::Pdf),
            _ => None,
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            EvidenceType::Png => "image/png",
            EvidenceType::Jpeg => "image/jpeg",
            EvidenceType::Pdf => "application/pdf",
        }
    }

    pub fn is_image(self) -> bool {
        self != EvidenceType::Pdf
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EvidenceError {
    #[error("too many files")]
    TooMany,
    #[error("{name} is larger than 5 MB")]
    TooLarge { name: String },
    #[error("{name} is not a PNG, JPEG or PDF file")]
    WrongType { name: String },
    #[error("{name} is empty")]
    Empty { name: String },
    #[error("{name} has more than 50 megapixels")]
    TooManyPixels { name: String },
}

/// One uploaded file as the edge saw it: its name, size and sniffed type.
#[derive(Debug, Clone)]
pub struct UploadedFile<'a> {
    pub name: &'a str,
    pub size: u64,
    pub sniffed: Option<EvidenceType>,
}

/// The evidence rules for one message: count, size and type of every file.
pub fn check_files(files: &[UploadedFile<'_>]) -> Result<(), EvidenceError> {
    if files.len() > MAX_FILES_PER_MESSAGE {
        return Err(EvidenceError::TooMany);
    }
    for f in files {
        let name = f.name.to_owned();
        if f.size == 0 {
            return Err(EvidenceError::Empty { name });
        }
        if f.size > MAX_FILE_BYTES {
            return Err(EvidenceError::TooLarge { name });
        }
        if f.sniffed.is_none() {
            return Err(EvidenceError::WrongType { name });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::{DecisionKind, NewDecision};
    use crate::money::Money;
    use crate::reason::{IdentityProblem, Reason};
    use chrono::TimeZone;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn decision(kind: DecisionKind) -> LimitDecision {
        let adverse = kind.is_adverse();
        NewDecision {
            id: Uuid::nil(),
            external_id: "CS-1".into(),
            model_version: "m".into(),
            kind,
            limit_before: Money::yuan(8000),
            limit_after: if kind == DecisionKind::Reduce {
                Money::yuan(2000)
            } else {
                Money::yuan(8000)
            },
            reasons: if adverse {
                vec![Reason::IdentityUnverified {
                    problem: IdentityProblem::Missing,
                }]
            } else {
                vec![]
            },
            notice: "n".into(),
            decided_at: Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
            decided_on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        }
        .validate()
        .unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn prior(status: AppealStatus, is_reappeal: bool, evidence: &[&str]) -> PriorAppeal {
        PriorAppeal {
            status,
            is_reappeal,
            evidence: evidence.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_happy_path_and_the_information_loop() {
        let mut s = AppealStatus::Submitted;
        for action in [
            AppealAction::Claim,
            AppealAction::AskForInformation,
            AppealAction::CustomerReply,
            AppealAction::Approve,
        ] {
            s = transition(s, action).unwrap();
        }
        assert_eq!(s, AppealStatus::Approved);
    }

    #[test]
    fn four_eyes_goes_through_pending_approval_and_can_be_sent_back() {
        let s = transition(AppealStatus::InReview, AppealAction::ProposeForApproval).unwrap();
        assert_eq!(s, AppealStatus::PendingApproval);
        assert_eq!(
            transition(s, AppealAction::SendBack).unwrap(),
            AppealStatus::InReview
        );
        assert_eq!(
            transition(s, AppealAction::Approve).unwrap(),
            AppealStatus::Approved
        );
    }

    #[test]
    fn closed_appeals_stay_closed() {
        for closed in AppealStatus::ALL.into_iter().filter(|s| !s.is_open()) {
            for action in [
                AppealAction::Claim,
                AppealAction::Withdraw,
                AppealAction::Approve,
                AppealAction::CustomerReply,
            ] {
                assert_eq!(
                    transition(closed, action),
                    Err(TransitionError {
                        from: closed,
                        action
                    })
                );
            }
        }
        assert!(
            transition(AppealStatus::Submitted, AppealAction::Approve).is_err(),
            "claimed before decided"
        );
        assert!(transition(AppealStatus::InReview, AppealAction::CloseForNoReply).is_err());
        assert_eq!(
            transition(
                AppealStatus::AwaitingCustomer,
                AppealAction::CloseForNoReply
            )
            .unwrap(),
            AppealStatus::ClosedNoReply
        );
    }

    #[test]
    fn an_engine_restoration_resolves_open_appeals_only() {
        for open in AppealStatus::ALL.into_iter().filter(|s| s.is_open()) {
            assert_eq!(
                transition(open, AppealAction::Reassess).unwrap(),
                AppealStatus::ResolvedByReassessment
            );
        }
        for closed in AppealStatus::ALL.into_iter().filter(|s| !s.is_open()) {
            assert!(transition(closed, AppealAction::Reassess).is_err());
        }
    }

    #[test]
    fn only_a_later_full_restoration_settles_the_appeal() {
        let reduced =
            crate::fixtures::decision(DecisionKind::Reduce, 8000, 2000, crate::fixtures::overdue());
        let later = |kind, before, after| {
            NewDecision {
                id: Uuid::nil(),
                external_id: "CS-2".into(),
                model_version: "m".into(),
                kind,
                limit_before: Money::yuan(before),
                limit_after: Money::yuan(after),
                reasons: if kind == DecisionKind::Reduce {
                    vec![crate::fixtures::overdue()]
                } else {
                    vec![]
                },
                notice: "n".into(),
                decided_at: reduced.decided_at + Duration::days(3),
                decided_on: reduced.decided_on + Duration::days(3),
            }
            .validate()
            .unwrap()
        };
        assert!(reassessment_resolves(
            &reduced,
            &later(DecisionKind::Restore, 2000, 8000)
        ));
        assert!(reassessment_resolves(
            &reduced,
            &later(DecisionKind::Restore, 2000, 9000)
        ));
        assert!(
            !reassessment_resolves(&reduced, &later(DecisionKind::Restore, 2000, 5000)),
            "a partial restoration leaves the rest to support"
        );
        assert!(!reassessment_resolves(
            &reduced,
            &later(DecisionKind::Reduce, 2000, 1000)
        ));
        let mut earlier = later(DecisionKind::Restore, 2000, 8000);
        earlier.decided_at = reduced.decided_at - Duration::days(1);
        assert!(
            !reassessment_resolves(&reduced, &earlier),
            "older news settles nothing"
        );
        let frozen = decision(DecisionKind::Freeze);
        let mut lifted = decision(DecisionKind::Unfreeze);
        lifted.decided_at = frozen.decided_at + Duration::hours(1);
        assert!(reassessment_resolves(&frozen, &lifted));
        assert_ne!(reassessment_notice(Lang::Zh), reassessment_notice(Lang::En));
    }

    #[test]
    fn any_open_appeal_can_be_withdrawn() {
        for open in AppealStatus::ALL.into_iter().filter(|s| s.is_open()) {
            assert_eq!(
                transition(open, AppealAction::Withdraw).unwrap(),
                AppealStatus::Withdrawn
            );
        }
    }

    #[test]
    fn statuses_and_grounds_round_trip_and_speak_both_languages() {
        for s in AppealStatus::ALL {
            assert_eq!(AppealStatus::parse(s.as_str()), Some(s));
        }
        for g in Ground::ALL {
            assert_eq!(Ground::parse(g.as_str()), Some(g));
        }
        for c in ReasonCode::ALL {
            assert!(
                !evidence_hint(c, Lang::Zh).is_empty() && !evidence_hint(c, Lang::En).is_empty()
            );
        }
    }

    #[test]
    fn only_adverse_decisions_in_force_within_90_days_can_be_appealed() {
        let reduce = decision(DecisionKind::Reduce);
        assert_eq!(
            eligibility(&reduce, true, &[], day(11, 27)),
            Ok(AppealKind::First)
        );
        assert_eq!(
            eligibility(&decision(DecisionKind::Unfreeze), true, &[], day(11, 27)),
            Err(AppealRefusal::NotAdverse)
        );
        assert_eq!(
            eligibility(&reduce, false, &[], day(11, 27)),
            Err(AppealRefusal::Replaced)
        );
        assert_eq!(
            window_closes_on(&reduce),
            NaiveDate::from_ymd_opt(2027, 1, 18).unwrap()
        );
        assert_eq!(
            eligibility(
                &reduce,
                true,
                &[],
                NaiveDate::from_ymd_opt(2027, 1, 18).unwrap()
            ),
            Ok(AppealKind::First)
        );
        assert_eq!(
            eligibility(
                &reduce,
                true,
                &[],
                NaiveDate::from_ymd_opt(2027, 1, 19).unwrap()
            ),
            Err(AppealRefusal::WindowClosed {
                closed_on: NaiveDate::from_ymd_opt(2027, 1, 18).unwrap()
            })
        );
    }

    #[test]
    fn one_open_appeal_one_reappeal_and_withdrawal_leaves_the_door_open() {
        let d = decision(DecisionKind::Reduce);
        let today = day(11, 27);
        assert_eq!(
            eligibility(
                &d,
                true,
                &[prior(AppealStatus::InReview, false, &[])],
                today
            ),
            Err(AppealRefusal::AlreadyOpen)
        );
        assert_eq!(
            eligibility(
                &d,
                true,
                &[prior(AppealStatus::Withdrawn, false, &[])],
                today
            ),
            Ok(AppealKind::First)
        );
        assert_eq!(
            eligibility(
                &d,
                true,
                &[prior(AppealStatus::ClosedNoReply, false, &[])],
                today
            ),
            Ok(AppealKind::First)
        );
        let rejected = prior(AppealStatus::Rejected, false, &["a"]);
        assert_eq!(
            eligibility(&d, true, std::slice::from_ref(&rejected), today),
            Ok(AppealKind::Reappeal)
        );
        let reappeal_rejected = prior(AppealStatus::Rejected, true, &["b"]);
        assert_eq!(
            eligibility(&d, true, &[rejected, reappeal_rejected], today),
            Err(AppealRefusal::ReappealUsed)
        );
    }

    #[test]
    fn a_reappeal_needs_a_file_not_sent_before() {
        let history = [prior(AppealStatus::Rejected, false, &["aaa", "bbb"])];
        assert_eq!(
            check_new_evidence(AppealKind::Reappeal, &history, &["aaa".into()]),
            Err(AppealRefusal::NeedsNewEvidence)
        );
        assert_eq!(
            check_new_evidence(AppealKind::Reappeal, &history, &[]),
            Err(AppealRefusal::NeedsNewEvidence)
        );
        assert_eq!(
            check_new_evidence(
                AppealKind::Reappeal,
                &history,
                &["aaa".into(), "ccc".into()]
            ),
            Ok(())
        );
        assert_eq!(check_new_evidence(AppealKind::First, &history, &[]), Ok(()));
    }

    #[test]
    fn the_decision_clock_pauses_while_waiting_for_the_customer() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
        let d = deadlines(t0, &[], t0);
        assert_eq!(d.first_response_due, t0 + Duration::days(1));
        assert_eq!(d.decision_due, t0 + Duration::days(15));
        assert_eq!(d.target_due, t0 + Duration::days(5));
        assert!(!d.paused);

        let pauses = [Pause {
            from: t0 + Duration::days(2),
            until: Some(t0 + Duration::days(5)),
        }];
        assert_eq!(
            deadlines(t0, &pauses, t0 + Duration::days(6)).decision_due,
            t0 + Duration::days(18)
        );

        let open = [Pause {
            from: t0 + Duration::days(2),
            until: None,
        }];
        let d = deadlines(t0, &open, t0 + Duration::days(4));
        assert!(d.paused);
        assert_eq!(
            d.decision_due,
            t0 + Duration::days(17),
            "still moving while paused"
        );
    }

    #[test]
    fn no_reply_closes_after_30_days_of_waiting() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        assert!(!closes_for_no_reply(t0, t0 + Duration::days(29)));
        assert!(closes_for_no_reply(t0, t0 + Duration::days(30)));
    }

    #[test]
    fn statements_are_trimmed_and_bounded() {
        assert_eq!(Statement::parse("   "), Err(StatementError::Empty));
        assert_eq!(Statement::parse("太短了"), Err(StatementError::TooShort));
        assert_eq!(
            Statement::parse(&"长".repeat(2001)),
            Err(StatementError::TooLong)
        );
        assert_eq!(
            Statement::parse("  我已经在10月21日还清了这一期。 ")
                .unwrap()
                .as_str(),
            "我已经在10月21日还清了这一期。"
        );
    }

    #[test]
    fn evidence_is_counted_sized_and_typed() {
        let ok = UploadedFile {
            name: "receipt.png",
            size: 1000,
            sniffed: Some(EvidenceType::Png),
        };
        assert_eq!(check_files(std::slice::from_ref(&ok)), Ok(()));
        assert_eq!(
            check_files(&vec![ok.clone(); 6]),
            Err(EvidenceError::TooMany)
        );
        let disguised = UploadedFile {
            name: "notes.png",
            size: 20,
            sniffed: None,
        };
        assert_eq!(
            check_files(&[ok.clone(), disguised]),
            Err(EvidenceError::WrongType {
                name: "notes.png".into()
            })
        );
        let big = UploadedFile {
            name: "scan.pdf",
            size: MAX_FILE_BYTES + 1,
            sniffed: Some(EvidenceType::Pdf),
        };
        assert_eq!(
            check_files(&[big]),
            Err(EvidenceError::TooLarge {
                name: "scan.pdf".into()
            })
        );
    }

    fn any_action() -> impl Strategy<Value = AppealAction> {
        proptest::sample::select(vec![
            AppealAction::Claim,
            AppealAction::AskForInformation,
            AppealAction::CustomerReply,
            AppealAction::ProposeForApproval,
            AppealAction::SendBack,
            AppealAction::Approve,
            AppealAction::PartiallyApprove,
            AppealAction::Reject,
            AppealAction::Withdraw,
            AppealAction::CloseForNoReply,
            AppealAction::Reassess,
        ])
    }

    proptest! {
        #[test]
        fn every_run_of_actions_ends_in_a_reachable_state_and_closed_is_final(actions in proptest::collection::vec(any_action(), 0..30)) {
            let mut s = AppealStatus::Submitted;
            let mut closed_at: Option<AppealStatus> = None;
            for a in actions {
                if let Ok(next) = transition(s, a) {
                    prop_assert!(closed_at.is_none(), "left a closed state");
                    s = next;
                    if !s.is_open() { closed_at = Some(s); }
                }
            }
            if let Some(c) = closed_at { prop_assert_eq!(s, c); }
        }

        #[test]
        fn pauses_never_bring_the_decision_date_forward(offsets in proptest::collection::vec((0i64..500, 0i64..500), 0..5)) {
            let t0 = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
            let pauses: Vec<Pause> = offsets.iter().map(|(a, b)| Pause { from: t0 + Duration::hours(*a), until: Some(t0 + Duration::hours(a + b)) }).collect();
            let d = deadlines(t0, &pauses, t0 + Duration::days(60));
            prop_assert!(d.decision_due >= t0 + Duration::days(DECISION_DAYS));
            prop_assert!(d.target_due < d.decision_due);
        }
    }
}
