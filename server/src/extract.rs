//! Axum extractors for `app::ssr::guard`'s guards: a handler that takes
//! `Customer` or `Staff` cannot run for anyone else, and one that takes
//! `SignedIn` sees whoever it is, if anyone.

use app::ssr::guard::{self, Guard};
use app::ssr::store::Account;
use app::ssr::{Admin, AuditReader, CaseWorker, Customer, Staff};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::HandlerError;
use crate::state::AppState;

/// Whoever the session cookie belongs to, customer or staff, if anyone.
pub struct SignedIn(pub Option<Account>);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = HandlerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HandlerError> {
        Ok(SignedIn(
            app::ssr::session::session_account(&state.ctx, &parts.headers).await?,
        ))
    }
}

async fn admit<G: Guard>(parts: &Parts, state: &AppState) -> Result<G, HandlerError> {
    guard::admit::<G>(&state.ctx, &parts.headers)
        .await
        .map_err(|e| match e {
            app::error::AppError::NotSignedIn => match G::SIGN_IN {
                Some(page) => HandlerError::SignIn(page),
                None => HandlerError::NotFound,
            },
            other => other.into(),
        })
}

// One impl per guard: the orphan rule allows axum's trait for app's types only
// with our `AppState` named, not for every `G: Guard` at once.
macro_rules! extract_guard {
    ($($guard:ty),*) => {$(
        impl FromRequestParts<AppState> for $guard {
            type Rejection = HandlerError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HandlerError> {
                admit(parts, state).await
            }
        }
    )*};
}

extract_guard!(Customer, Staff, CaseWorker, AuditReader, Admin);
