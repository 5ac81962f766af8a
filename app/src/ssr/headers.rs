//! The Content-Security-Policy of a rendered page. Its one inline script (the
//! hydration loader) carries the nonce Leptos generates for each response, so
//! the policy can forbid every other inline script, and everything else comes
//! from this origin.

use http::header::{HeaderValue, CONTENT_SECURITY_POLICY};
use leptos::nonce::use_nonce;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Sets the page's policy on the response being rendered. Responses that are
/// not pages get the server's stricter default (`server/src/router.rs`).
pub fn content_security_policy() {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
