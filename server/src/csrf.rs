//! Cross-site request forgery protection for every state-changing request.
//!
//! Session cookies are `SameSite=Lax`, and on top of that every unsafe request
//! must come from our own origin, judged by the `Sec-Fetch-Site` and `Origin`
//! headers browsers attach (OWASP's "verifying origin with standard headers"),
//! compared with the configured public origin, never with the request's own
//! `Host`. Unlike a token, this needs nothing in the page, so plain forms keep
//! working before the wasm loads. A request that carries cookies but neither
//! header is refused too: every browser that could have been tricked into
//! sending it sends at least one of them.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub async fn verify_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    match judge(&request, &state.origins) {
        Ok(()) => next.run(request).await,
        Err(why) => {
            tracing::warn!(method = %request.method(), uri = %request.uri(), why, "cross-site request refused");
            (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
        }
    }
}

fn judge(request: &Request, origins: &[String]) -> Result<(), &'static str> {
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    // Either signal saying "not us" is enough to refuse.
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return Err("sec-fetch-site");
    }
    if let Some(origin) = origin {
        let ours = origin_of(origin).is_some_and(|o| origins.contains(&o));
        if !ours {
            return Err("origin");
        }
    }
    if fetch_site.is_none() && origin.is_none() && headers.contains_key(header::COOKIE) {
        return Err("cookies without origin headers");
    }
    Ok(())
}

/// `HTTPS://Example.com:8443/` → `https://example.com:8443`; a path, `null` or
/// junk → None.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.strip_suffix('/').unwrap_or(rest);
    let valid = matches!(scheme.as_str(), "http" | "https")
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    valid.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert_eq!(
            origin_of("http://127.0.0.1:3000").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(
            origin_of("HTTPS://LimitDesk.example.com/").as_deref(),
            Some("https://limitdesk.example.com")
        );
        assert_eq!(origin_of("https://limitdesk.example.com/app"), None);
        assert_eq!(origin_of("null"), None);
    }
}
