//! Who may call what, as types. A server function starts with
//! `let Staff(me) = require().await?;` and a plain handler takes `Staff` as an
//! argument (the server implements axum's extractor for each guard), so the
//! signature says who may call it and the check cannot be forgotten.

use http::HeaderMap;

use super::session::{current_account, session_account};
use super::store::Account;
use super::AppContext;
use crate::error::AppError;
use crate::model::Role;

/// A signed-in customer. Staff sessions never count: staff have their own
/// console and never act as a customer.
#[derive(Debug, Clone)]
pub struct Customer(pub Account);

/// A signed-in staff member of any role.
#[derive(Debug, Clone)]
pub struct Staff(pub Account);

/// A staff member whose role works cases (agents, supervisors; not admins).
#[derive(Debug, Clone)]
pub struct CaseWorker(pub Account);

/// A staff member whose role may read the audit log (supervisors, admins).
#[derive(Debug, Clone)]
pub struct AuditReader(pub Account);

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct Admin(pub Account);

/// One kind of signed-in person.
pub trait Guard: Sized {
    /// Where a plain request that is not signed in as this kind is sent; `None`
    /// answers 404, for what a stranger should not learn exists.
    const SIGN_IN: Option<&'static str>;

    /// `NotSignedIn` for the wrong kind of session (a customer at a staff
    /// door), `Forbidden` for a staff role that may not.
    fn admit(account: Account) -> Result<Self, AppError>;
}

impl Guard for Customer {
    const SIGN_IN: Option<&'static str> = Some("/login?reason=signin");

    fn admit(account: Account) -> Result<Self, AppError> {
        match account.role {
            Role::Customer => Ok(Customer(account)),
            _ => Err(AppError::NotSignedIn),
        }
    }
}

impl Guard for Staff {
    const SIGN_IN: Option<&'static str> = Some("/admin/login?reason=signin");

    fn admit(account: Account) -> Result<Self, AppError> {
        match account.role {
            Role::Customer => Err(AppError::NotSignedIn),
            _ => Ok(Staff(account)),
        }
    }
}

impl Guard for CaseWorker {
    const SIGN_IN: Option<&'static str> = Some("/admin/login?reason=signin");

    fn admit(account: Account) -> Result<Self, AppError> {
        let Staff(staff) = Staff::admit(account)?;
        if domain::casework::works_cases(staff.role) {
            Ok(CaseWorker(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl Guard for AuditReader {
    const SIGN_IN: Option<&'static str> = None;

    fn admit(account: Account) -> Result<Self, AppError> {
        let Staff(staff) = Staff::admit(account)?;
        if staff.role.may_browse_audit() {
            Ok(AuditReader(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl Guard for Admin {
    const SIGN_IN: Option<&'static str> = Some("/admin/login?reason=signin");

    fn admit(account: Account) -> Result<Self, AppError> {
        let Staff(staff) = Staff::admit(account)?;
        if staff.role == Role::Admin {
            Ok(Admin(staff))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// `G` for a request with these headers: what plain handlers use.
pub async fn admit<G: Guard>(ctx: &AppContext, headers: &HeaderMap) -> Result<G, AppError> {
    let account = session_account(ctx, headers)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    G::admit(account)
}

/// `G` for the request a server function is answering.
pub async fn require<G: Guard>() -> Result<G, AppError> {
    let account = current_account().await?.ok_or(AppError::NotSignedIn)?;
    G::admit(account)
}
