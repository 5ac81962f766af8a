//! Creating staff accounts and enrolling their authenticators, for the admin
//! page (through `app::ssr::context::StaffEnrolment`) and the command line.

use std::sync::Arc;

use app::ssr::context::{NewStaff, StaffEnrolment};
use app::ssr::store::{Account, Actor, NewAccount, Store, StoreResult};
use app::ssr::StoreError;
use app::staff_accounts::{
    check_display_name, check_username, normalize_username, Enrolment, StaffAccountRefusal,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::password::{self, PasswordError};
use crate::staff_auth::{new_recovery_codes, otpauth_url, qr_svg, random_totp_secret};

pub struct StaffAccounts {
    store: Arc<dyn Store>,
}

impl StaffAccounts {
    pub fn new(store: Arc<dyn Store>) -> StaffAccounts {
        StaffAccounts { store }
    }
}

#[async_trait::async_trait]
impl StaffEnrolment for StaffAccounts {
    async fn add(
        &self,
        staff: NewStaff,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<Result<Enrolment, StaffAccountRefusal>> {
        let checked = check_username(&staff.username)
            .and_then(|()| check_display_name(&staff.display_name))
            .and_then(|()| {
                staff
                    .role
                    .is_staff()
                    .then_some(())
                    .ok_or(StaffAccountRefusal::Role)
            });
        if let Err(refusal) = checked {
            return Ok(Err(refusal));
        }
        // argon2 takes tens of milliseconds of CPU: off the async workers.
        let password = staff.password;
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
                NewAccount {
                    id: Uuid::now_v7(),
                    username: normalize_username(&staff.username),
                    display_name: staff.display_name,
                    role: staff.role,
                    password_hash,
                    totp_secret: Some(secret.clone()),
                    id_number_masked: None,
                    phone_masked: None,
                    identity_verified_until: None,
                    created_at: at,
                },
                actor,
            )
            .await;
        let account = match created {
            Ok(account) => account,
            Err(StoreError::Conflict(_)) => return Ok(Err(StaffAccountRefusal::Taken)),
            Err(e) => return Err(e),
        };
        enrolment(self.store.as_ref(), &account, secret, actor, at)
            .await
            .map(Ok)
    }

    async fn reset(
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
        enrolment(self.store.as_ref(), &account, secret, actor, at)
            .await
            .map(Ok)
    }
}

/// Fresh recovery codes (replacing any old ones) and the QR code for `secret`.
async fn enrolment(
    store: &dyn Store,
    account: &Account,
    secret: String,
    actor: &Actor,
    at: DateTime<Utc>,
) -> StoreResult<Enrolment> {
    let recovery_codes = new_recovery_codes(store, account.id, actor, at).await?;
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
