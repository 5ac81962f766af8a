//! `PUT /api/v1/decisions/{id}`: a decision of the risk engine, exactly as the
//! customer was notified, reasons and facts included.

use app::ssr::store::{ExternalDecision, IngestOp, InstallmentRef};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use domain::decision::{DecisionKind, NewDecision, MAX_REASONS};
use domain::reason::{
    Binding, FlaggedPurchase, IdentityProblem, OverdueItem, Reason, ReassessmentFactor,
    SecurityEvent, Strike,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::invalid_field;
use super::ingest::{self, Amount, Resource, Upserted};
use super::problem::ApiResult;
use super::tokens::{Caller, IngestScope};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKindBody {
    Reduce,
    Freeze,
    Unfreeze,
    Restore,
}

/// An installment that was overdue when the decision was made.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverdueItemBody {
    /// The credit system's id for the order (sent before the decision).
    #[schema(example = "ORD-77")]
    pub order_id: String,
    /// Which installment of the order.
    #[schema(minimum = 1, example = 1)]
    pub installment: u32,
    pub amount: Amount,
    #[schema(value_type = String, format = Date, example = "2026-10-08")]
    pub due_on: NaiveDate,
    /// Days late when the decision was made, exactly as the notice said.
    #[schema(example = 12)]
    pub days_late: u32,
}

/// One principal reason from the catalogue, with the facts that triggered it.
/// `code` picks the reason; see the reference for each reason's facts.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE", deny_unknown_fields)]
pub enum ReasonBody {
    OverdueUnpaid {
        items: Vec<OverdueItemBody>,
    },
    OverdueHistory {
        late_count: u32,
        worst_days_late: u32,
    },
    IdentityUnverified {
        /// `{"kind": "missing"}` or `{"kind": "expired", "on": "2026-09-30"}`.
        #[schema(value_type = Object)]
        problem: IdentityProblem,
    },
    AccountSecurity {
        /// Each `{"on": date, "kind": "new_device" | "unusual_location" | "repeated_failed_sign_ins", "detail": text}`.
        #[schema(value_type = Vec<Object>)]
        events: Vec<SecurityEvent>,
    },
    FrequentBindingChanges {
        /// `phone` or `bank_card`.
        #[schema(value_type = String)]
        binding: Binding,
        changes: u32,
        window_days: u32,
        #[schema(value_type = String, format = Date)]
        last_change_on: NaiveDate,
    },
    CreditReassessment {
        band_before: String,
        band_after: String,
        /// Any of `high_utilisation`, `short_history`, `income_unverified`, `many_recent_applications`.
        #[schema(value_type = Vec<String>)]
        factors: Vec<ReassessmentFactor>,
    },
    RuleViolation {
        /// Each `{"on": date, "kind": "abusive_review" | "fake_order" | "policy_strike"}`.
        #[schema(value_type = Vec<Object>)]
        strikes: Vec<Strike>,
    },
    SuspectedCashOut {
        /// Each `{"on": date, "merchant": text, "item": text, "amount": "5000.00"}`.
        #[schema(value_type = Vec<Object>)]
        purchases: Vec<FlaggedPurchase>,
    },
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    #[schema(example = "CUS-1001")]
    pub customer_id: String,
    pub kind: DecisionKindBody,
    pub limit_before: Amount,
    pub limit_after: Amount,
    /// Up to 4, most important first; at least one for a reduction or freeze.
    #[schema(max_items = 4)]
    pub reasons: Vec<ReasonBody>,
    #[schema(example = "risk-2026.10")]
    pub model_version: String,
    #[schema(value_type = String, format = DateTime, example = "2026-10-20T02:00:00Z")]
    pub decided_at: DateTime<Utc>,
    /// The notice exactly as the customer received it.
    pub notice: String,
}

