//! `POST /api/v1/batch`: up to 1,000 writes in one request, for backfills.
//! Each is applied as its own `PUT` would be and answered on its own.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use app::ssr::store::{Actor, IngestOp, StoreResult};
use app::ssr::Store;

use super::account_events::AccountEventBody;
use super::body::{self, invalid_field};
use super::credit_lines::CreditLineBody;
use super::customers::CustomerBody;
use super::decisions::DecisionBody;
use super::ingest::{self, Resource, Upserted};
use super::orders::OrderBody;
use super::problem::{ApiError, ApiResult, Problem, ProblemKind};
use super::repayments::RepaymentBody;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

/// Most operations in one batch.
pub const MAX_OPERATIONS: usize = 1000;

/// Which `PUT` an operation stands for.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    /// `PUT /customers/{id}`, body `CustomerBody`.
    Customer,
    /// `PUT /customers/{id}/credit-line`, body `CreditLineBody`.
    CreditLine,
    /// `PUT /orders/{id}`, body `OrderBody`.
    Order,
    /// `PUT /repayments/{id}`, body `RepaymentBody`.
    Repayment,
    /// `PUT /account-events/{id}`, body `AccountEventBody`.
    AccountEvent,
    /// `PUT /decisions/{id}`, body `DecisionBody`.
    Decision,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    #[serde(rename = "type")]
    pub kind: OperationKind,
    /// The id the `PUT` would have in its path.
    #[schema(example = "CUS-1001")]
    pub id: String,
    /// The body the `PUT` would send.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchBody {
    /// Applied in this order; send a customer before its orders, an order
    /// before its repayments and the decisions naming it.
    #[schema(max_items = 1000)]
    pub operations: Vec<Operation>,
}

/// One operation's answer: the status its own `PUT` would have had, with
/// its result or its problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct OperationResult {
    pub index: usize,
    #[schema(example = 201)]
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Upserted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResults {
    /// One per operation, in the order sent.
    pub results: Vec<OperationResult>,
}

fn parse_as<B: Resource>(
    body: serde_json::Value,
    id: String,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> ApiResult<IngestOp> {
    body::value::<B>(body)?.into_op(id, now, today)
}

/// The operation as the store's write, or its problem (pointers from the operation).
fn parse(op: Operation, now: DateTime<Utc>, today: NaiveDate) -> ApiResult<(String, IngestOp)> {
    let id = ingest::reference("/id", &op.id)?;
    let within_body = |e: ApiError| e.within("/body");
    let write = match op.kind {
        OperationKind::Customer => parse_as::<CustomerBody>(op.body, id.clone(), now, today),
        OperationKind::CreditLine => parse_as::<CreditLineBody>(op.body, id.clone(), now, today),
        OperationKind::Order => parse_as::<OrderBody>(op.body, id.clone(), now, today),
        OperationKind::Repayment => parse_as::<RepaymentBody>(op.body, id.clone(), now, today),
        OperationKind::AccountEvent => {
            parse_as::<AccountEventBody>(op.body, id.clone(), now, today)
        }
        OperationKind::Decision => parse_as::<DecisionBody>(op.body, id.clone(), now, today),
    }
    .map_err(within_body)?;
    Ok((id, write))
}

fn failed(index: usize, error: ApiError) -> OperationResult {
    let problem = error.within(&format!("/operations/{index}")).problem();
    OperationResult {
        index,
        status: problem.status,
        result: None,
        problem: Some(problem),
    }
}

/// Apply up to 1,000 writes, each as its own `PUT` would be: a refused one
/// changes nothing and the others still apply. The answer is 200 with one
/// result per operation; read each one's `status`.
#[utoipa::path(
    post,
    path = "/batch",
    tag = "ingest",
    request_body = BatchBody,
    responses(
        (status = 200, description = "Every operation's own answer", body = BatchResults),
        ingest::WriteProblems,
    ),
    security(("bearer" = ["ingest"]))
)]
pub async fn post(
    State(state): State<AppState>,
    caller: Caller<IngestScope>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<BatchResults>> {
    let bytes =
        bytes.map_err(|_| ApiError::new(ProblemKind::TooLarge, "The body is larger than 1 MB."))?;
    let batch = body::json::<BatchBody>(&headers, &bytes)?;
    if batch.operations.len() > MAX_OPERATIONS {
        return Err(invalid_field(
            "/operations",
            format!(
                "{} operations; send at most {MAX_OPERATIONS} per batch",
                batch.operations.len()
            ),
        ));
    }
    let (now, today) = (state.ctx.clock.now(), state.ctx.clock.today());
    let results = apply(
        state.ctx.store.as_ref(),
        batch.operations,
        &caller.token.actor(),
        now,
        today,
    )
    .await?;
    Ok(Json(BatchResults { results }))
}

/// Parses and applies each operation as the endpoint does, arriving at `now`.
/// The demo world is seeded through here, so it is what an integration makes.
pub async fn apply(
    store: &dyn Store,
    operations: Vec<Operation>,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> StoreResult<Vec<OperationResult>> {
    let mut answers: Vec<Option<OperationResult>> = Vec::with_capacity(operations.len());
    let mut writes = Vec::new();
    let mut pending = Vec::new();
    for (index, op) in operations.into_iter().enumerate() {
        match parse(op, now, today) {
            Ok((id, write)) => {
                writes.push(write);
                pending.push((index, id));
                answers.push(None);
            }
            Err(e) => answers.push(Some(failed(index, e))),
        }
    }
    let results = store.ingest(writes, actor).await?;
    for ((index, id), result) in pending.into_iter().zip(results) {
        answers[index] = Some(match ingest::answer(id, result) {
            Ok((status, done)) => OperationResult {
                index,
                status: status.as_u16(),
                result: Some(done),
                problem: None,
            },
            Err(e) => failed(index, e.within("/body")),
        });
    }
    Ok(answers.into_iter().flatten().collect())
}
