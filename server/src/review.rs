//! What support does to a case: claim, assign, ask the customer, note, decide,
//! and (supervisors) approve or send back a proposal; plus the audit log as CSV.
//! Plain form posts answered by a redirect to the case page, which says what
//! happened (`?done=`) or why not (`?error=`), like the customer forms.

use app::review_form::{StaffDone, StaffRefusal};
use std::sync::Arc;

use app::ssr::store::{Account, Actor, AuditQuery, AuditRecord, CaseRecord, NewMessage};
use app::ssr::{AppContext, AuditReader, Staff, Store, StoreError};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use domain::appeal::{AppealAction, Statement};
use domain::casework::{self, Plan, Step};
use domain::resolution::{RejectReason, Verdict};
use domain::Money;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{HandlerError, HandlerResult};
use crate::state::AppState;

fn case_page(id: Uuid) -> String {
    format!("/admin/appeals/{id}")
}

fn done(id: Uuid, what: StaffDone) -> Response {
    Redirect::to(&format!("{}?done={}", case_page(id), what.code())).into_response()
}

fn refused(id: Uuid, why: StaffRefusal) -> HandlerError {
    tracing::info!(appeal = %id, reason = %why.code(), "staff action refused");
    HandlerError::Refused(format!("{}?error={}", case_page(id), why.code()))
}

/// Maps the store's refusals to what the staff member reads; the rest is ours.
fn store_refusal(id: Uuid, e: StoreError) -> HandlerError {
    match e {
        StoreError::Stale => refused(id, StaffRefusal::Stale),
        StoreError::Transition(_) => refused(id, StaffRefusal::WrongState),
        StoreError::Replaced => refused(id, StaffRefusal::Replaced),
        StoreError::Restoration(r) => refused(id, r.into()),
        StoreError::Refused(r) => refused(id, r.into()),
        other => other.into(),
    }
}

async fn case_of(state: &AppState, id: Uuid) -> Result<CaseRecord, HandlerError> {
    state
        .ctx
        .store
        .case(id)
        .await?
        .ok_or(HandlerError::NotFound)
}

/// A staff member's message on a case, as the case's forms post it.
pub(crate) fn message(
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

/// Refuses with `why` unless `allowed`.
fn require(allowed: bool, id: Uuid, why: StaffRefusal) -> Result<(), HandlerError> {
    if allowed {
        Ok(())
    } else {
        Err(refused(id, why))
    }
}

/// The redirect for a store step: what it did, or why it was refused.
fn finish<T>(id: Uuid, result: Result<T, StoreError>, what: StaffDone) -> HandlerResult {
    result
        .map(|_| done(id, what))
        .map_err(|e| store_refusal(id, e))
}

/// `domain::casework`'s answer for `staff` taking `step` on the case.
fn allow(staff: &Account, case: &CaseRecord, step: Step) -> Result<(), HandlerError> {
    casework::check(staff.case_actor(), &case.state(), step)
        .map_err(|r| refused(case.appeal.summary.id, r.into()))
}

#[derive(Deserialize)]
pub struct VersionForm {
    version: i64,
}

pub async fn claim(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Staff(staff): Staff,
    Form(form): Form<VersionForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
    allow(&staff, &case, Step::Claim)?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .assign_appeal(id, form.version, staff.id, &staff.actor(), now)
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
    Staff(staff): Staff,
    Form(form): Form<AssignForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
    allow(&staff, &case, Step::Assign)?;
    let to =
        Uuid::parse_str(form.to.trim()).map_err(|_| refused(id, StaffRefusal::UnknownStaff))?;
    let assignee = state.ctx.store.account(to).await?;
    require(
        assignee.is_some_and(|a| a.active && casework::works_cases(a.role)),
        id,
        StaffRefusal::UnknownStaff,
    )?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .assign_appeal(id, form.version, to, &staff.actor(), now)
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
    Staff(staff): Staff,
    Form(form): Form<MessageForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
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
            &staff.actor(),
            now,
        )
        .await;
    finish(id, result, StaffDone::Asked)
}

