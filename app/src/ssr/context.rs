use std::sync::Arc;

use leptos::prelude::use_context;

use super::store::{Actor, StoreResult};
use super::{Clock, Store};
use crate::error::AppError;
use crate::model::Role;
use crate::staff_accounts::{Enrolment, StaffAccountRefusal};

/// A staff account to create, as the admin typed it (checked by the server).
#[derive(Clone)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

// By hand, so that the typed password never reaches a log.
impl std::fmt::Debug for NewStaff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStaff")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// Creating staff accounts and their authenticators. The server owns password
/// hashing and the TOTP and QR code crates, so the admin page asks it here.
#[async_trait::async_trait]
pub trait StaffEnrolment: Send + Sync {
    /// A new staff account with a fresh authenticator and recovery codes.
    async fn add(
        &self,
        staff: NewStaff,
        actor: &Actor,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<Enrolment, StaffAccountRefusal>>;
    /// A fresh authenticator and recovery codes for a staff account whose phone
    /// was lost; the old ones stop working and the account's sessions end.
    async fn reset(
        &self,
        account: uuid::Uuid,
        actor: &Actor,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<Result<Enrolment, StaffAccountRefusal>>;
}

/// What server functions need from the server, provided as one context value.
#[derive(Clone)]
pub struct AppContext {
    pub store: Arc<dyn Store>,
    pub clock: Clock,
    pub staff: Arc<dyn StaffEnrolment>,
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
