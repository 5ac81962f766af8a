//! Cross-site request forgery protection for every state-changing request.
//!
//! Session cookies are `SameSite=Lax`, and on top of that every unsafe request
//! must come from our own origin, judged by the `Sec-Fetch-Site` and `Origin`
//! headers browsers attach (OWASP's "verifying origin with standard headers").
//! Unlike a token, this needs nothing in the page, so plain forms keep working
//! before the wasm loads. A request with neither header is not from a browser
//! and so cannot carry a victim's cookies by forgery.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn verify_origin(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let same_site_fetch = match fetch_site {
        Some("same-origin") | Some("none") => Some(true),
        Some(_) => Some(false),
        None => None,
    };
    let origin_matches = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(|origin| {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin_host(origin) == Some(host)
        });
    // Either signal saying "cross-site" is enough to refuse.
    if same_site_fetch == Some(false) || origin_matches == Some(false) {
        tracing::warn!(method = %request.method(), uri = %request.uri(), ?fetch_site, "cross-site request refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

/// `https://example.com:8443` → `example.com:8443`; `null` and junk → None.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin.split_once("://")?.1;
    Some(rest.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::origin_host;

    #[test]
    fn origin_host_strips_the_scheme() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("null"), None);
    }
}
