//! What support does to a case: claim, assign, ask the customer, note, decide,
//! and (supervisors) approve or send back a proposal; plus the audit log as CSV.
//! Plain form posts answered by a redirect to the case page, which says what
//! happened (`?done=`) or why not (`?error=`), like the customer forms.

// Handlers end early with `Err(response)`: one per request, so the size of a
// `Response` in the error variant costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

use app::review_form::{StaffDone, StaffRefusal};
use app::ssr::store::{Account, Actor, CaseRecord, NewMessage};
use app::ssr::{AppContext, StoreError};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::appeal::{AppealAction, Statement};
use domain::casework::{self, Plan, Step};
use domain::resolution::{RejectReason, Verdict};
use domain::Money;
use serde::Deserialize;
use uuid::Uuid;

use crate::state::AppState;

/// The signed-in staff member behind a plain request, if any.
pub async fn staff_from_headers(
    ctx: &AppContext,
    headers: &HeaderMap,
) -> Result<Option<Account>, StoreError> {
    Ok(crate::auth::account_from_headers(ctx, headers)
        .await?
        .filter(|a| a.role.is_staff()))
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "staff action failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

fn case_page(id: Uuid) -> String {
    format!("/admin/appeals/{id}")
}

fn done(id: Uuid, what: StaffDone) -> Response {
    Redirect::to(&format!("{}?done={}", case_page(id), what.code())).into_response()
}

fn refused(id: Uuid, why: StaffRefusal) -> Response {
    tracing::info!(appeal = %id, reason = why.code(), "staff action refused");
    Redirect::to(&format!("{}?error={}", case_page(id), why.code())).into_response()
}

/// Maps the store's refusals to what the staff member reads; the rest is ours.
fn store_refusal(id: Uuid, e: StoreError) -> Response {
    match e {
        StoreError::Stale => refused(id, StaffRefusal::Stale),
        StoreError::Transition(_) => refused(id, StaffRefusal::WrongState),
        StoreError::Replaced => refused(id, StaffRefusal::Replaced),
        StoreError::Restoration(r) => refused(id, StaffRefusal::Restoration(r)),
        StoreError::Refused(r) => refused(id, r.into()),
        StoreError::NotFound => StatusCode::NOT_FOUND.into_response(),
        other => internal(other),
    }
}

fn actor(staff: &Account) -> Actor {
    Actor {
        id: Some(staff.id),
        label: staff.username.clone(),
    }
}

/// The staff member and the case, or the response that ends the request.
async fn staff_and_case(
    state: &AppState,
    headers: &HeaderMap,
    id: Uuid,
) -> Result<(Account, CaseRecord), Response> {
    let staff = match staff_from_headers(&state.ctx, headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return Err(Redirect::to("/admin/login?reason=signin").into_response()),
        Err(e) => return Err(internal(e)),
    };
    if !casework::works_cases(staff.role) {
        return Err(refused(id, StaffRefusal::Forbidden));
    }
    match state.ctx.store.case(id).await {
        Ok(Some(case)) => Ok((staff, case)),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => Err(internal(e)),
    }
}

fn message(
    staff: &Account,
    body: &str,
    internal: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> NewMessage {
    NewMessage {
        id: Uuid::now_v7(),
        author_id: staff.id,
        from_staff: true,
        internal,
        body: body.trim().to_owned(),
        files: Vec::new(),
        at,
    }
}

/// A handler's answer: `Err` is a refusal or failure that ends it early.
type Reply = Result<Response, Response>;

/// Refuses with `why` unless `allowed`.
fn require(allowed: bool, id: Uuid, why: StaffRefusal) -> Result<(), Response> {
    if allowed {
        Ok(())
    } else {
        Err(refused(id, why))
    }
}

/// The redirect for a store step: what it did, or why it was refused.
fn finish<T>(id: Uuid, result: Result<T, StoreError>, what: StaffDone) -> Reply {
    result
        .map(|_| done(id, what))
        .map_err(|e| store_refusal(id, e))
}

/// `domain::casework`'s answer for `staff` taking `step` on the case.
fn allow(staff: &Account, case: &CaseRecord, step: Step) -> Result<(), Response> {
    casework::check(case_actor(staff), &case.state(), step)
        .map_err(|r| refused(case.appeal.summary.id, r.into()))
}

fn case_actor(staff: &Account) -> casework::Actor {
    casework::Actor {
        id: staff.id,
        role: staff.role,
    }
}

#[derive(Deserialize)]
pub struct VersionForm {
    version: i64,
}

pub async fn claim(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<VersionForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Claim)?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .assign_appeal(id, form.version, staff.id, &actor(&staff), now)
        .await;
    finish(id, result, StaffDone::Claimed)
}

#[derive(Deserialize)]
pub struct AssignForm {
    version: i64,
    #[serde(default)]
    to: String,
}

pub async fn assign(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<AssignForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Assign)?;
    let to =
        Uuid::parse_str(form.to.trim()).map_err(|_| refused(id, StaffRefusal::UnknownStaff))?;
    let assignee = state.ctx.store.account(to).await.map_err(internal)?;
    require(
        assignee.is_some_and(|a| casework::works_cases(a.role)),
        id,
        StaffRefusal::UnknownStaff,
    )?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .assign_appeal(id, form.version, to, &actor(&staff), now)
        .await;
    finish(id, result, StaffDone::Assigned)
}

