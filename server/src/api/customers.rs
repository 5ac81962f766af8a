//! `PUT /api/v1/customers/{id}`: the credit system's customer, by its own id.

use app::ssr::store::{ExternalCustomer, IngestOp};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::identity::{check_masked_id_number, check_masked_phone};
use domain::Lang;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::invalid_field;
use super::ingest::{self, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

/// Longest external id or display name accepted.
const MAX_CHARS: usize = 64;

/// A customer as the credit system knows them. Numbers arrive masked: the
/// credit system keeps the full ones.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerBody {
    /// The credit system's version of this record; a write older than the
    /// stored one is acknowledged and not applied.
    #[schema(minimum = 0, example = 3)]
    pub version: i64,
    /// The name shown to support staff, e.g. 小张.
    #[schema(example = "小张")]
    pub display_name: String,
    /// At most 8 characters showing, e.g. `3301**********1234`.
    #[schema(example = "3301**********1234")]
    pub id_number_masked: Option<String>,
    /// At most 7 digits showing, e.g. `138****5678`.
    #[schema(example = "138****5678")]
    pub phone_masked: Option<String>,
    /// The day the real-name verification runs out; absent if not verified.
    #[schema(value_type = Option<String>, format = Date, example = "2027-05-01")]
    pub real_name_verified_until: Option<NaiveDate>,
    /// `zh-CN` (the default) or `en`.
    #[schema(example = "zh-CN")]
    pub preferred_language: Option<String>,
}

impl Resource for CustomerBody {
    fn into_op(self, external_id: String, at: DateTime<Utc>, _: NaiveDate) -> ApiResult<IngestOp> {
        ingest::version(self.version)?;
        let name = self.display_name.trim().to_owned();
        if name.is_empty() || name.chars().count() > MAX_CHARS || name.chars().any(char::is_control)
        {
            return Err(invalid_field(
                "/display_name",
                "1–64 characters, no control characters",
            ));
        }
        if let Some(id) = &self.id_number_masked {
            check_masked_id_number(id)
                .map_err(|e| invalid_field("/id_number_masked", e.to_string()))?;
        }
        if let Some(phone) = &self.phone_masked {
            check_masked_phone(phone).map_err(|e| invalid_field("/phone_masked", e.to_string()))?;
        }
        let lang = match self.preferred_language.as_deref() {
            None => Lang::Zh,
            Some("zh-CN") => Lang::Zh,
            Some("en") => Lang::En,
            Some(_) => return Err(invalid_field("/preferred_language", "`zh-CN` or `en`")),
        };
        Ok(IngestOp::Customer(ExternalCustomer {
            external_id,
            version: self.version,
            display_name: name,
            id_number_masked: self.id_number_masked,
            phone_masked: self.phone_masked,
            identity_verified_until: self.real_name_verified_until,
            lang,
            at,
        }))
    }
}

/// Create or update a customer by the credit system's id. Repeating a write
/// changes nothing; an older version arriving after a newer one is
/// acknowledged (200, `not_newer`) and not applied.
#[utoipa::path(
    put,
    path = "/customers/{id}",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the customer")),
    request_body = CustomerBody,
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
    ingest::put::<CustomerBody>(&state, &caller, &id, &headers, bytes).await
}
