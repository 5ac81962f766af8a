//! `PUT /api/v1/repayments/{id}`: money the customer paid against an installment.

use app::ssr::store::{ExternalRepayment, IngestOp};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::invalid_field;
use super::ingest::{self, Amount, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RepaymentBody {
    #[schema(example = "CUS-1001")]
    pub customer_id: String,
    /// The credit system's id for the order.
    #[schema(example = "ORD-77")]
    pub order_id: String,
    /// Which installment of the order (its `seq`).
    #[schema(minimum = 1, example = 1)]
    pub installment: u32,
    /// More than zero.
    pub amount: Amount,
    #[schema(value_type = String, format = Date, example = "2026-10-21")]
    pub paid_on: NaiveDate,
}

impl Resource for RepaymentBody {
    fn into_op(
        self,
        external_id: String,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> ApiResult<IngestOp> {
        let digest = ingest::digest(&self);
        let customer = ingest::reference("/customer_id", &self.customer_id)?;
        let order = ingest::reference("/order_id", &self.order_id)?;
        if self.installment == 0 {
            return Err(invalid_field("/installment", "installments count from 1"));
        }
        if self.amount.0.is_zero() {
            return Err(invalid_field("/amount", "a repayment is more than zero"));
        }
        Ok(IngestOp::Repayment(ExternalRepayment {
            external_id,
            customer,
            order,
            seq: self.installment,
            amount: self.amount.0,
            paid_on: ingest::past_day("/paid_on", self.paid_on, today)?,
            digest,
            at,
        }))
    }
}

/// Record a repayment. The installment counts as paid on the day its
/// repayments add up to its amount, which ticks the customer's restoration
/// checklist at once. Repayments never change: the same id with the same body
/// is a no-op (200), with another body a conflict (409).
#[utoipa::path(
    put,
    path = "/repayments/{id}",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the repayment")),
    request_body = RepaymentBody,
    responses(
        (status = 201, description = "Recorded", body = Upserted),
        (status = 200, description = "Already recorded with this body", body = Upserted),
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
    ingest::put::<RepaymentBody>(&state, &caller, &id, &headers, bytes).await
}
