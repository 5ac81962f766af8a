//! Creating staff accounts and enrolling them: by one-time link for the admin
//! page (through `app::ssr::context::StaffEnrolment`), so that no admin ever
//! holds a colleague's factors, and directly for the command line on the
//! server, the break-glass path.

use std::sync::Arc;

use app::model::Role;
use app::ssr::context::{NewStaff, StaffEnrolment};
use app::ssr::session::token_hash;
use app::ssr::store::{
    Account, Actor, LinkState, NewAccount, NewEnrolment, Store, StoreResult, NO_PASSWORD,
};
use app::ssr::StoreError;
use app::staff_accounts::{
    check_display_name, check_username, normalize_username, Enrolment, Invitation, LinkRefusal,
    StaffAccountRefusal,
};
use chrono::{DateTime, Utc};
use domain::staffing::{needs_second_admin, ENROLMENT_HOURS};
use uuid::Uuid;

use crate::auth::new_token;
use crate::password::{self, PasswordError};
use crate::staff_auth::{
    generate_recovery_codes, new_recovery_codes, otpauth_url, qr_svg, random_totp_secret,
};

pub struct StaffAccounts {
    store: Arc<dyn Store>,
    /// Where enrolment links point: the public origin, `https://host`.
    base: String,
}

impl StaffAccounts {
    pub fn new(store: Arc<dyn Store>, base: impl Into<String>) -> StaffAccounts {
        StaffAccounts {
            store,
            base: base.into(),
        }
    }

    /// A fresh link for `account`, with the authenticator and recovery codes
    /// its page will offer; the token itself exists only in the link.
    fn new_link(&self, account: Uuid, at: DateTime<Utc>) -> (String, NewEnrolment) {
        let token = new_token();
        let enrolment = NewEnrolment {
            token_hash: token_hash(&token),
            account,
            totp_secret: random_totp_secret(),
            recovery_codes: generate_recovery_codes(),
            created_at: at,
            expires_at: at + chrono::Duration::hours(ENROLMENT_HOURS),
        };
        (
            format!(
                "{}/admin/enrol?token={token}",
                self.base.trim_end_matches('/')
            ),
            enrolment,
        )
    }

