//! Staff accounts as an admin manages them: the list, enrolment links, role
//! grants waiting for a second admin, and why a request was refused.

use domain::staffing::RoleRefusal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::Lang;
use crate::model::Role;

/// Longest username or display name a staff account may have.
pub const NAME_MAX_CHARS: usize = 64;

/// One row of the staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLine {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The signed-in admin's own row: its authenticator is reset from the command line.
    pub is_you: bool,
    /// False once deactivated.
    pub active: bool,
}

/// What a staff member needs to set up their authenticator app: shown on
/// their own enrolment page (or, break-glass, printed by the CLI on the
/// server). Only the secret stays on the server, sealed, and only hashes of
/// the recovery codes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub username: String,
    pub display_name: String,
    /// Base32, for typing into an app that cannot scan.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as an SVG document.
    pub qr_svg: String,
    pub recovery_codes: Vec<String>,
}

// By hand: the secret and the codes never reach a log.
impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// A one-time link through which a staff member sets their own password and
/// authenticator; the admin who made it passes it on and sees neither.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub username: String,
    pub display_name: String,
    pub link: String,
    /// "2026-11-30 12:00", Asia/Shanghai.
    pub expires_at_local: String,
    /// Supervisor or admin, asked for and waiting for a second admin; an
    /// agent until then.
    pub waiting_role: Option<Role>,
}

impl std::fmt::Debug for Invitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invitation")
            .field("username", &self.username)
            .field("expires_at", &self.expires_at_local)
            .finish_non_exhaustive()
    }
}

/// A raise waiting for a second admin, as the staff page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantLine {
    pub id: Uuid,
    pub display_name: String,
    pub username: String,
    pub current_role: Role,
    pub role: Role,
    pub requested_by_name: String,
    /// "2026-11-30 12:00", Asia/Shanghai.
    pub requested_at_local: String,
    /// The viewer asked for it (or is its subject): someone else decides.
    pub yours: bool,
}

/// The staff page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOverview {
    pub lines: Vec<StaffLine>,
    pub grants: Vec<GrantLine>,
    /// The viewer's second factor is older than the step-up window: approving
    /// a grant asks for a fresh code.
    pub approve_needs_code: bool,
}

/// The enrolment page, or why the link offers nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRefusal {
    Unknown,
    Used,
    Expired,
}

impl LinkRefusal {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            LinkRefusal::Unknown => lang.pick(
                "这个链接无效，或已被更新的链接取代。请向管理员索取新的链接。",
                "This link is not valid, or a newer link replaced it. Ask an admin for a new one.",
            ),
            LinkRefusal::Used => lang.pick(
                "这个链接已经用过。请直接登录；如果不是你本人用的，请立即告诉管理员。",
                "This link has been used. Sign in instead; if it was not you who used it, tell an admin now.",
            ),
            LinkRefusal::Expired => lang.pick(
                "这个链接已过期。请向管理员索取新的链接。",
                "This link has expired. Ask an admin for a new one.",
            ),
        }
    }
}

/// Why finishing an enrolment was refused; the code is the serde name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolRefusal {
    Mismatch,
    TooShort,
    TooLong,
    /// The code does not match the authenticator the page showed.
    Code,
}

impl EnrolRefusal {
    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<EnrolRefusal> {
        serde_plain::from_str(code).ok()
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            EnrolRefusal::Mismatch => lang.pick("两次输入的密码不一致。", "The two passwords differ."),
            EnrolRefusal::TooShort => lang.pick("密码至少需要 10 个字符。", "A password needs at least 10 characters."),
            EnrolRefusal::TooLong => lang.pick("密码最多 256 个字符。", "A password has at most 256 characters."),
            EnrolRefusal::Code => lang.pick(
                "验证码不对。请确认已扫描本页的二维码，并输入应用当前显示的 6 位数字。",
                "That code does not match. Check that you scanned this page's QR code, and enter the 6 digits the app shows now.",
            ),
        }
    }
}

/// What a role change on the staff page did, or why not; the query codes are serde names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleNotice {
    Changed,
    Requested,
    Granted,
    Declined,
    /// The grant is no longer open (decided, withdrawn, account deactivated).
    Gone,
    /// Approving needs a fresh second factor.
    CodeNeeded,
    #[serde(untagged)]
    Refused(RoleRefusal),
}

