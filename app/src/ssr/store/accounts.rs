//! Accounts and their passwords.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{Actor, StoreResult};
use crate::model::Role;

/// An account as the rest of the app sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_changed_at: DateTime<Utc>,
    /// False once deactivated: no sign-in, no session, no cases.
    pub active: bool,
}

impl Account {
    /// This account as the audit log names it.
    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.id),
            label: self.username.clone(),
        }
    }

    /// This account as `domain::casework`'s rules see a staff member.
    pub fn case_actor(&self) -> domain::casework::Actor {
        domain::casework::Actor {
            id: self.id,
            role: self.role,
        }
    }
}

/// For checking a password at sign-in.
#[derive(Clone)]
pub struct Credentials {
    pub account: Account,
    pub password_hash: String,
}

#[derive(Clone)]
pub struct NewAccount {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub id_number_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub identity_verified_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// Accounts and their passwords.
// Written by hand so that no log line, panic or `{:?}` ever prints a password
// hash or an authenticator secret.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("account", &self.account)
            .field("password_hash", &"[redacted]")
            .finish()
    }
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("password_hash", &"[redacted]")
            .field(
                "totp_secret",
                &self.totp_secret.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    async fn credentials(&self, username: &str) -> StoreResult<Option<Credentials>>;
    async fn create_account(&self, account: NewAccount, actor: &Actor) -> StoreResult<Account>;
    /// Sets a new password hash and ends every session of the account.
    async fn set_password(
        &self,
        account: Uuid,
        password_hash: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;
    /// Gives a customer the credit system sent a username and password as
    /// well as portal links (the demo world's customers sign in both ways).
    /// `NotFound` unless a customer; `Conflict` if the username is taken.
    async fn set_customer_sign_in(
        &self,
        account: Uuid,
        username: &str,
        password_hash: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> StoreResult<()>;
    async fn account(&self, account: Uuid) -> StoreResult<Option<Account>>;
    /// Staff accounts, by username.
    async fn staff_accounts(&self) -> StoreResult<Vec<Account>>;
    /// Deactivates a staff account: sign-in refused and every session ended
    /// at once, and the open appeals it held back in the queue, unassigned,
    /// in one transaction. Returns those appeals. `NotFound` unless an active
    /// staff account.
    async fn deactivate_account(
        &self,
        account: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Vec<Uuid>>;
}
