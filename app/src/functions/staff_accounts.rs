//! Staff account management, for admins only: every function checks the role
//! before it reads or writes anything.

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::staff_accounts::{Enrolment, StaffAccountRefusal, StaffLine};

/// Every staff account, by username.
#[server(prefix = "/api", endpoint = "staff_accounts")]
pub async fn get_staff_accounts() -> Result<Vec<StaffLine>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        Ok(ctx
            .store
            .staff_accounts()
            .await?
            .into_iter()
            .map(|a| StaffLine {
                is_you: a.id == admin.id,
                id: a.id,
                username: a.username,
                display_name: a.display_name,
                role: a.role,
                active: a.active,
            })
            .collect())
    }
    .await
    .map_err(AppError::with_status)
}

/// Creates a staff account; the answer carries its enrolment, shown once.
#[server(prefix = "/api", endpoint = "add_staff")]
#[cfg_attr(
    feature = "ssr",
    tracing::instrument(skip(password), err(level = "warn"))
)]
pub async fn add_staff(
    username: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<Result<Enrolment, StaffAccountRefusal>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        // The rest of the checks are the server's, shared with `limitdesk user add`.
        let role = match crate::staff_accounts::staff_role(&role) {
            Ok(role) => role,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let ctx = crate::ssr::app_context()?;
        let staff = crate::ssr::context::NewStaff {
            username: username.trim().to_owned(),
            display_name: display_name.trim().to_owned(),
            role,
            password,
        };
        Ok(ctx
            .staff
            .add(staff, &admin.actor(), ctx.clock.now())
            .await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// A new authenticator for another staff member (a lost phone).
#[server(prefix = "/api", endpoint = "reset_authenticator")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn reset_authenticator(
    account: Uuid,
) -> Result<Result<Enrolment, StaffAccountRefusal>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        if account == admin.id {
            return Ok(Err(StaffAccountRefusal::OwnAccount));
        }
        let ctx = crate::ssr::app_context()?;
        Ok(ctx
            .staff
            .reset(account, &admin.actor(), ctx.clock.now())
            .await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// Deactivates another staff member (someone who has left): their sign-in is
/// refused and their sessions end at once, and the open appeals they held go
/// back to the queue. Answers how many appeals went back.
#[server(prefix = "/api", endpoint = "deactivate_staff")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn deactivate_staff(
    account: Uuid,
) -> Result<Result<usize, StaffAccountRefusal>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        if account == admin.id {
            return Ok(Err(StaffAccountRefusal::OwnAccount));
        }
        let ctx = crate::ssr::app_context()?;
        match ctx
            .store
            .deactivate_account(account, &admin.actor(), ctx.clock.now())
            .await
        {
            Ok(returned) => Ok(Ok(returned.len())),
            Err(crate::ssr::StoreError::NotFound) => Ok(Err(StaffAccountRefusal::NotStaff)),
            Err(e) => Err(e.into()),
        }
    }
    .await
    .map_err(AppError::with_status)
}
