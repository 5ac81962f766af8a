//! The stylesheet's URL, as the server worked it out at start.
//!
//! `leptos_meta::HashedStylesheet` finds the content-hashed name by reading
//! `hash.txt` next to the binary on every render (five system calls per
//! page); the server reads it once (`server::assets`) and provides the URL.

use std::sync::Arc;

use leptos::prelude::use_context;

/// The URL of the site's stylesheet, provided per request by the server.
#[derive(Debug, Clone)]
pub struct Stylesheet(pub Arc<str>);

/// The provided URL; `None`, logged, if the server forgot to provide it.
pub fn stylesheet_href() -> Option<Arc<str>> {
    let href = use_context::<Stylesheet>().map(|s| s.0);
    if href.is_none() {
        tracing::error!("Stylesheet missing from the request context");
    }
    href
}