/// An internal note: staff only, never shown to the customer.
pub async fn note(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Staff(staff): Staff,
    Form(form): Form<MessageForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
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
        .add_note(id, message(&staff, body, true, now), &staff.actor())
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

/// Decides, or, when the four-eyes rule applies (`domain::casework`; or it is a re-appeal),
/// proposes the decision for a supervisor other than the proposer.
pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Staff(staff): Staff,
    Form(form): Form<DecideForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
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
        .await?
        .ok_or(HandlerError::NotFound)?;
    let line = store
        .credit_line(customer, state.ctx.clock.today())
        .await?
        .ok_or(HandlerError::NotFound)?;
    // Planned here to route the verdict and answer clearly before anything is
    // written; the store plans again inside its transaction on the rows it holds.
    let plan = casework::plan_decision(
        staff.case_actor(),
        &case.state(),
        &decision,
        line.limit,
        line.status,
        verdict,
    )
    .map_err(|r| refused(id, r.into()))?;
    let now = state.ctx.clock.now();
    let who = staff.actor();
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

#[derive(Deserialize)]
pub struct ApproveForm {
    version: i64,
    #[serde(default)]
    code: String,
}

/// A four-eyes approval counts a second factor only for a while: after that
/// the approver enters a fresh code (`staff_auth::step_up`).
async fn step_up(
    state: &AppState,
    jar: &CookieJar,
    staff: &Account,
    id: Uuid,
    code: &str,
) -> Result<(), HandlerError> {
    if crate::staff_auth::step_up(state, jar, staff, code).await? {
        Ok(())
    } else {
        Err(refused(id, StaffRefusal::CodeNeeded))
    }
}

/// A supervisor approves a proposal waiting for four-eyes.
pub async fn approve(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Staff(staff): Staff,
    jar: CookieJar,
    Form(form): Form<ApproveForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
    allow(&staff, &case, Step::Approve)?;
    step_up(&state, &jar, &staff, id, &form.code).await?;
    let verdict = case
        .proposal
        .ok_or_else(|| refused(id, StaffRefusal::WrongState))?;
    let now = state.ctx.clock.now();
    let result = state
        .ctx
        .store
        .decide_appeal(id, form.version, verdict, None, &staff.actor(), now)
        .await;
    finish(id, result, StaffDone::Approved)
}

/// A supervisor sends a proposal back to review, with an internal note saying why.
pub async fn send_back(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Staff(staff): Staff,
    Form(form): Form<MessageForm>,
) -> HandlerResult {
    let case = case_of(&state, id).await?;
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
            &staff.actor(),
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

/// Rows per page of the export, and pages at most: 100,000 rows.
const EXPORT_PAGE: u32 = 5000;
const EXPORT_PAGES: u32 = 20;

/// The audit log as CSV, newest first, for supervisors and admins. Streamed a
/// page at a time, so memory stays flat however large the export.
pub async fn audit_csv(
    State(state): State<AppState>,
    AuditReader(reader): AuditReader,
    Form(params): Form<AuditParams>,
) -> HandlerResult {
    let store = state.ctx.store.clone();
    store
        .record_event(
            &reader.actor(),
            "audit_log.exported",
            ("audit_log", "csv".to_owned()),
            None,
            state.ctx.clock.now(),
        )
        .await?;
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let first = AuditQuery {
        entity_type: nonempty(&params.entity_type),
        entity_id: nonempty(&params.entity_id),
        actor: nonempty(&params.actor),
        before_id: None,
        limit: EXPORT_PAGE,
    };
    let pages = futures_util::stream::try_unfold(
        (store, Some(first), 0),
        |(store, query, n): (Arc<dyn Store>, Option<AuditQuery>, u32)| async move {
            let Some(mut query) = query.filter(|_| n < EXPORT_PAGES) else {
                return Ok(None);
            };
            let page = store.audit_page(&query).await.inspect_err(|e| {
                tracing::error!(error = %e, "audit export stopped");
            })?;
            let bytes = csv_page(&page, n == 0)?;
            query.before_id = match page.last() {
                Some(last) if page.len() == EXPORT_PAGE as usize => Some(last.id),
                _ => None,
            };
            let next = query.before_id.is_some().then_some(query);
            Ok::<_, CsvError>(Some((bytes, (store, next, n + 1))))
        },
    );
    let mut response = Response::new(Body::from_stream(pages));
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
    Ok(response)
}

#[derive(Debug, thiserror::Error)]
enum CsvError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Buffer(#[from] std::io::Error),
}

/// One page of the export as CSV (the first with a byte-order mark, so that
/// spreadsheets read it as UTF-8, and the header row).
fn csv_page(page: &[AuditRecord], first: bool) -> Result<Vec<u8>, CsvError> {
    let start = if first {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(start);
    if first {
        out.write_record([
            "id",
            "at",
            "actor",
            "action",
            "entity_type",
            "entity_id",
            "before",
            "after",
        ])?;
    }
    let json =
        |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
    for r in page {
        let cells = [
            r.id.to_string(),
            r.at.to_rfc3339(),
            r.actor.clone(),
            r.action.clone(),
            r.entity_type.clone(),
            r.entity_id.clone(),
            json(&r.before),
            json(&r.after),
        ];
        out.write_record(cells.iter().map(|c| defuse(c).into_owned()))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
/// gets a leading `'` (OWASP's advice for CSV injection).
fn defuse(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// Closes appeals left waiting on the customer for 30 days (`domain::appeal::NO_REPLY_CLOSE_DAYS`).
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
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("-2"), "'-2");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("agent"), "agent");
        let record = AuditRecord {
            id: 7,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: "=HYPERLINK(\"x\")".to_owned(),
            action: "a".to_owned(),
            entity_type: "t".to_owned(),
            entity_id: "1".to_owned(),
            before: None,
            after: None,
        };
        let page = String::from_utf8(csv_page(&[record], false).unwrap()).unwrap();
        assert!(page.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{page}");
        assert!(page.ends_with("\"\",\"\"\r\n"), "{page}");
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
