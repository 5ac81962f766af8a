//! Staff accounts as an admin manages them: the list, enrolment links, role
//! grants waiting for a second admin, and why a request was refused.

use domain::staffing::RoleRefusal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::{t, Lang};
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
            LinkRefusal::Unknown => t::this_link_is_not_valid(lang),
            LinkRefusal::Used => t::this_link_has_been_used(lang),
            LinkRefusal::Expired => t::this_link_has_expired_ask(lang),
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
            EnrolRefusal::Mismatch => t::the_two_passwords_differ(lang),
            EnrolRefusal::TooShort => t::a_password_needs_at_least(lang),
            EnrolRefusal::TooLong => t::a_password_has_at_most(lang),
            EnrolRefusal::Code => t::that_code_does_not_match(lang),
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
            RoleNotice::Changed => t::the_role_is_now_agent(lang),
            RoleNotice::Requested => t::requested_it_takes_effect_once(lang),
            RoleNotice::Granted => t::approved_the_new_role_applies(lang),
            RoleNotice::Declined => t::declined_the_role_stays_as(lang),
            RoleNotice::Refused(RoleRefusal::OwnAccount) => t::you_cannot_change_your_own(lang),
            RoleNotice::Refused(RoleRefusal::OwnRequest) => t::you_cannot_approve_your_own(lang),
            RoleNotice::Refused(RoleRefusal::NotAStaffRole) => {
                t::choose_a_role_agent_supervisor(lang)
            }
            RoleNotice::Refused(RoleRefusal::Unchanged) => t::that_is_already_their_role(lang),
            RoleNotice::Refused(RoleRefusal::AlreadyWaiting) => t::a_role_change_for_this(lang),
            RoleNotice::Gone => t::this_request_is_no_longer(lang),
            RoleNotice::CodeNeeded => t::enter_your_authenticator_code_or(lang),
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
            StaffAccountRefusal::Username => t::username_rule(lang),
            StaffAccountRefusal::DisplayName => t::enter_a_name_at_most(lang),
            StaffAccountRefusal::Role => t::choose_a_role_agent_supervisor(lang),
            StaffAccountRefusal::PasswordTooShort => t::a_password_needs_at_least(lang),
            StaffAccountRefusal::PasswordTooLong => t::a_password_has_at_most(lang),
            StaffAccountRefusal::Taken => t::that_username_is_taken(lang),
            StaffAccountRefusal::NotStaff => t::only_staff_accounts_use_an(lang),
            StaffAccountRefusal::OwnAccount => t::you_cannot_reset_your_own(lang),
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