    /// Break-glass, for the command line on the server only: an account with
    /// the operator's password and an authenticator printed to the terminal,
    /// in the role asked for, with no second admin.
    pub async fn add_directly(
        &self,
        staff: NewStaff,
        password: String,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Enrolment, StaffAccountRefusal>> {
        if let Err(refusal) = check_new_staff(&staff) {
            return Ok(Err(refusal));
        }
        // argon2 takes tens of milliseconds of CPU: off the async workers.
        let hashed = tokio::task::spawn_blocking(move || password::hash(&password))
            .await
            .map_err(|e| StoreError::Backend(Box::new(e)))?;
        let password_hash = match hashed {
            Ok(hash) => hash,
            Err(PasswordError::TooShort) => return Ok(Err(StaffAccountRefusal::PasswordTooShort)),
            Err(PasswordError::TooLong) => return Ok(Err(StaffAccountRefusal::PasswordTooLong)),
            Err(e @ PasswordError::Hash(_)) => return Err(StoreError::Backend(Box::new(e))),
        };
        let secret = random_totp_secret();
        let created = self
            .store
            .create_account(
                new_account(&staff, staff.role, password_hash, Some(secret.clone()), at),
                actor,
            )
            .await;
        let account = match created {
            Ok(account) => account,
            Err(StoreError::Conflict(_)) => return Ok(Err(StaffAccountRefusal::Taken)),
            Err(e) => return Err(e),
        };
        let recovery_codes = new_recovery_codes(self.store.as_ref(), account.id, actor, at).await?;
        enrolment(&account, secret, recovery_codes).map(Ok)
    }

    /// Break-glass, for the command line: a new authenticator printed to the terminal.
    pub async fn reset_directly(
        &self,
        account: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Enrolment, StaffAccountRefusal>> {
        let Some(account) = self.store.account(account).await? else {
            return Err(StoreError::NotFound);
        };
        // A deactivated account stays so: a reset must not hand it a way back in.
        if !account.role.is_staff() || !account.active {
            return Ok(Err(StaffAccountRefusal::NotStaff));
        }
        let secret = random_totp_secret();
        self.store
            .set_totp_secret(account.id, &secret, actor, at)
            .await?;
        let recovery_codes = new_recovery_codes(self.store.as_ref(), account.id, actor, at).await?;
        enrolment(&account, secret, recovery_codes).map(Ok)
    }
}

fn check_new_staff(staff: &NewStaff) -> Result<(), StaffAccountRefusal> {
    check_username(&staff.username)
        .and_then(|()| check_display_name(&staff.display_name))
        .and_then(|()| {
            staff
                .role
                .is_staff()
                .then_some(())
                .ok_or(StaffAccountRefusal::Role)
        })
}

fn new_account(
    staff: &NewStaff,
    role: Role,
    password_hash: String,
    totp_secret: Option<String>,
    at: DateTime<Utc>,
) -> NewAccount {
    NewAccount {
        id: Uuid::now_v7(),
        username: normalize_username(&staff.username),
        display_name: staff.display_name.clone(),
        role,
        password_hash,
        totp_secret,
        id_number_masked: None,
        phone_masked: None,
        identity_verified_until: None,
        created_at: at,
    }
}

#[async_trait::async_trait]
impl StaffEnrolment for StaffAccounts {
    async fn invite(
        &self,
        staff: NewStaff,
        admin: &Account,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Invitation, StaffAccountRefusal>> {
        if let Err(refusal) = check_new_staff(&staff) {
            return Ok(Err(refusal));
        }
        // Every raise above agent waits for a second admin, a new member's too.
        let account = new_account(&staff, Role::Agent, NO_PASSWORD.to_owned(), None, at);
        let (link, enrolment) = self.new_link(account.id, at);
        let expires_at = enrolment.expires_at;
        let created = self
            .store
            .create_staff(account, enrolment, &admin.actor())
            .await;
        let account = match created {
            Ok(account) => account,
            Err(StoreError::Conflict(_)) => return Ok(Err(StaffAccountRefusal::Taken)),
            Err(e) => return Err(e),
        };
        let waiting_role = if needs_second_admin(staff.role) {
            self.store
                .request_role(account.id, staff.role, admin, at)
                .await?;
            Some(staff.role)
        } else {
            None
        };
        Ok(Ok(Invitation {
            username: account.username,
            display_name: account.display_name,
            link,
            expires_at_local: app::ssr::clock::local_minute(expires_at),
            waiting_role,
        }))
    }

    async fn reinvite(
        &self,
        account: Uuid,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Invitation, StaffAccountRefusal>> {
        let Some(account) = self.store.account(account).await? else {
            return Ok(Err(StaffAccountRefusal::NotStaff));
        };
        // A deactivated account stays so: a new link must not hand it a way back in.
        if !account.role.is_staff() || !account.active {
            return Ok(Err(StaffAccountRefusal::NotStaff));
        }
        let (link, enrolment) = self.new_link(account.id, at);
        let expires_at = enrolment.expires_at;
        match self.store.reissue_enrolment(enrolment, actor).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Ok(Err(StaffAccountRefusal::NotStaff)),
            Err(e) => return Err(e),
        }
        Ok(Ok(Invitation {
            username: account.username,
            display_name: account.display_name,
            link,
            expires_at_local: app::ssr::clock::local_minute(expires_at),
            waiting_role: None,
        }))
    }

    async fn offer(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<Enrolment, LinkRefusal>> {
        Ok(match self.store.enrolment(&token_hash(token), now).await? {
            Ok(offer) => Ok(enrolment(
                &offer.account,
                offer.totp_secret,
                offer.recovery_codes,
            )?),
            Err(state) => Err(link_refusal(state)),
        })
    }
}

pub fn link_refusal(state: LinkState) -> LinkRefusal {
    match state {
        LinkState::Unknown => LinkRefusal::Unknown,
        LinkState::Used => LinkRefusal::Used,
        LinkState::Expired => LinkRefusal::Expired,
    }
}

/// What the member's authenticator app needs: the QR code for `secret`.
fn enrolment(
    account: &Account,
    secret: String,
    recovery_codes: Vec<String>,
) -> StoreResult<Enrolment> {
    let qr_svg = otpauth_url(&secret, &account.username)
        .and_then(|url| qr_svg(&url))
        .ok_or_else(|| {
            StoreError::Corrupt("an authenticator secret that is not base32".to_owned())
        })?;
    Ok(Enrolment {
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        secret,
        qr_svg,
        recovery_codes,
    })
}
