//! Staff accounts as an admin manages them: the list, a new member's
//! authenticator enrolment (shown once), and why a request was refused.

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

/// What a staff member needs to set up their authenticator app. Shown to the
/// admin once, to hand over in person; only the secret stays on the server and
/// only hashes of the recovery codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub username: String,
    pub display_name: String,
    /// Base32, for typing into an app that cannot scan.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as an SVG document.
    pub qr_svg: String,
    pub recovery_codes: Vec<String>,
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
                "初始密码至少需要 10 个字符。",
                "The first password needs at least 10 characters.",
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
