//! The site's static files: their content-hashed names, and how long a
//! browser may keep them.
//!
//! `scripts/build` names the JS, wasm and CSS by their content and writes
//! the hashes to `hash.txt` in the site root, as cargo-leptos' `hash-files`
//! does; it also leaves a brotli and a gzip copy of each. A hashed file never
//! changes under its name, so browsers keep it a year without asking again.
//! Without `hash.txt` (e.g. `cargo leptos watch`) the names are the plain
//! ones and browsers revalidate every time.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::Router;
use leptos::config::LeptosOptions;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

const HASH_FILE: &str = "hash.txt";
const A_YEAR: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The stylesheet's URL, for pages rendered outside Leptos (the API reference).
#[derive(Debug, Clone)]
pub struct Assets {
    pub stylesheet: Arc<str>,
    hashed: bool,
    pkg_dir: PathBuf,
}

impl Assets {
    /// Reads the build's hashes, and turns Leptos' own hashed links on
    /// (`HydrationScripts`, `HashedStylesheet`) when there are some.
    pub fn load(options: &mut LeptosOptions) -> Assets {
        let root = Path::new(options.site_root.as_ref());
        let hash_file = root.join(HASH_FILE);
        let css_hash = std::fs::read_to_string(&hash_file).ok().and_then(|text| {
            text.lines().find_map(|line| {
                let (kind, hash) = line.split_once(':')?;
                (kind.trim() == "css").then(|| hash.trim().to_owned())
            })
        });
        let hashed = css_hash.is_some();
        if hashed {
            // An absolute path: Leptos joins it to the binary's directory,
            // and joining an absolute path replaces it.
            let absolute = std::path::absolute(&hash_file).unwrap_or(hash_file);
            options.hash_files = true;
            options.hash_file = absolute.to_string_lossy().into();
        } else {
            tracing::info!(
                "no {HASH_FILE} in {}: static files keep their plain names",
                root.display()
            );
        }
        let pkg = options.site_pkg_dir.as_ref();
        let name = options.output_name.as_ref();
        let stylesheet = match css_hash {
            Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
            None => format!("/{pkg}/{name}.css"),
        };
        Assets {
            stylesheet: stylesheet.into(),
            hashed,
            pkg_dir: root.join(pkg),
        }
    }

    /// `/pkg`: the build's files, precompressed copies preferred, kept a
    /// year when their names are hashed.
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let cache = HeaderValue::from_static(if self.hashed { A_YEAR } else { REVALIDATE });
        // Only on a file found: a 404 kept for a year would outlive the deploy
        // that adds the file.
        let on_success = move |response: &axum::http::Response<_>| {
            response.status().is_success().then(|| cache.clone())
        };
        Router::new().fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    on_success,
                ))
                .service(
                    ServeDir::new(&self.pkg_dir)
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
    }
}
