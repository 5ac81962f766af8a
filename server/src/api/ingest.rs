//! What every write of the credit system's data shares: its id in the path,
//! amounts and dates checked at the edge, one answer shape, and refusals from
//! the store mapped to problems.

use app::ssr::store::{Applied, IngestOp, IngestRefusal, IngestResult};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Money;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::{self, invalid_field};
use super::problem::{ApiError, ApiResult, FieldProblem, Problem, ProblemKind};
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

/// Longest external id accepted.
const MAX_ID_CHARS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpsertResult {
    Created,
    Updated,
    /// The stored version is this one or newer: nothing changed.
    NotNewer,
    /// The same immutable record was already here: nothing changed.
    Unchanged,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Upserted {
    /// The credit system's id of the record.
    pub id: String,
    /// LimitDesk's own id for the record.
    pub limitdesk_id: Uuid,
    pub result: UpsertResult,
}

/// Checks an id of the credit system's: 1–64 characters of `A–Z a–z 0–9 . _ : -`.
fn check_id(id: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
    !id.is_empty() && id.len() <= MAX_ID_CHARS && id.chars().all(allowed)
}

const ID_RULE: &str = "1–64 characters of A–Z, a–z, 0–9, `.`, `_`, `:` or `-`";

/// The path's id, checked.
pub fn external_id(id: &str) -> ApiResult<String> {
    if !check_id(id) {
        return Err(ApiError::parameter("id", ID_RULE));
    }
    Ok(id.to_owned())
}

/// An id in the body (`customer_id`, `order_id`), checked.
pub fn reference(pointer: &str, id: &str) -> ApiResult<String> {
    if !check_id(id) {
        return Err(invalid_field(pointer, ID_RULE));
    }
    Ok(id.to_owned())
}

/// A version is 0 or more.
pub fn version(version: i64) -> ApiResult<i64> {
    if version < 0 {
        return Err(invalid_field("/version", "a version is 0 or more"));
    }
    Ok(version)
}

/// Text a person wrote (a description, a notice): trimmed, not empty, at most
/// `max` characters, no control characters but line breaks.
pub fn text(pointer: &str, value: &str, max: usize) -> ApiResult<String> {
    let value = value.trim();
    let bad = |c: char| c.is_control() && c != '\n';
    if value.is_empty() || value.chars().count() > max || value.chars().any(bad) {
        return Err(invalid_field(
            pointer,
            format!("1–{max} characters, no control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// A day that has happened already (in Asia/Shanghai, the product's calendar).
pub fn past_day(pointer: &str, day: NaiveDate, today: NaiveDate) -> ApiResult<NaiveDate> {
    if day > today {
        return Err(invalid_field(
            pointer,
            format!("{day} is in the future (today is {today})"),
        ));
    }
    Ok(day)
}

/// An instant that has happened already.
pub fn past_instant(
    pointer: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ApiResult<DateTime<Utc>> {
    if at > now {
        return Err(invalid_field(
            pointer,
            format!("{} is in the future", at.to_rfc3339()),
        ));
    }
    Ok(at)
}

/// An amount of money as the API writes it: a decimal string with at most
/// two decimals, never negative (`"8000.00"`). Numbers are refused: a JSON
/// number is a float to most senders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, pattern = r"^[0-9]{1,13}(\.[0-9]{1,2})?$", example = "8000.00")]
pub struct Amount(pub Money);

impl TryFrom<String> for Amount {
    type Error = String;
    fn try_from(s: String) -> Result<Amount, String> {
        if s.starts_with('-') {
            return Err(format!("`{s}` is negative; amounts are 0 or more"));
        }
        let (whole, fraction) = s.split_once('.').unwrap_or((&s, "00"));
        let digits = |part: &str, max: usize| {
            !part.is_empty() && part.len() <= max && part.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(whole, 13) || !digits(fraction, 2) {
            return Err(format!(
                "`{s}` is not an amount in yuan with at most two decimals, e.g. \"600.00\""
            ));
        }
        s.parse::<Money>()
            .map(Amount)
            .map_err(|e| format!("`{s}` is not an amount: {e}"))
    }
}

impl From<Amount> for String {
    fn from(a: Amount) -> String {
        a.0.as_decimal().to_string()
    }
}

/// SHA-256 of a body in its canonical form (fields in declared order, amounts
/// normalised): what makes "the same record again" exact.
pub fn digest<T: Serialize>(body: &T) -> String {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A body of one kind of record, turned into the store's write.
pub trait Resource: DeserializeOwned + Serialize {
    fn into_op(self, id: String, now: DateTime<Utc>, today: NaiveDate) -> ApiResult<IngestOp>;
}

fn refused(refusal: IngestRefusal) -> ApiError {
    let detail = refusal.to_string();
    let field = |pointer: &str| {
        ApiError::Problem(
            ProblemKind::UnknownReference,
            format!("`{pointer}`: {detail}"),
            vec![FieldProblem {
                pointer: Some(pointer.to_owned()),
                parameter: None,
                detail: detail.clone(),
            }],
        )
    };
    match &refusal {
        IngestRefusal::UnknownCustomer(_) => field("/customer_id"),
        IngestRefusal::UnknownOrder { pointer, .. }
        | IngestRefusal::UnknownInstallment { pointer, .. } => field(pointer),
        IngestRefusal::Changed(_)
        | IngestRefusal::OtherCustomer(_)
        | IngestRefusal::InstallmentRepaid(_) => ApiError::new(ProblemKind::Conflict, detail),
    }
}

/// The answer to one write: 201 when created, 200 otherwise, or its problem.
pub fn answer(id: String, result: IngestResult) -> ApiResult<(StatusCode, Upserted)> {
    let (limitdesk_id, applied) = result.map_err(refused)?;
    let (status, result) = match applied {
        Applied::Created => (StatusCode::CREATED, UpsertResult::Created),
        Applied::Updated => (StatusCode::OK, UpsertResult::Updated),
        Applied::NotNewer => (StatusCode::OK, UpsertResult::NotNewer),
        Applied::Unchanged => (StatusCode::OK, UpsertResult::Unchanged),
    };
    Ok((
        status,
        Upserted {
            id,
            limitdesk_id,
            result,
        },
    ))
}

/// A single `PUT`: the record of kind `B` under the path's id.
pub async fn put<B: Resource>(
    state: &AppState,
    caller: &Caller<IngestScope>,
    id: &str,
    headers: &HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Upserted>)> {
    let id = external_id(id)?;
    let bytes =
        bytes.map_err(|_| ApiError::new(ProblemKind::TooLarge, "The body is larger than 1 MB."))?;
    let clock = &state.ctx.clock;
    let op = body::json::<B>(headers, &bytes)?.into_op(id.clone(), clock.now(), clock.today())?;
    let result = state
        .ctx
        .store
        .ingest(vec![op], &caller.token.actor())
        .await?
        .pop()
        .ok_or_else(|| ApiError::new(ProblemKind::Internal, "The write had no answer."))?;
    answer(id, result).map(|(status, done)| (status, Json(done)))
}

/// The problems every write can answer with, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Only its derived description is used.
pub enum WriteProblems {
    /// A field is not valid; nothing was stored.
    #[response(status = 400, content_type = "application/problem+json")]
    Invalid(Problem),
    /// No live token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The token lacks the `ingest` scope.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// The record exists with another body and never changes, or belongs to another customer.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The body is over 1 MB.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// The body names a customer, order or installment LimitDesk does not have.
    #[response(status = 422, content_type = "application/problem+json")]
    UnknownReference(Problem),
}
