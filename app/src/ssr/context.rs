use std::sync::Arc;

use leptos::prelude::use_context;

use super::{Clock, Store};
use crate::error::AppError;

/// What server functions need from the server, provided as one context value.
#[derive(Clone)]
pub struct AppContext {
    pub store: Arc<dyn Store>,
    pub clock: Clock,
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
