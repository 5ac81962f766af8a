//! Role changes on the staff page: lowering to agent at once, raising to
//! supervisor or admin only with a second admin's approval, given with a
//! fresh second factor (`domain::staffing`). Plain form posts that answer
//! with a redirect to `/admin/staff?notice=…`, so they work without wasm.

use app::model::Role;
use app::ssr::{Admin, StoreError};
use app::staff_accounts::RoleNotice;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use domain::staffing::{may_decide_grant, plan_role_change, RoleChange, RoleRefusal};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{HandlerError, HandlerResult};
use crate::state::AppState;

fn back(notice: RoleNotice) -> HandlerResult {
    Ok(Redirect::to(&format!("/admin/staff?notice={}", notice.code())).into_response())
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /admin/staff/{id}/role`.
#[tracing::instrument(skip_all, fields(admin = %me.username, %account))]
pub async fn change(
    State(state): State<AppState>,
    Path(account): Path<Uuid>,
    Admin(me): Admin,
    Form(form): Form<RoleForm>,
) -> HandlerResult {
    let store = state.ctx.store.as_ref();
    let target = store
        .account(account)
        .await?
        .filter(|a| a.active && a.role.is_staff())
        .ok_or(HandlerError::NotFound)?;
    let Some(role) = Role::parse(&form.role) else {
        return back(RoleNotice::Refused(RoleRefusal::NotAStaffRole));
    };
    let now = state.ctx.clock.now();
    match plan_role_change(me.id, target.id, target.role, role) {
        Err(refusal) => back(RoleNotice::Refused(refusal)),
        Ok(RoleChange::Now) => {
            store.lower_role(target.id, &me.actor(), now).await?;
            back(RoleNotice::Changed)
        }
        Ok(RoleChange::AwaitsSecondAdmin) => {
            match store.request_role(target.id, role, &me, now).await {
                Ok(_) => back(RoleNotice::Requested),
                Err(StoreError::Conflict(_)) => {
                    back(RoleNotice::Refused(RoleRefusal::AlreadyWaiting))
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    code: String,
}

/// `POST /admin/role-grants/{id}/approve`: a second admin, with a fresh
/// second factor.
pub async fn approve(
    state: State<AppState>,
    grant: Path<Uuid>,
    me: Admin,
    jar: CookieJar,
    Form(form): Form<DecideForm>,
) -> HandlerResult {
    decide(state, grant, me, jar, &form.code, true).await
}

/// `POST /admin/role-grants/{id}/decline`: any other admin; no code needed,
/// since declining grants nothing.
pub async fn decline(
    state: State<AppState>,
    grant: Path<Uuid>,
    me: Admin,
    jar: CookieJar,
) -> HandlerResult {
    decide(state, grant, me, jar, "", false).await
}

#[tracing::instrument(skip_all, fields(admin = %me.username, %grant, approve))]
async fn decide(
    State(state): State<AppState>,
    Path(grant): Path<Uuid>,
    Admin(me): Admin,
    jar: CookieJar,
    code: &str,
    approve: bool,
) -> HandlerResult {
    let store = state.ctx.store.as_ref();
    let Some(open) = store.role_grant(grant).await? else {
        return back(RoleNotice::Gone);
    };
    if let Err(refusal) = may_decide_grant(me.id, open.requested_by, open.account) {
        return back(RoleNotice::Refused(refusal));
    }
    if approve && !crate::staff_auth::step_up(&state, &jar, &me, code).await? {
        return back(RoleNotice::CodeNeeded);
    }
    match store
        .decide_role_grant(grant, approve, &me, state.ctx.clock.now())
        .await
    {
        Ok(_) if approve => back(RoleNotice::Granted),
        Ok(_) => back(RoleNotice::Declined),
        Err(StoreError::NotFound) => back(RoleNotice::Gone),
        Err(e) => Err(e.into()),
    }
}
