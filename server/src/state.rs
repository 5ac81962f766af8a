//! What every handler and server function shares: the Leptos options, the app
//! context (store, clock, enrolment) and the server's own settings. Its own
//! module, so that the router imports the handlers and the handlers import
//! this, and nothing imports back.

use std::sync::Arc;

use app::ssr::AppContext;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::blobs::BlobStore;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The static files' names (content-hashed by the build).
    pub assets: crate::assets::Assets,
    pub ctx: AppContext,
    pub session_hours: u32,
    pub trust_proxy: bool,
    /// The origins (`https://host[:port]`) whose pages may send unsafe requests.
    pub origins: Arc<[String]>,
    pub blobs: Arc<dyn BlobStore>,
}
