//! The words for the domain's values. `domain` decides (a status, a refusal, a
//! recommendation) and returns typed values; these traits say them in the
//! reader's language, from the catalogue (`locales/*/labels.ftl`).

use domain::appeal::{
    AppealRefusal, AppealStatus, EvidenceError, Ground, StatementError, APPEAL_WINDOW_DAYS,
    MAX_FILES_PER_MESSAGE, STATEMENT_MAX_CHARS, STATEMENT_MIN_CHARS,
};
use domain::resolution::{RejectReason, Verdict};
use domain::review::{Proposal, Rationale, Recommendation};
use domain::{DecisionKind, LimitDecision, LineStatus, StepStatus};

use crate::i18n::{t, Lang};

/// A value's short name: a status, a ground, a kind of decision.
pub trait Label {
    fn label(self, lang: Lang) -> &'static str;
}

/// A value said as a sentence or phrase with its figures in it.
pub trait Describe {
    fn describe(&self, lang: Lang) -> String;
}

/// Why something was refused, for the person who asked.
pub trait Message {
    fn message(&self, lang: Lang) -> String;
}

impl Label for DecisionKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            DecisionKind::Reduce => t::decision_kind_reduce(lang),
            DecisionKind::Freeze => t::decision_kind_freeze(lang),
            DecisionKind::Unfreeze => t::decision_kind_unfreeze(lang),
            DecisionKind::Restore => t::decision_kind_restore(lang),
        }
    }
}

/// "额度由 ¥8,000.00 降至 ¥2,000.00" / "Limit lowered from ¥8,000.00 to ¥2,000.00".
impl Describe for LimitDecision {
    fn describe(&self, lang: Lang) -> String {
        let (from, to) = (&self.limit_before, &self.limit_after);
        match self.kind {
            DecisionKind::Reduce => {
                t::decision_summary_reduce(lang, t::DecisionSummaryReduce { from, to })
            }
            DecisionKind::Restore => {
                t::decision_summary_restore(lang, t::DecisionSummaryRestore { from, to })
            }
            DecisionKind::Freeze => t::decision_summary_freeze(lang, from),
            DecisionKind::Unfreeze => t::decision_summary_unfreeze(lang, from),
        }
    }
}

impl Label for LineStatus {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            LineStatus::Active => t::line_status_active(lang),
            LineStatus::Frozen => t::line_status_frozen(lang),
            LineStatus::Closed => t::line_status_closed(lang),
        }
    }
}

impl Describe for StepStatus {
    fn describe(&self, lang: Lang) -> String {
        match *self {
            StepStatus::Done => t::step_status_done(lang).to_owned(),
            StepStatus::ToDo => t::step_status_to_do(lang).to_owned(),
            StepStatus::InProgress { done, of } => t::step_status_in_progress(
                lang,
                t::StepStatusInProgress {
                    done: &done,
                    of: &of,
                },
            ),
            StepStatus::Later => t::step_status_later(lang).to_owned(),
            StepStatus::Optional => t::step_status_optional(lang).to_owned(),
        }
    }
}

impl Label for AppealStatus {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            AppealStatus::Submitted => t::appeal_status_submitted(lang),
            AppealStatus::InReview => t::appeal_status_in_review(lang),
            AppealStatus::AwaitingCustomer => t::appeal_status_awaiting_customer(lang),
            AppealStatus::PendingApproval => t::appeal_status_pending_approval(lang),
            AppealStatus::Approved => t::appeal_status_approved(lang),
            AppealStatus::PartiallyApproved => t::appeal_status_partially_approved(lang),
            AppealStatus::Rejected => t::appeal_status_rejected(lang),
            AppealStatus::Withdrawn => t::appeal_status_withdrawn(lang),
            AppealStatus::ClosedNoReply => t::appeal_status_closed_no_reply(lang),
            AppealStatus::ResolvedByReassessment => t::appeal_status_resolved_by_reassessment(lang),
        }
    }
}

impl Label for Ground {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Ground::PaidNotRecorded => t::ground_paid_not_recorded(lang),
            Ground::BankDelay => t::ground_bank_delay(lang),
            Ground::ActivityWasMe => t::ground_activity_was_me(lang),
            Ground::InformationNowComplete => t::ground_information_now_complete(lang),
            Ground::Other => t::ground_other(lang),
        }
    }
}

