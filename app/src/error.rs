//! The one error type server functions return. It crosses to the browser, so it
//! carries no internal detail: causes are logged on the server, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid customer session: the page sends the visitor to sign in.
    #[error("not signed in")]
    NotSignedIn,
    /// Absent, or someone else's: the two are indistinguishable on purpose.
    #[error("not found")]
    NotFound,
    /// Signed in, but the role may not see this (e.g. an agent and the audit log).
    #[error("forbidden")]
    Forbidden,
    /// Logged on the server with its cause.
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, encoding); the text is the framework's.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            AppError::NotSignedIn => t::err_not_signed_in(lang),
            AppError::NotFound => t::err_not_found(lang),
            AppError::Forbidden => t::your_role_does_not_give(lang),
            AppError::Internal => t::err_internal(lang),
            AppError::Transport(_) => t::err_transport(lang),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Gives the response that carries this error a status saying what happened
    /// (a page that then redirects to sign-in still ends up a redirect).
    pub fn with_status(self) -> Self {
        use http::StatusCode;
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(match self {
                AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            });
        }
        self
    }
}

#[cfg(feature = "ssr")]
impl From<crate::ssr::StoreError> for AppError {
    fn from(err: crate::ssr::StoreError) -> Self {
        match err {
            crate::ssr::StoreError::NotFound => AppError::NotFound,
            other => {
                tracing::error!(error = %other, "store error");
                AppError::Internal
            }
        }
    }
}
