//! `PUT /api/v1/customers/{id}/credit-line`: the customer's line as the credit
//! system holds it (it owns limits; LimitDesk shows them and proposes changes).

use app::ssr::store::{ExternalCreditLine, IngestOp};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::LineStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::invalid_field;
use super::ingest::{self, Amount, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineStatusBody {
    Active,
    Frozen,
    Closed,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditLineBody {
    /// The credit system's version of the line; an older write arriving late is not applied.
    #[schema(minimum = 0, example = 7)]
    pub version: i64,
    /// The limit in yuan.
    pub limit: Amount,
    /// Owed and not yet repaid; at most the limit.
    pub outstanding: Amount,
    pub status: LineStatusBody,
}

impl Resource for CreditLineBody {
    fn into_op(self, customer: String, at: DateTime<Utc>, _: NaiveDate) -> ApiResult<IngestOp> {
        ingest::version(self.version)?;
        if self.outstanding.0 > self.limit.0 {
            return Err(invalid_field(
                "/outstanding",
                format!(
                    "{} is more than the limit of {}",
                    self.outstanding.0, self.limit.0
                ),
            ));
        }
        Ok(IngestOp::CreditLine(ExternalCreditLine {
            customer,
            version: self.version,
            limit: self.limit.0,
            outstanding: self.outstanding.0,
            status: match self.status {
                LineStatusBody::Active => LineStatus::Active,
                LineStatusBody::Frozen => LineStatus::Frozen,
                LineStatusBody::Closed => LineStatus::Closed,
            },
            at,
        }))
    }
}

/// Set the customer's credit line. An older version arriving after a newer
/// one is acknowledged (200, `not_newer`) and not applied.
#[utoipa::path(
    put,
    path = "/customers/{id}/credit-line",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the customer")),
    request_body = CreditLineBody,
    responses(
        (status = 201, description = "The first line the credit system sent", body = Upserted),
        (status = 200, description = "Updated, or not newer than what is stored", body = Upserted),
        ingest::WriteProblems,
    ),
    security(("bearer" = ["ingest"]))
)]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller<IngestScope>,
    Path(id): Path<String>,
    headers: HeaderMap,
    bytes: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Upserted>)> {
    ingest::put::<CreditLineBody>(&state, &caller, &id, &headers, bytes).await
}
