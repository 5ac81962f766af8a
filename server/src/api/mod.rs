//! The credit system's API under `/api/v1`: JSON, bearer tokens with scopes,
//! RFC 9457 problems, and an OpenAPI 3.1 document generated from the
//! handlers themselves (utoipa), with a reference page served from here.

pub mod account_events;
pub mod batch;
pub mod body;
pub mod credit_lines;
pub mod customers;
pub mod decisions;
pub mod docs;
pub mod ingest;
pub mod orders;
pub mod outcomes;
pub mod portal;
pub mod problem;
pub mod repayments;
pub mod tokens;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "LimitDesk API",
        description = "For the credit system: its data in, support's outcomes out, customers signed in. \
                       Authenticate with `Authorization: Bearer ldk_…`; errors are `application/problem+json`.",
        version = "1"
    ),
    modifiers(&BearerAuth),
    components(schemas(problem::Problem, problem::FieldProblem)),
    tags(
        (name = "ingest", description = "The credit system's data in, by its own ids"),
        (name = "outcomes", description = "What support decided, as a feed"),
        (name = "portal", description = "Customers signed in from the credit product's app")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token from `limitdesk token create`; scopes: ingest, outcomes, portal.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API's routes and the document that describes exactly them.
pub fn router(stylesheet: &str) -> (Router<AppState>, Document) {
    let (routes, document) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(
            "/api/v1",
            OpenApiRouter::new()
                .routes(routes!(outcomes::feed))
                .routes(routes!(customers::put))
                .routes(routes!(credit_lines::put))
                .routes(routes!(orders::put))
                .routes(routes!(repayments::put))
                .routes(routes!(account_events::put))
                .routes(routes!(decisions::put))
                .routes(routes!(batch::post))
                .routes(routes!(portal::create))
                .layer(axum::extract::DefaultBodyLimit::max(body::MAX_BYTES)),
        )
        .split_for_parts();
    let json = std::sync::Arc::new(document.clone());
    let page = std::sync::Arc::new(docs::reference_page(&document, stylesheet));
    let routes = routes
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let json = json.clone();
                async move { Json((*json).clone()) }
            }),
        )
        // Anything else under the API answers as the API does, not with a page.
        .route("/api/v1/{*rest}", axum::routing::any(no_such_endpoint))
        .route(
            "/api/v1/docs",
            get(move || {
                let page = page.clone();
                async move { axum::response::Html((*page).clone()) }
            }),
        );
    (routes, document)
}

async fn no_such_endpoint() -> problem::ApiError {
    problem::ApiError::new(
        problem::ProblemKind::NotFound,
        "No such endpoint: see /api/v1/docs.",
    )
}