#[derive(Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    body: String,
}

/// Asks the customer for information: they see it, and the clock pauses.
pub async fn ask(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Ask)?;
    require(
        Statement::parse(&form.body).is_ok(),
        id,
        StaffRefusal::MessageLength,
    )?;
    let now = state.ctx.clock.now();
    let m = message(&staff, &form.body, false, now);
    let result = state
        .ctx
        .store
        .advance_appeal(
            id,
            form.version,
            AppealAction::AskForInformation,
            Some(m),
            &actor(&staff),
            now,
        )
        .await;
    finish(id, result, StaffDone::Asked)
}

/// An internal note: staff only, never shown to the customer.
pub async fn note(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Note)?;
    let body = form.body.trim();
    require(
        !body.is_empty() && body.chars().count() <= domain::appeal::STATEMENT_MAX_CHARS,
        id,
        StaffRefusal::MessageLength,
    )?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .add_note(id, message(&staff, body, true, now), &actor(&staff))
        .await;
    finish(id, result, StaffDone::Noted)
}

#[derive(Deserialize)]
pub struct DecideForm {
    version: i64,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// What the agent typed (`8000`, `8,000.00`, `￥8，000`), as `Money` reads it; positive.
fn parse_amount(text: &str) -> Option<Money> {
    text.parse::<Money>().ok().filter(|m| !m.is_negative())
}

fn parse_verdict(form: &DecideForm) -> Result<Verdict, StaffRefusal> {
    match form.verdict.as_str() {
        "restore" => parse_amount(&form.amount)
            .map(|to| Verdict::Restore { to })
            .ok_or(StaffRefusal::BadAmount),
        "unfreeze" => Ok(Verdict::Unfreeze),
        "reject" => RejectReason::parse(&form.reason)
            .map(|reason| Verdict::Reject { reason })
            .ok_or(StaffRefusal::NoReason),
        _ => Err(StaffRefusal::NoVerdict),
    }
}

/// Decides, or, when PRODUCT.md's four-eyes rule applies (or it is a re-appeal),
/// proposes the decision for a supervisor other than the proposer.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<DecideForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Decide)?;
    let verdict = parse_verdict(&form).map_err(|r| refused(id, r))?;
    let note = form.note.trim();
    require(
        note.chars().count() <= domain::appeal::STATEMENT_MAX_CHARS,
        id,
        StaffRefusal::MessageLength,
    )?;
    let store = &state.ctx.store;
    let customer = case.customer.id;
    let decision = store
        .decision(customer, case.appeal.summary.decision_id)
        .await
        .map_err(internal)?
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    let line = store
        .credit_line(customer, state.ctx.clock.today())
        .await
        .map_err(internal)?
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())?;
    // Planned here to route the verdict and answer clearly before anything is
    // written; the store plans again inside its transaction on the rows it holds.
    let plan = casework::plan_decision(
        case_actor(&staff),
        &case.state(),
        &decision,
        line.limit,
        line.status,
        verdict,
    )
    .map_err(|r| refused(id, r.into()))?;
    let now = state.ctx.clock.now();
    let who = actor(&staff);
    if plan == Plan::ProposeForApproval {
        let note = (!note.is_empty()).then(|| message(&staff, note, true, now));
        let result = store
            .propose_verdict(id, form.version, verdict, note, &who, now)
            .await;
        return finish(id, result, StaffDone::Proposed);
    }
    let note = (!note.is_empty()).then(|| message(&staff, note, false, now));
    let result = store
        .decide_appeal(id, form.version, verdict, note, &who, now)
        .await;
    finish(id, result, StaffDone::Decided)
}

