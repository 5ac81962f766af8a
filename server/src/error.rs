//! The one error type of plain handlers (form posts, downloads), mapped to a
//! response once. Server functions have theirs (`app::error::AppError`); the
//! JSON API will have problem+json.

use app::error::AppError;
use app::i18n::{t, Lang};
use app::ssr::StoreError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    /// Not signed in as whom the handler serves: to this sign-in page.
    #[error("not signed in")]
    SignIn(&'static str),
    /// Absent, or not the asker's to see: the two answer alike on purpose.
    #[error("not found")]
    NotFound,
    /// Signed in, but the role may not.
    #[error("forbidden")]
    Forbidden,
    /// Refused for a reason the page explains: back to it, with the reason in
    /// its query (`?error=stale`).
    #[error("refused, back to {0}")]
    Refused(String),
    /// Ours, not the asker's: logged with its cause, answered opaquely.
    #[error(transparent)]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

pub type HandlerResult = Result<Response, HandlerError>;

impl HandlerError {
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> HandlerError {
        HandlerError::Internal(e.into())
    }
}

impl From<StoreError> for HandlerError {
    fn from(e: StoreError) -> HandlerError {
        match e {
            StoreError::NotFound => HandlerError::NotFound,
            other => HandlerError::internal(other),
        }
    }
}

impl From<AppError> for HandlerError {
    fn from(e: AppError) -> HandlerError {
        match e {
            AppError::NotFound => HandlerError::NotFound,
            AppError::Forbidden => HandlerError::Forbidden,
            // Which sign-in page is the guard's to say (`extract.rs`).
            AppError::NotSignedIn => HandlerError::SignIn("/login?reason=signin"),
            other => HandlerError::internal(other),
        }
    }
}

/// Marks a 500 whose page `with_request_id` writes, once the request id is known.
#[derive(Clone, Copy)]
struct Opaque;

impl IntoResponse for HandlerError {
    fn into_response(self) -> Response {
        match self {
            HandlerError::SignIn(to) => Redirect::to(to).into_response(),
            HandlerError::NotFound => StatusCode::NOT_FOUND.into_response(),
            HandlerError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            HandlerError::Refused(to) => Redirect::to(&to).into_response(),
            HandlerError::Internal(cause) => {
                // Inside the request's span, so the log line carries its id.
                tracing::error!(error = %cause, debug = ?cause, "request failed");
                let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
                response.extensions_mut().insert(Opaque);
                response
            }
        }
    }
}

/// Gives an internal error's page the request id, so that whoever reads it can
/// quote it and an operator can find the cause in the logs.
pub async fn with_request_id(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut response = next.run(request).await;
    if response.extensions().get::<Opaque>().is_none() {
        return response;
    }
    // Ids are ours (UUIDs) or a load balancer's; keep only their characters.
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    // In both languages: this page is all that is left when rendering failed,
    // so it reads no cookie. The id is filtered above and the catalogue is ours,
    // so neither can carry markup.
    let reference = format!("<code>{id}</code>");
    let (zh, en) = (Lang::Zh, Lang::En);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{zh_tag}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{zh_title} · {en_title}</title></head><body><main>\
         <h1>{zh_title}</h1><p>{zh_body}</p>\
         <h1 lang=\"{en_tag}\">{en_title}</h1><p lang=\"{en_tag}\">{en_body}</p>\
         <p><a href=\"/\">{zh_home} · <span lang=\"{en_tag}\">{en_home}</span></a></p></main></body></html>",
        zh_tag = zh.tag(),
        en_tag = en.tag(),
        zh_title = t::error_page_title(zh),
        en_title = t::error_page_title(en),
        zh_body = t::error_page_body(zh, &reference),
        en_body = t::error_page_body(en, &reference),
        zh_home = t::error_page_home(zh),
        en_home = t::error_page_home(en),
    );
    *response.body_mut() = Body::from(page);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