impl Message for AppealRefusal {
    fn message(&self, lang: Lang) -> String {
        match self {
            AppealRefusal::NotAdverse => t::appeal_refusal_not_adverse(lang).to_owned(),
            AppealRefusal::Replaced => t::appeal_refusal_replaced(lang).to_owned(),
            AppealRefusal::WindowClosed { closed_on } => t::appeal_refusal_window_closed(
                lang,
                t::AppealRefusalWindowClosed {
                    closed_on,
                    days: &APPEAL_WINDOW_DAYS,
                },
            ),
            AppealRefusal::AlreadyOpen => t::appeal_refusal_already_open(lang).to_owned(),
            AppealRefusal::ReappealUsed => t::appeal_refusal_reappeal_used(lang).to_owned(),
            AppealRefusal::NeedsNewEvidence => {
                t::appeal_refusal_needs_new_evidence(lang).to_owned()
            }
        }
    }
}

impl Message for StatementError {
    fn message(&self, lang: Lang) -> String {
        match self {
            StatementError::Empty => t::statement_empty(lang).to_owned(),
            StatementError::TooShort => t::statement_too_short(lang, STATEMENT_MIN_CHARS),
            StatementError::TooLong => t::statement_too_long(lang, STATEMENT_MAX_CHARS),
        }
    }
}

impl Message for EvidenceError {
    fn message(&self, lang: Lang) -> String {
        match self {
            EvidenceError::TooMany => t::evidence_too_many(lang, MAX_FILES_PER_MESSAGE),
            EvidenceError::TooLarge { name } => t::evidence_too_large(lang, name),
            EvidenceError::WrongType { name } => t::evidence_wrong_type(lang, name),
            EvidenceError::TooManyPixels { name } => t::evidence_too_many_pixels(lang, name),
            EvidenceError::Empty { name } => t::evidence_empty(lang, name),
        }
    }
}

/// The staff-facing name of a rejection template (what the customer is told is
/// the domain's stored notice text, `RejectReason::text`).
impl Label for RejectReason {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            RejectReason::OverdueStillUnpaid => t::reject_reason_overdue_still_unpaid(lang),
            RejectReason::RecordIsCorrect => t::reject_reason_record_is_correct(lang),
            RejectReason::EvidenceInsufficient => t::reject_reason_evidence_insufficient(lang),
            RejectReason::ActivityNotExplained => t::reject_reason_activity_not_explained(lang),
            RejectReason::CashOutConfirmed => t::reject_reason_cash_out_confirmed(lang),
        }
    }
}

impl Describe for Verdict {
    fn describe(&self, lang: Lang) -> String {
        match self {
            Verdict::Restore { to } => t::verdict_restore(lang, to),
            Verdict::Unfreeze => t::verdict_unfreeze(lang).to_owned(),
            Verdict::Reject { reason } => t::verdict_reject(lang, reason.label(lang)),
        }
    }
}

impl Describe for Rationale {
    fn describe(&self, lang: Lang) -> String {
        match self {
            Rationale::OverdueClearedAfterNotice { days } => {
                t::rationale_overdue_cleared(lang, *days)
            }
            Rationale::OverdueStillUnpaid { amount } => t::rationale_overdue_unpaid(lang, amount),
            Rationale::FirstLateInTwelveMonths => t::rationale_first_late(lang).to_owned(),
            Rationale::LateCount { count, worst_days } => t::rationale_late_count(
                lang,
                t::RationaleLateCount {
                    count: u64::from(*count),
                    worst: u64::from(*worst_days),
                },
            ),
            Rationale::StepsOutstanding => t::rationale_steps_outstanding(lang).to_owned(),
            Rationale::NeedsEvidenceReview { code } => {
                t::rationale_evidence_review(lang, code.title(lang))
            }
        }
    }
}

/// "overdue cleared 1 day after the notice, first late payment in 12 months: restore to ¥8,000.00".
impl Describe for Recommendation {
    fn describe(&self, lang: Lang) -> String {
        let why: Vec<String> = self.rationale.iter().map(|r| r.describe(lang)).collect();
        let why = why.join(t::rationale_separator(lang));
        let action = match self.proposal {
            Some(Proposal::Restore { to }) => t::recommend_restore(lang, to),
            Some(Proposal::Unfreeze) => t::recommend_unfreeze(lang).to_owned(),
            Some(Proposal::Reject) => t::recommend_reject(lang).to_owned(),
            None => t::recommend_judge(lang).to_owned(),
        };
        if why.is_empty() {
            action
        } else {
            t::recommendation_sentence(
                lang,
                t::RecommendationSentence {
                    action: &action,
                    why: &why,
                },
            )
        }
    }
}