/// A supervisor approves a proposal waiting for four-eyes.
pub async fn approve(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<VersionForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::Approve)?;
    let verdict = case
        .proposal
        .ok_or_else(|| refused(id, StaffRefusal::WrongState))?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .decide_appeal(id, form.version, verdict, None, &actor(&staff), now)
        .await;
    finish(id, result, StaffDone::Approved)
}

/// A supervisor sends a proposal back to review, with an internal note saying why.
pub async fn send_back(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Form(form): Form<MessageForm>,
) -> Reply {
    let (staff, case) = staff_and_case(&state, &headers, id).await?;
    allow(&staff, &case, Step::SendBack)?;
    let now = state.ctx.clock.now();
    let body = form.body.trim();
    let m = (!body.is_empty()).then(|| message(&staff, body, true, now));
    let result = state
        .ctx
        .store
        .advance_appeal(
            id,
            form.version,
            AppealAction::SendBack,
            m,
            &actor(&staff),
            now,
        )
        .await;
    finish(id, result, StaffDone::SentBack)
}

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    actor: String,
}

/// The audit log as CSV, newest first, for supervisors and admins.
pub async fn audit_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<AuditParams>,
) -> Response {
    let staff = match staff_from_headers(&state.ctx, &headers).await {
        Ok(Some(s)) => s,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return internal(e),
    };
    if !staff.role.may_browse_audit() {
        return (StatusCode::FORBIDDEN, "supervisors only").into_response();
    }
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let mut query = app::ssr::store::AuditQuery {
        entity_type: nonempty(&params.entity_type),
        entity_id: nonempty(&params.entity_id),
        actor: nonempty(&params.actor),
        before_id: None,
        limit: 5000,
    };
    let mut out = String::from("\u{feff}id,at,actor,action,entity_type,entity_id,before,after\r\n");
    // Pages of 5,000 keep memory flat; 100,000 rows at most per export.
    for _ in 0..20 {
        let page = match state.ctx.store.audit_page(&query).await {
            Ok(p) => p,
            Err(e) => return internal(e),
        };
        for r in &page {
            let cells = [
                r.id.to_string(),
                r.at.to_rfc3339(),
                r.actor.clone(),
                r.action.clone(),
                r.entity_type.clone(),
                r.entity_id.clone(),
                r.before.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                r.after.as_ref().map(|v| v.to_string()).unwrap_or_default(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        match page.last() {
            Some(last) if page.len() == 5000 => query.before_id = Some(last.id),
            _ => break,
        }
    }
    if let Err(e) = state
        .ctx
        .store
        .record_event(
            &actor(&staff),
            "audit_log.exported",
            ("audit_log", "csv".to_owned()),
            state.ctx.clock.now(),
        )
        .await
    {
        return internal(e);
    }
    let mut response = Response::new(Body::from(out));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"limitdesk-audit.csv\""),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// One CSV cell: quoted, quotes doubled, and a cell a spreadsheet would run as
/// a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'` (OWASP's advice).
pub fn csv_cell(value: &str) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// Closes appeals left waiting on the customer for 30 days, as PRODUCT.md says.
/// Safe on every app server at once: the version check lets one close each.
pub async fn close_unanswered(ctx: &AppContext) {
    let now = ctx.clock.now();
    let cutoff = now - chrono::Duration::days(domain::appeal::NO_REPLY_CLOSE_DAYS);
    let waiting = match ctx.store.appeals_waiting_since(cutoff).await {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "could not list unanswered appeals");
            return;
        }
    };
    let actor = Actor::system("no-reply-close");
    for (appeal, version) in waiting {
        match ctx
            .store
            .advance_appeal(
                appeal,
                version,
                AppealAction::CloseForNoReply,
                None,
                &actor,
                now,
            )
            .await
        {
            Ok(_) => tracing::info!(%appeal, "closed for no reply"),
            Err(StoreError::Stale | StoreError::Transition(_)) => {}
            Err(e) => tracing::warn!(%appeal, error = %e, "could not close for no reply"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("-2"), "\"'-2\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("agent"), "\"agent\"");
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(parse_amount("8000"), Some(Money::yuan(8000)));
        assert_eq!(parse_amount("¥8,000.00"), Some(Money::yuan(8000)));
        assert_eq!(parse_amount("80.001"), None);
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("abc"), None);
    }
}
