//! `PUT /api/v1/account-events/{id}`: sign-ins, device and binding changes the
//! credit system saw, which the security reasons' checklists read.

use app::ssr::store::{EventKind, ExternalAccountEvent, IngestOp};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ingest::{self, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKindBody {
    /// A sign-in from a device not seen before.
    NewDeviceSignIn,
    /// A sign-in from an unusual place.
    UnusualLocationSignIn,
    /// The linked phone number changed.
    PhoneChanged,
    /// The linked bank card changed.
    BankCardChanged,
    /// Real-name verification completed.
    IdentityVerified,
    /// The customer confirmed recent activity was theirs.
    IdentityConfirmed,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountEventBody {
    #[schema(example = "CUS-1001")]
    pub customer_id: String,
    pub kind: EventKindBody,
    #[schema(value_type = String, format = DateTime, example = "2026-11-02T08:30:00Z")]
    pub occurred_at: DateTime<Utc>,
    /// Device or city as reported, e.g. `iPhone 15` or `深圳`.
    #[schema(example = "iPhone 15")]
    pub detail: Option<String>,
}

impl Resource for AccountEventBody {
    fn into_op(self, external_id: String, at: DateTime<Utc>, _: NaiveDate) -> ApiResult<IngestOp> {
        let digest = ingest::digest(&self);
        let customer = ingest::reference("/customer_id", &self.customer_id)?;
        let (kind, default_detail) = match self.kind {
            EventKindBody::NewDeviceSignIn => (EventKind::NewDeviceSignIn, ""),
            EventKindBody::UnusualLocationSignIn => (EventKind::UnusualLocationSignIn, ""),
            EventKindBody::PhoneChanged => (EventKind::BindingChanged, "手机号变更"),
            EventKindBody::BankCardChanged => (EventKind::BindingChanged, "银行卡变更"),
            EventKindBody::IdentityVerified => (EventKind::IdentityVerified, ""),
            EventKindBody::IdentityConfirmed => (EventKind::IdentityConfirmed, ""),
        };
        let detail = match &self.detail {
            Some(d) => ingest::text("/detail", d, 200)?,
            None => default_detail.to_owned(),
        };
        Ok(IngestOp::AccountEvent(ExternalAccountEvent {
            external_id,
            customer,
            kind,
            occurred_at: ingest::past_instant("/occurred_at", self.occurred_at, at)?,
            detail,
            digest,
            at,
        }))
    }
}

/// Record an account event. Events never change: the same id with the same
/// body is a no-op (200), with another body a conflict (409).
#[utoipa::path(
    put,
    path = "/account-events/{id}",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the event")),
    request_body = AccountEventBody,
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
    ingest::put::<AccountEventBody>(&state, &caller, &id, &headers, bytes).await
}
