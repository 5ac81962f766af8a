//! What became of a staff action on a case (claim, ask, decide, approve …),
//! carried from the form route to the case page in the redirect's query
//! string, and said in the staff member's language.

use domain::casework::Refusal;
use domain::review::{RestorationError, StakeError};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

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
            StaffRefusal::Stale => lang.pick(
                "其他同事刚刚处理了这个申诉，页面已更新为最新状态，请确认后再操作。",
                "Someone else acted on this appeal just now. The page shows its new state; check it before acting.",
            ),
            StaffRefusal::WrongState => lang.pick(
                "申诉当前的状态不允许这个操作。",
                "The appeal's current status does not allow this step.",
            ),
            StaffRefusal::Replaced => lang.pick(
                "风控系统之后又做出了新的额度决定，这个申诉针对的决定已被取代，不能再从这里撤销。请按最新决定处理。",
                "The risk engine made a newer decision that replaced the appealed one, so it can no longer be reversed from this appeal. Work from the newest decision.",
            ),
            StaffRefusal::AboveLimitBefore => lang.pick(
                "恢复后的额度不能高于调整前的额度（提高额度由风控系统决定）。",
                "A restoration cannot go above the limit before the decision (raising limits is the risk engine's job).",
            ),
            StaffRefusal::NotARaise => lang.pick(
                "恢复金额必须高于当前额度；额度可能已经恢复过了。",
                "The amount must be above the current limit; the limit may already have been restored.",
            ),
            StaffRefusal::NotFrozen => lang.pick(
                "额度没有被冻结（或冻结已经解除），无需解冻。",
                "The limit is not frozen (or the freeze was already lifted).",
            ),
            StaffRefusal::NotActive => lang.pick(
                "额度处于冻结或关闭状态：请改为“解除冻结”。",
                "The credit line is frozen or closed: lift the freeze instead.",
            ),
            StaffRefusal::OwnAccount => {
                lang.pick("不能处理自己账户的申诉。", "You cannot decide on your own account.")
            }
            StaffRefusal::OwnProposal => lang.pick(
                "复核须由提议人以外的主管完成。",
                "The approval must come from a supervisor other than the one who proposed it.",
            ),
            StaffRefusal::DecidedTheFirstAppeal => lang.pick(
                "再次申诉须由首次申诉决定人以外的人处理。",
                "A re-appeal is decided by someone other than whoever decided the first appeal.",
            ),
            StaffRefusal::NotAssigned => lang.pick(
                "请先认领这个申诉，或请主管分配给你。",
                "Claim this appeal first, or ask a supervisor to assign it to you.",
            ),
            StaffRefusal::AlreadyAssigned => lang.pick(
                "这个申诉已经有人处理了。",
                "Someone already has this appeal.",
            ),
            StaffRefusal::Forbidden => lang.pick(
                "你的角色不能执行这个操作。",
                "Your role does not allow this action.",
            ),
            StaffRefusal::BadAmount => lang.pick(
                "请输入有效的金额，例如 8000 或 8000.00。",
                "Enter a valid amount, e.g. 8000 or 8000.00.",
            ),
            StaffRefusal::NoVerdict => lang.pick(
                "请选择一个决定：恢复额度、解除冻结或驳回。",
                "Choose a decision: restore the limit, lift the freeze or reject.",
            ),
            StaffRefusal::NoReason => lang.pick(
                "请选择驳回原因。",
                "Choose the reason for rejecting.",
            ),
            StaffRefusal::MessageLength => lang.pick(
                "内容不能为空，最多 2000 字；向客户提问至少 10 字。",
                "Write at most 2,000 characters, and at least 10 for a question to the customer.",
            ),
            StaffRefusal::UnknownStaff => lang.pick(
                "请选择一位员工。",
                "Choose a staff member.",
            ),
            StaffRefusal::CodeNeeded => lang.pick(
                "批准前请输入验证器中当前的验证码：你上次验证已超过 15 分钟，或验证码不正确。",
                "Enter your authenticator's current code to approve: your last one is more than 15 minutes old, or the code was wrong.",
            ),
            StaffRefusal::NeedsApproval => lang.pick(
                "这个决定需要另一位主管复核，不能直接生效。",
                "This decision needs another supervisor's approval; it cannot take effect directly.",
            ),
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
            StaffDone::Claimed => lang.pick("已认领。", "Claimed."),
            StaffDone::Assigned => lang.pick("已分配。", "Assigned."),
            StaffDone::Asked => lang.pick(
                "已向客户发出补充材料请求，处理时限已暂停。",
                "Your request went to the customer; the clock is paused until they reply.",
            ),
            StaffDone::Noted => lang.pick("内部备注已保存。", "Internal note saved."),
            StaffDone::Proposed => lang.pick(
                "这个决定需要主管复核，已提交，等待另一位主管批准。",
                "This decision needs a supervisor: it is proposed and waits for another supervisor's approval.",
            ),
            StaffDone::Decided => lang.pick(
                "已作出决定，客户已收到通知，额度变更已同步给授信系统。",
                "Decided. The customer has been told, and the change is queued for the credit system.",
            ),
            StaffDone::Approved => lang.pick(
                "已批准，客户已收到通知。",
                "Approved. The customer has been told.",
            ),
            StaffDone::SentBack => lang.pick("已退回重新审核。", "Sent back for review."),
        }
    }
}
