//! The staff lifecycle: enrolment links and role grants that wait for a second admin.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Account, Actor, NewAccount, StoreResult};
use crate::model::Role;

/// The password hash of an account that has none yet (its enrolment link is
/// not used): not a PHC string, so no password ever matches it.
pub const NO_PASSWORD: &str = "!";

/// A one-time enrolment link, as stored: the token's hash and what its page
/// offers (sealed at rest by the store).
#[derive(Clone)]
pub struct NewEnrolment {
    pub token_hash: String,
    pub account: Uuid,
    pub totp_secret: String,
    pub recovery_codes: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What an enrolment link's page shows, while the link is unused and unexpired.
#[derive(Clone)]
pub struct EnrolmentOffer {
    pub account: Account,
    pub totp_secret: String,
    pub recovery_codes: Vec<String>,
    pub expires_at: DateTime<Utc>,
}

/// Why a link offers nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// No such link, or a newer link for the same account replaced it.
    Unknown,
    Used,
    Expired,
}

/// The finished enrolment, in one transaction.
#[derive(Clone)]
pub struct EnrolmentDone {
    pub token_hash: String,
    pub password_hash: String,
    /// The authenticator's time step the confirming code was for: used, so
    /// that code cannot sign in again.
    pub totp_step: i64,
    pub recovery_hashes: Vec<String>,
    pub at: DateTime<Utc>,
}

/// A raise to supervisor or admin, waiting for a second admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGrant {
    pub id: Uuid,
    pub account: Uuid,
    pub username: String,
    pub display_name: String,
    pub current_role: Role,
    pub role: Role,
    pub requested_by: Uuid,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
}

// By hand, so that no log line prints what the link's page offers.
impl std::fmt::Debug for NewEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewEnrolment")
            .field("account", &self.account)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for EnrolmentOffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrolmentOffer")
            .field("account", &self.account)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for EnrolmentDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrolmentDone")
            .field("totp_step", &self.totp_step)
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    /// A new staff account (no password, no authenticator) and its first
    /// enrolment link, in one transaction.
    async fn create_staff(
        &self,
        account: NewAccount,
        enrolment: NewEnrolment,
        actor: &Actor,
    ) -> StoreResult<Account>;
    /// A new enrolment link for an active staff member (a lost phone, a
    /// forgotten password): their authenticator, recovery codes and sessions
    /// end now and every older link stops working. `NotFound` unless active staff.
    async fn reissue_enrolment(&self, enrolment: NewEnrolment, actor: &Actor) -> StoreResult<()>;
    async fn enrolment(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<EnrolmentOffer, LinkState>>;
    /// Sets the password, authenticator and recovery codes the link offered
    /// and spends the link, once: a second use (or a race) gets the link's state.
    async fn complete_enrolment(
        &self,
        done: EnrolmentDone,
    ) -> StoreResult<Result<Account, LinkState>>;

    /// Lowers `account` to agent at once, withdrawing any open grant.
    async fn lower_role(&self, account: Uuid, actor: &Actor, at: DateTime<Utc>) -> StoreResult<()>;
    /// Opens a grant; `Conflict` if one is already open for the account.
    async fn request_role(
        &self,
        account: Uuid,
        role: Role,
        requester: &Account,
        at: DateTime<Utc>,
    ) -> StoreResult<Uuid>;
    /// Open grants, oldest first.
    async fn open_role_grants(&self) -> StoreResult<Vec<RoleGrant>>;
    async fn role_grant(&self, grant: Uuid) -> StoreResult<Option<RoleGrant>>;
    /// Approves (the role changes, in the same transaction) or declines an open
    /// grant. `NotFound` if it is no longer open, or its account was deactivated.
    async fn decide_role_grant(
        &self,
        grant: Uuid,
        approve: bool,
        decider: &Account,
        at: DateTime<Utc>,
    ) -> StoreResult<RoleGrant>;
}
