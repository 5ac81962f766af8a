//! The HTTP application: Leptos pages and server functions, the sign-in forms,
//! static files, and the headers every response carries.

use std::net::SocketAddr;
use std::sync::Arc;

use app::{shell, App};
use axum::http::{header, HeaderName, HeaderValue};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::staff_accounts::StaffAccounts;
use crate::state::AppState;
use crate::{appeals, auth, csrf, error, jobs, review, roles, staff_auth};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let ctx = state.ctx.clone();
    let stylesheet = app::ssr::stylesheet::Stylesheet(state.assets.stylesheet.clone());
    let provide = move || {
        provide_context(ctx.clone());
        provide_context(stylesheet.clone());
        provide_context(app::ssr::once::RequestOnce::default());
    };
    let options = state.leptos_options.clone();
    // Only where cookies are Secure, i.e. served over HTTPS: a plain-HTTP demo
    // on localhost must not teach the browser to refuse it.
    let hsts = state
        .ctx
        .secure_cookies
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));

    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/lang", post(auth::set_lang))
        .route("/portal/{token}", get(auth::portal))
        .route(
            "/decisions/{id}/appeal",
            post(appeals::submit).layer(axum::extract::DefaultBodyLimit::max(appeals::BODY_LIMIT)),
        )
        .route(
            "/appeals/{id}/reply",
            post(appeals::reply).layer(axum::extract::DefaultBodyLimit::max(appeals::BODY_LIMIT)),
        )
        .route("/appeals/{id}/withdraw", post(appeals::withdraw))
        .route("/evidence/{id}", get(appeals::download))
        .route("/evidence/{id}/thumbnail", get(appeals::thumbnail))
        .route("/admin/auth/login", post(staff_auth::login))
        .route("/admin/auth/password", post(staff_auth::change_password))
        .route("/admin/auth/enrol", post(staff_auth::enrol))
        .route("/admin/staff/{id}/role", post(roles::change))
        .route("/admin/role-grants/{id}/approve", post(roles::approve))
        .route("/admin/role-grants/{id}/decline", post(roles::decline))
        .route("/admin/appeals/{id}/claim", post(review::claim))
        .route("/admin/appeals/{id}/assign", post(review::assign))
        .route("/admin/appeals/{id}/ask", post(review::ask))
        .route("/admin/appeals/{id}/note", post(review::note))
        .route("/admin/appeals/{id}/decide", post(review::decide))
        .route("/admin/appeals/{id}/approve", post(review::approve))
        .route("/admin/appeals/{id}/send-back", post(review::send_back))
        .route("/admin/audit.csv", post(review::audit_csv))
        .route("/healthz", get(|| async { "ok" }))
        .merge(crate::api::router(&state.assets.stylesheet).0)
        .nest("/pkg", state.assets.router())
        .leptos_routes_with_context(&state, routes, provide.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            csrf::verify_origin,
        ))
        .layer(middleware::from_fn(error::with_request_id))
        .layer(middleware::from_fn(no_store_for_people))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        // Pages set their own policy, with the nonce of their hydration script
        // (`app::ssr::headers`); everything else (redirects, downloads, error
        // pages, static files) may run and embed nothing.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; \
                 form-action 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
        .layer(CompressionLayer::new())
        // Every request gets an id (or keeps the load balancer's), every log line
        // of it carries the id, and so does the response: a person reporting a
        // failure can quote it, and an operator can find its cause.
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Pages and server-function answers are about someone: no cache, shared or
/// the browser's own, keeps a copy (`no-store`). Static files are left alone.
async fn no_store_for_people(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let personal = api
        || response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if personal && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = request.uri().path(),
        request_id = id,
    )
}

/// Binds, announces the address on stdout (tests read it) and serves until Ctrl-C.
pub async fn serve(mut state: AppState, addr: &str) -> anyhow::Result<()> {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    // Nagle's algorithm with delayed ACKs put a ~44 ms floor under every small
    // response on loopback (measured with wrk before and after).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    if state.origins.is_empty() {
        let mut origins = vec![format!("http://{local}")];
        if local.ip().is_loopback() {
            origins.push(format!("http://localhost:{}", local.port()));
        }
        state.origins = origins.into();
    }
    // Enrolment links point where people reach LimitDesk, known from here on.
    let base = state.origins.first().cloned().unwrap_or_default();
    state.ctx.staff = Arc::new(StaffAccounts::new(state.ctx.store.clone(), base));
    println!("LimitDesk listening on http://{local}");
    tracing::info!(%local, backend = state.ctx.store.backend(), "listening");
    tokio::spawn(jobs::every_hour(state.ctx.clone(), state.blobs.clone()));
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
