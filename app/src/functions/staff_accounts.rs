//! Staff account management, for admins only: every function checks the role
//! before it reads or writes anything.

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::staff_accounts::{
    Enrolment, Invitation, LinkRefusal, StaffAccountRefusal, StaffOverview,
};
#[cfg(feature = "ssr")]
use crate::staff_accounts::{GrantLine, StaffLine};

/// Every staff account, by username, and the raises waiting for a second admin.
#[server(prefix = "/api", endpoint = "staff_accounts")]
pub async fn get_staff_accounts() -> Result<StaffOverview, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let lines = ctx
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
            .collect();
        let grants = ctx
            .store
            .open_role_grants()
            .await?
            .into_iter()
            .map(|g| GrantLine {
                yours: g.requested_by == admin.id || g.account == admin.id,
                id: g.id,
                display_name: g.display_name,
                username: g.username,
                current_role: g.current_role,
                role: g.role,
                requested_by_name: g.requested_by_name,
                requested_at_local: crate::ssr::clock::local_minute(g.requested_at),
            })
            .collect();
        let approve_needs_code = !crate::ssr::session::factor_is_fresh(&ctx).await?;
        Ok(StaffOverview {
            lines,
            grants,
            approve_needs_code,
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// Creates a staff account; the answer carries its one-time enrolment link.
#[server(prefix = "/api", endpoint = "add_staff")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn add_staff(
    username: String,
    display_name: String,
    role: String,
) -> Result<Result<Invitation, StaffAccountRefusal>, AppError> {
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
        };
        Ok(ctx.staff.invite(staff, &admin, ctx.clock.now()).await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// A new enrolment link for another staff member (a lost phone or password):
/// their authenticator, recovery codes and sessions stop working now.
#[server(prefix = "/api", endpoint = "reset_authenticator")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn reset_authenticator(
    account: Uuid,
) -> Result<Result<Invitation, StaffAccountRefusal>, AppError> {
    async move {
        let crate::ssr::Admin(admin) = crate::ssr::require().await?;
        if account == admin.id {
            return Ok(Err(StaffAccountRefusal::OwnAccount));
        }
        let ctx = crate::ssr::app_context()?;
        Ok(ctx
            .staff
            .reinvite(account, &admin.actor(), ctx.clock.now())
            .await?)
    }
    .await
    .map_err(AppError::with_status)
}

/// What an enrolment link offers: for the person holding the link, who is
/// not signed in (the 256-bit token is the credential).
#[server(prefix = "/api", endpoint = "enrolment")]
pub async fn get_enrolment(token: String) -> Result<Result<Enrolment, LinkRefusal>, AppError> {
    async move {
        let ctx = crate::ssr::app_context()?;
        Ok(ctx.staff.offer(&token, ctx.clock.now()).await?)
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
