//! What became of a staff action on a case (claim, ask, decide, approve …),
//! carried from the form route to the case page in the redirect's query
//! string, and said in the staff member's language.

use domain::casework::Refusal;
use domain::review::{RestorationError, StakeError};
use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

/// Why a staff action was refused. The code in the redirect's query is the
/// variant's serde name: written once, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRefusal {
    /// Someone else acted on the case first; the page shows the new state.
    Stale,
    /// The case is not in a state that allows this step.
    WrongState,
    /// A newer engine decision replaced the appealed one.
    Replaced,
    /// Restoring above the limit before the decision.
    #[serde(rename = "above_limit")]
    AboveLimitBefore,
    /// Restoring to no more than the current limit (already restored?).
    NotARaise,
    NotFrozen,
    NotActive,
    /// Deciding on one's own account.
    OwnAccount,
    /// Approving one's own proposal.
    OwnProposal,
    /// Deciding a re-appeal after deciding the first appeal.
    #[serde(rename = "decided_first")]
    DecidedTheFirstAppeal,
    /// Only the assigned agent (or a supervisor) may do this.
    NotAssigned,
    AlreadyAssigned,
    /// The role may not do this (e.g. an agent approving).
    Forbidden,
    BadAmount,
    /// No decision chosen (restore, unfreeze or reject).
    NoVerdict,
    NoReason,
    MessageLength,
    UnknownStaff,
    /// Four-eyes: the decision can only be proposed for a supervisor's approval.
    NeedsApproval,
    /// Approving needs a fresh authenticator code, and none (or a wrong one) came.
    CodeNeeded,
}

impl From<RestorationError> for StaffRefusal {
    fn from(r: RestorationError) -> StaffRefusal {
        match r {
            RestorationError::AboveLimitBefore { .. } => StaffRefusal::AboveLimitBefore,
            RestorationError::NotARaise { .. } => StaffRefusal::NotARaise,
            RestorationError::NotFrozen => StaffRefusal::NotFrozen,
            RestorationError::NotActive => StaffRefusal::NotActive,
        }
    }
}

impl From<StakeError> for StaffRefusal {
    fn from(s: StakeError) -> StaffRefusal {
        match s {
            StakeError::OwnAccount => StaffRefusal::OwnAccount,
            StakeError::OwnProposal => StaffRefusal::OwnProposal,
            StakeError::DecidedTheFirstAppeal => StaffRefusal::DecidedTheFirstAppeal,
        }
    }
}

impl From<Refusal> for StaffRefusal {
    fn from(r: Refusal) -> StaffRefusal {
        match r {
            Refusal::Forbidden => StaffRefusal::Forbidden,
            Refusal::NotAssigned => StaffRefusal::NotAssigned,
            Refusal::AlreadyAssigned => StaffRefusal::AlreadyAssigned,
            Refusal::WrongState => StaffRefusal::WrongState,
            Refusal::Stake(s) => s.into(),
            Refusal::Restoration(r) => r.into(),
            Refusal::NeedsApproval => StaffRefusal::NeedsApproval,
        }
    }
}

/// What a staff action did; its code is the serde name, like the refusals'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffDone {
    Claimed,
    Assigned,
    Asked,
    Noted,
    Proposed,
    Decided,
    Approved,
    SentBack,
}

impl StaffRefusal {
    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<StaffRefusal> {
        serde_plain::from_str(code).ok()
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            StaffRefusal::Stale => t::someone_else_acted_on_this(lang),
            StaffRefusal::WrongState => t::the_appeals_current_status_does(lang),
            StaffRefusal::Replaced => t::the_risk_engine_made_a(lang),
            StaffRefusal::AboveLimitBefore => t::a_restoration_cannot_go_above(lang),
            StaffRefusal::NotARaise => t::the_amount_must_be_above(lang),
            StaffRefusal::NotFrozen => t::the_limit_is_not_frozen(lang),
            StaffRefusal::NotActive => t::the_credit_line_is_frozen(lang),
            StaffRefusal::OwnAccount => t::you_cannot_decide_on_your(lang),
            StaffRefusal::OwnProposal => t::the_approval_must_come_from(lang),
            StaffRefusal::DecidedTheFirstAppeal => t::a_re_appeal_is_decided(lang),
            StaffRefusal::NotAssigned => t::claim_this_appeal_first_or(lang),
            StaffRefusal::AlreadyAssigned => t::someone_already_has_this_appeal(lang),
            StaffRefusal::Forbidden => t::your_role_does_not_allow(lang),
            StaffRefusal::BadAmount => t::enter_a_valid_amount_e(lang),
            StaffRefusal::NoVerdict => t::choose_a_decision_restore_the(lang),
            StaffRefusal::NoReason => t::choose_the_reason_for_rejecting(lang),
            StaffRefusal::MessageLength => t::message_length_rule(lang),
            StaffRefusal::UnknownStaff => t::choose_a_staff_member(lang),
            StaffRefusal::CodeNeeded => t::enter_your_authenticators_current_code(lang),
            StaffRefusal::NeedsApproval => t::this_decision_needs_another_supervisors(lang),
        }
    }
}

impl StaffDone {
    pub const ALL: [StaffDone; 8] = [
        StaffDone::Claimed,
        StaffDone::Assigned,
        StaffDone::Asked,
        StaffDone::Noted,
        StaffDone::Proposed,
        StaffDone::Decided,
        StaffDone::Approved,
        StaffDone::SentBack,
    ];

    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<StaffDone> {
        serde_plain::from_str(code).ok()
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            StaffDone::Claimed => t::claimed(lang),
            StaffDone::Assigned => t::assigned(lang),
            StaffDone::Asked => t::your_request_went_to_the(lang),
            StaffDone::Noted => t::internal_note_saved(lang),
            StaffDone::Proposed => t::this_decision_needs_a_supervisor(lang),
            StaffDone::Decided => t::decided_the_customer_has_been(lang),
            StaffDone::Approved => t::approved_the_customer_has_been(lang),
            StaffDone::SentBack => t::sent_back_for_review(lang),
        }
    }
}