impl ReasonBody {
    /// The domain's reason, its overdue items still to be found by the store.
    fn into_reason(self, index: usize, refs: &mut Vec<InstallmentRef>) -> ApiResult<Reason> {
        Ok(match self {
            ReasonBody::OverdueUnpaid { items } => {
                let mut out = Vec::with_capacity(items.len());
                for (j, item) in items.into_iter().enumerate() {
                    let pointer = format!("/reasons/{index}/items/{j}/order_id");
                    let order = ingest::reference(&pointer, &item.order_id)?;
                    if item.installment == 0 {
                        return Err(invalid_field(
                            &format!("/reasons/{index}/items/{j}/installment"),
                            "installments count from 1",
                        ));
                    }
                    refs.push(InstallmentRef {
                        pointer,
                        order,
                        seq: item.installment,
                    });
                    out.push(OverdueItem {
                        order_id: Uuid::nil(),
                        installment_id: Uuid::nil(),
                        order: String::new(),
                        seq: item.installment,
                        amount: item.amount.0,
                        due_on: item.due_on,
                        days_late: item.days_late,
                    });
                }
                if out.is_empty() {
                    return Err(invalid_field(
                        &format!("/reasons/{index}/items"),
                        "names at least one overdue installment",
                    ));
                }
                Reason::OverdueUnpaid { items: out }
            }
            ReasonBody::OverdueHistory {
                late_count,
                worst_days_late,
            } => Reason::OverdueHistory {
                late_count,
                worst_days_late,
            },
            ReasonBody::IdentityUnverified { problem } => Reason::IdentityUnverified { problem },
            ReasonBody::AccountSecurity { events } => Reason::AccountSecurity { events },
            ReasonBody::FrequentBindingChanges {
                binding,
                changes,
                window_days,
                last_change_on,
            } => Reason::FrequentBindingChanges {
                binding,
                changes,
                window_days,
                last_change_on,
            },
            ReasonBody::CreditReassessment {
                band_before,
                band_after,
                factors,
            } => Reason::CreditReassessment {
                band_before,
                band_after,
                factors,
            },
            ReasonBody::RuleViolation { strikes } => Reason::RuleViolation { strikes },
            ReasonBody::SuspectedCashOut { purchases } => {
                if let Some(j) = purchases.iter().position(|p| p.amount.is_negative()) {
                    return Err(invalid_field(
                        &format!("/reasons/{index}/purchases/{j}/amount"),
                        "amounts are 0 or more",
                    ));
                }
                Reason::SuspectedCashOut { purchases }
            }
        })
    }
}

impl Resource for DecisionBody {
    fn into_op(self, external_id: String, at: DateTime<Utc>, _: NaiveDate) -> ApiResult<IngestOp> {
        let digest = ingest::digest(&self);
        let customer = ingest::reference("/customer_id", &self.customer_id)?;
        let decided_at = ingest::past_instant("/decided_at", self.decided_at, at)?;
        let model_version = ingest::text("/model_version", &self.model_version, 64)?;
        let notice = ingest::text("/notice", &self.notice, 2000)?;
        if self.reasons.len() > MAX_REASONS {
            return Err(invalid_field(
                &format!("/reasons/{MAX_REASONS}"),
                format!("a decision names at most {MAX_REASONS} reasons"),
            ));
        }
        let mut refs = Vec::new();
        let reasons = self
            .reasons
            .into_iter()
            .enumerate()
            .map(|(i, r)| r.into_reason(i, &mut refs))
            .collect::<ApiResult<Vec<_>>>()?;
        let kind = match self.kind {
            DecisionKindBody::Reduce => DecisionKind::Reduce,
            DecisionKindBody::Freeze => DecisionKind::Freeze,
            DecisionKindBody::Unfreeze => DecisionKind::Unfreeze,
            DecisionKindBody::Restore => DecisionKind::Restore,
        };
        let decision = NewDecision {
            id: Uuid::nil(),
            external_id,
            model_version,
            kind,
            limit_before: self.limit_before.0,
            limit_after: self.limit_after.0,
            reasons,
            notice,
            decided_at,
            decided_on: app::ssr::clock::local_date(decided_at),
        }
        .validate()
        .map_err(|e| {
            use domain::decision::DecisionError as E;
            let pointer = match e {
                E::NoReason | E::TooManyReasons | E::DuplicateReason(_) => "/reasons",
                E::NotAReduction | E::NotARestoration | E::LimitChangedOnFreeze => "/limit_after",
                E::NegativeLimit => "/limit_before",
            };
            invalid_field(pointer, e.to_string())
        })?;
        Ok(IngestOp::Decision(ExternalDecision {
            customer,
            decision,
            overdue: refs,
            digest,
            at,
        }))
    }
}

/// Record a decision of the risk engine. Its effects happen at once: the
/// customer sees it with its checklist; a decision it replaces shows as
/// replaced; and a restoration or lifted freeze that gives back what an
/// appealed decision took closes that appeal as "resolved by re-assessment".
/// Decisions never change: the same id with the same body is a no-op (200),
/// with another body a conflict (409).
#[utoipa::path(
    put,
    path = "/decisions/{id}",
    tag = "ingest",
    params(("id" = String, Path, description = "The credit system's id for the decision")),
    request_body = DecisionBody,
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
    ingest::put::<DecisionBody>(&state, &caller, &id, &headers, bytes).await
}
