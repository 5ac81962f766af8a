//! Errors of the API as RFC 9457 problem details (`application/problem+json`),
//! mapped to a response in one place. Each kind has a stable `type`: a link
//! to its section of the API reference.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use app::ssr::StoreError;

/// The kinds of problem the API answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    Unauthorized,
    Forbidden,
    Invalid,
    NotFound,
    /// The body names a customer, order or installment LimitDesk does not have.
    UnknownReference,
    /// The record exists with other content, and records of its kind never change.
    Conflict,
    UnsupportedMediaType,
    TooLarge,
    Internal,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 9] = [
        ProblemKind::Unauthorized,
        ProblemKind::Forbidden,
        ProblemKind::Invalid,
        ProblemKind::NotFound,
        ProblemKind::UnknownReference,
        ProblemKind::Conflict,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::TooLarge,
        ProblemKind::Internal,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "unauthorized",
            ProblemKind::Forbidden => "forbidden",
            ProblemKind::Invalid => "invalid",
            ProblemKind::NotFound => "not-found",
            ProblemKind::UnknownReference => "unknown-reference",
            ProblemKind::Conflict => "conflict",
            ProblemKind::UnsupportedMediaType => "unsupported-media-type",
            ProblemKind::TooLarge => "too-large",
            ProblemKind::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ProblemKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ProblemKind::Forbidden => StatusCode::FORBIDDEN,
            ProblemKind::Invalid => StatusCode::BAD_REQUEST,
            ProblemKind::NotFound => StatusCode::NOT_FOUND,
            ProblemKind::UnknownReference => StatusCode::UNPROCESSABLE_ENTITY,
            ProblemKind::Conflict => StatusCode::CONFLICT,
            ProblemKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ProblemKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => "The bearer token is missing, unknown or revoked",
            ProblemKind::Forbidden => "The token lacks the scope this needs",
            ProblemKind::Invalid => "The request is not valid",
            ProblemKind::NotFound => "No such resource",
            ProblemKind::UnknownReference => "The body names a record LimitDesk does not have",
            ProblemKind::Conflict => "The record exists with other content",
            ProblemKind::UnsupportedMediaType => "The body must be JSON",
            ProblemKind::TooLarge => "The body is too large",
            ProblemKind::Internal => "LimitDesk failed to answer",
        }
    }

    /// What a caller does about it, for the reference page.
    pub fn advice(self) -> &'static str {
        match self {
            ProblemKind::Unauthorized => {
                "Send `Authorization: Bearer <token>` with a live token; an admin creates one with `limitdesk token create`."
            }
            ProblemKind::Forbidden => {
                "Use a token created with the scope named in `detail`."
            }
            ProblemKind::Invalid => {
                "Fix what `errors` names (a JSON pointer into the body, or a query parameter) and send again; nothing was stored."
            }
            ProblemKind::NotFound => "Check the id in the path.",
            ProblemKind::UnknownReference => {
                "Send what `errors` points at first (a customer before its orders, an order before its repayments and the decisions naming it), then this again; nothing was stored."
            }
            ProblemKind::Conflict => {
                "Decisions, repayments and account events never change: send a correction under a new id. Nothing was stored."
            }
            ProblemKind::UnsupportedMediaType => "Send `Content-Type: application/json`.",
            ProblemKind::TooLarge => "Keep each body under 1 MB.",
            ProblemKind::Internal => {
                "Retry later; if it persists, give LimitDesk's operators the `x-request-id` of the response."
            }
        }
    }

    pub fn type_uri(self) -> String {
        format!("/api/v1/docs#problem-{}", self.slug())
    }
}

/// One offending part of a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// A JSON pointer into the body (`/reasons/4`), or absent for a query parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The query parameter, when the problem is in the query.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub detail: String,
}

/// An RFC 9457 problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Stable: a link to this kind's section of the reference.
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    /// What happened, in words a person can act on.
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// The API's one error type.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{1}")]
    Problem(ProblemKind, String, Vec<FieldProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ApiError {
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> ApiError {
        ApiError::Problem(kind, detail.into(), Vec::new())
    }

    pub fn parameter(name: &str, detail: impl Into<String>) -> ApiError {
        let detail = detail.into();
        ApiError::Problem(
            ProblemKind::Invalid,
            format!("The query parameter `{name}` is not valid: {detail}"),
            vec![FieldProblem {
                pointer: None,
                parameter: Some(name.to_owned()),
                detail,
            }],
        )
    }
}

impl ApiError {
    /// The problem document this error answers with (logged once if internal).
    pub fn problem(self) -> Problem {
        let (kind, detail, errors) = match self {
            ApiError::Problem(kind, detail, errors) => (kind, detail, errors),
            ApiError::Store(StoreError::NotFound) => (
                ProblemKind::NotFound,
                "No such resource.".to_owned(),
                Vec::new(),
            ),
            ApiError::Store(e) => {
                tracing::error!(error = %e, debug = ?e, "API request failed");
                (
                    ProblemKind::Internal,
                    "LimitDesk could not answer this request.".to_owned(),
                    Vec::new(),
                )
            }
        };
        Problem {
            type_uri: kind.type_uri(),
            title: kind.title().to_owned(),
            status: kind.status().as_u16(),
            detail,
            errors,
        }
    }
}

impl ApiError {
    /// The same problem about a part of a larger body: its pointers (and the
    /// detail quoting them) start at `prefix`, e.g. `/operations/3/body`.
    pub fn within(self, prefix: &str) -> ApiError {
        match self {
            ApiError::Problem(kind, mut detail, errors) => {
                let errors = errors
                    .into_iter()
                    .map(|mut e| {
                        if let Some(p) = e.pointer.take() {
                            let full = format!("{prefix}{p}");
                            detail = detail.replace(&format!("`{p}`"), &format!("`{full}`"));
                            e.pointer = Some(full);
                        }
                        e
                    })
                    .collect();
                ApiError::Problem(kind, detail, errors)
            }
            other => other,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = status == StatusCode::UNAUTHORIZED;
        let mut response = (status, axum::Json(problem)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if unauthorized {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"limitdesk\""),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