impl RoleNotice {
    pub fn code(self) -> String {
        serde_plain::to_string(&self).unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<RoleNotice> {
        serde_plain::from_str(code).ok()
    }

    pub fn is_success(self) -> bool {
        matches!(
            self,
            RoleNotice::Changed
                | RoleNotice::Requested
                | RoleNotice::Granted
                | RoleNotice::Declined
        )
    }

    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            RoleNotice::Changed => lang.pick("角色已改为客服专员，立即生效。", "The role is now agent, from now on."),
            RoleNotice::Requested => lang.pick(
                "已提交：需要另一位管理员批准后生效。",
                "Requested: it takes effect once another admin approves.",
            ),
            RoleNotice::Granted => lang.pick("已批准，新角色立即生效。", "Approved: the new role applies from now on."),
            RoleNotice::Declined => lang.pick("已拒绝，角色不变。", "Declined: the role stays as it was."),
            RoleNotice::Refused(RoleRefusal::OwnAccount) => lang.pick(
                "不能更改自己的角色。",
                "You cannot change your own role.",
            ),
            RoleNotice::Refused(RoleRefusal::OwnRequest) => lang.pick(
                "不能批准自己提出的申请：需要另一位管理员。",
                "You cannot approve your own request: another admin must.",
            ),
            RoleNotice::Refused(RoleRefusal::NotAStaffRole) => lang.pick(
                "请选择角色：客服专员、主管或管理员。",
                "Choose a role: agent, supervisor or admin.",
            ),
            RoleNotice::Refused(RoleRefusal::Unchanged) => lang.pick("已经是这个角色。", "That is already their role."),
            RoleNotice::Refused(RoleRefusal::AlreadyWaiting) => lang.pick(
                "这个账号已有一个待批准的角色变更。",
                "A role change for this account is already waiting.",
            ),
            RoleNotice::Gone => lang.pick(
                "这个申请已不再待批准（已处理、已撤回或账号已停用）。",
                "This request is no longer waiting (decided, withdrawn or the account was deactivated).",
            ),
            RoleNotice::CodeNeeded => lang.pick(
                "批准角色变更前，请输入验证器中的验证码或一个恢复码。",
                "Enter your authenticator code or a recovery code to approve a role change.",
            ),
        }
    }
}

/// Why adding a staff member or resetting an authenticator was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum StaffAccountRefusal {
    #[error("username")]
    Username,
    #[error("display name")]
    DisplayName,
    #[error("role")]
    Role,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too long")]
    PasswordTooLong,
    #[error("username taken")]
    Taken,
    #[error("not a staff account")]
    NotStaff,
    /// A stolen session must not be able to move its own second factor.
    #[error("own account")]
    OwnAccount,
}

impl StaffAccountRefusal {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            StaffAccountRefusal::Username => lang.pick(
                "用户名须为 1–64 个字符，不含空格。",
                "A username is 1–64 characters without spaces.",
            ),
            StaffAccountRefusal::DisplayName => lang.pick(
                "请填写姓名（最多 64 个字符）。",
                "Enter a name (at most 64 characters).",
            ),
            StaffAccountRefusal::Role => lang.pick(
                "请选择角色：客服专员、主管或管理员。",
                "Choose a role: agent, supervisor or admin.",
            ),
            StaffAccountRefusal::PasswordTooShort => lang.pick(
                "密码至少需要 10 个字符。",
                "A password needs at least 10 characters.",
            ),
            StaffAccountRefusal::PasswordTooLong => lang.pick(
                "密码最多 256 个字符。",
                "A password has at most 256 characters.",
            ),
            StaffAccountRefusal::Taken => lang.pick(
                "这个用户名已被使用。",
                "That username is taken.",
            ),
            StaffAccountRefusal::NotStaff => lang.pick(
                "只有员工账号使用验证器。",
                "Only staff accounts use an authenticator.",
            ),
            StaffAccountRefusal::OwnAccount => lang.pick(
                "不能在这里重置自己的验证器：请另一位管理员操作，或使用命令行 limitdesk user reset-totp。",
                "You cannot reset your own authenticator here: ask another admin, or use `limitdesk user reset-totp`.",
            ),
        }
    }
}

/// 1–64 ASCII letters, digits, `.`, `_` or `-`; the same rule as
/// `limitdesk user add`. No control characters, spaces or look-alike letters,
/// and case folds the same way in both databases.
pub fn check_username(username: &str) -> Result<(), StaffAccountRefusal> {
    let n = username.chars().count();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if n == 0 || n > NAME_MAX_CHARS || !username.chars().all(allowed) {
        return Err(StaffAccountRefusal::Username);
    }
    Ok(())
}

/// A username as stored: lowercase, so that "Supervisor" and "supervisor" are one.
pub fn normalize_username(username: &str) -> String {
    username.trim().to_ascii_lowercase()
}

pub fn check_display_name(name: &str) -> Result<(), StaffAccountRefusal> {
    let n = name.chars().count();
    if n == 0 || n > NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(StaffAccountRefusal::DisplayName);
    }
    Ok(())
}

/// A staff role from the form; never "customer".
pub fn staff_role(text: &str) -> Result<Role, StaffAccountRefusal> {
    Role::parse(text)
        .filter(|r| r.is_staff())
        .ok_or(StaffAccountRefusal::Role)
}
