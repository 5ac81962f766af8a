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

/// The provided URL, else the build's plain name (a server that did not say).
pub fn stylesheet_href(output_name: &str, pkg_dir: &str) -> Arc<str> {
    use_context::<Stylesheet>()
        .map(|s| s.0)
        .unwrap_or_else(|| format!("/{pkg_dir}/{output_name}.css").into())
}
