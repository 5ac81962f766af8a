//! `PUT /api/v1/orders/{id}`: a purchase on credit with its whole schedule.

use app::ssr::store::{ExternalInstallment, ExternalOrder, IngestOp};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Money;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::invalid_field;
use super::ingest::{self, Amount, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

/// Longest schedule accepted: five years of monthly installments.
const MAX_INSTALLMENTS: usize = 60;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallmentBody {
    /// 1-based position in the schedule; the list is 1, 2, 3 … in order.
    #[schema(minimum = 1, example = 1)]
    pub seq: u32,
    #[schema(value_type = String, format = Date, example = "2026-10-08")]
    pub due_on: NaiveDate,
    pub amount: Amount,
    /// The day it was paid in full; absent while unpaid.
    #[schema(value_type = Option<String>, format = Date, example = "2026-10-21")]
    pub paid_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderBody {
    /// The credit system's id for the customer who placed it.
    #[schema(example = "CUS-1001")]
    pub customer_id: String,
    #[schema(minimum = 0, example = 2)]
    pub version: i64,
    /// Merchant and item, as on the customer's receipt.
    #[schema(example = "京东 · 蓝牙耳机")]
    pub description: String,
    #[schema(value_type = String, format = Date, example = "2026-09-08")]
    pub placed_on: NaiveDate,
    /// The sum of the installments.
    pub total: Amount,
    #[schema(min_items = 1, max_items = 60)]
    pub installments: Vec<InstallmentBody>,
}

impl Resource for OrderBody {
    fn into_op(
        self,
        external_id: String,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> ApiResult<IngestOp> {
        let customer = ingest::reference("/customer_id", &self.customer_id)?;
        ingest::version(self.version)?;
        let description = ingest::text("/description", &self.description, 200)?;
        let placed_on = ingest::past_day("/placed_on", self.placed_on, today)?;
        if self.installments.is_empty() || self.installments.len() > MAX_INSTALLMENTS {
            return Err(invalid_field(
                "/installments",
                format!("1–{MAX_INSTALLMENTS} installments"),
            ));
        }
        let mut installments = Vec::with_capacity(self.installments.len());
        for (index, i) in self.installments.into_iter().enumerate() {
            let at_index = |field: &str| format!("/installments/{index}/{field}");
            if usize::try_from(i.seq).ok() != Some(index + 1) {
                return Err(invalid_field(
                    &at_index("seq"),
                    format!(
                        "installment {} of the list must have seq {}",
                        index + 1,
                        index + 1
                    ),
                ));
            }
            if i.due_on < placed_on {
                return Err(invalid_field(
                    &at_index("due_on"),
                    "due before the order was placed",
                ));
            }
            let paid_on = i
                .paid_on
                .map(|d| ingest::past_day(&at_index("paid_on"), d, today))
                .transpose()?;
            installments.push(ExternalInstallment {
                seq: i.seq,
                due_on: i.due_on,
                amount: i.amount.0,
                paid_on,
            });
        }
        let sum = Money::sum(installments.iter().map(|i| i.amount))
            .map_err(|e| invalid_field("/installments", e.to_string()))?;
        if sum != self.total.0 {
            return Err(invalid_field(
                "/total",
                format!("{} is not the sum of the installments, {sum}", self.total.0),
            ));
        }
        Ok(IngestOp::Order(ExternalOrder {
            external_id,
            customer,
            version: self.version,
            description,
            placed_on,
            total: self.total.0,
            installments,
            at,
        }))
    }
}

/// Create or replace an order and its schedule. An older version arriving
/// after a newer one is acknowledged (200, `not_newer`) and not applied; an
/// installment with repayments stays in the schedule.
#[utoipa::path(
    put,
    path = "/orders/{id}",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the order")),
    request_body = OrderBody,
    responses(
        (status = 201, description = "Created", body = Upserted),
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
    ingest::put::<OrderBody>(&state, &caller, &id, &headers, bytes).await
}
