use std::sync::Arc;

use leptos::prelude::use_context;

use super::store::{Account, Actor, StoreResult};
use super::{Clock, Store};
use crate::error::AppError;
use crate::model::Role;
use crate::staff_accounts::{Enrolment, Invitation, LinkRefusal, StaffAccountRefusal};

/// A staff account to create, as the admin typed it (checked by the server).
/// No password: the member sets their own through the enrolment link.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// Enrolling staff through one-time links. The server owns the tokens and
/// the TOTP and QR code crates, so the pages ask it here.
#[async_trait::async_trait]
pub trait StaffEnrolment: Send + Sync {
    /// A new staff account and its enrolment link. A supervisor or admin
    /// starts as an agent, with the raise waiting for a second admin.
    async fn invite(
        &self,
        staff: NewStaff,
        admin: &Account,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<Invitation, StaffAccountRefusal>>;
    /// A new link for a staff member who lost their phone or password: the
    /// old authenticator, recovery codes and sessions stop working now.
    async fn reinvite(
        &self,
        account: uuid::Uuid,
        actor: &Actor,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<Invitation, StaffAccountRefusal>>;
    /// What the link with `token` offers, for its page.
    async fn offer(
        &self,
        token: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<Enrolment, LinkRefusal>>;
}

/// Issuing the credit system's API tokens: the server owns their format.
#[async_trait::async_trait]
pub trait TokenIssuer: Send + Sync {
    async fn issue(
        &self,
        name: &str,
        scopes: &[domain::scope::Scope],
        actor: &Actor,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<crate::api_tokens::IssuedToken, crate::api_tokens::TokenRefusal>>;
}

/// What server functions need from the server, provided as one context value.
#[derive(Clone)]
pub struct AppContext {
    pub store: Arc<dyn Store>,
    pub clock: Clock,
    pub staff: Arc<dyn StaffEnrolment>,
    pub tokens: Arc<dyn TokenIssuer>,
    /// Mark cookies `Secure` (behind HTTPS in production).
    pub secure_cookies: bool,
}

/// The application context, or an internal error if the server forgot to provide it.
pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the request context");
        AppError::Internal
    })
}
