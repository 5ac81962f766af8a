//! The customer's appeal actions that carry files: plain multipart form posts
//! (so they work before the wasm arrives) answered with redirects. Each one
//! checks who is asking, validates everything with the domain rules before
//! storing anything, and removes the blobs again if the database says no.

use std::sync::Arc;

use app::appeal_form::FormError;
use app::model::Role;
use app::ssr::store::{Account, Draft, Evidence, NewAppeal, NewMessage};
use app::ssr::{Customer, StoreError};
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::appeal::{
    check_files, check_new_evidence, eligibility, AppealAction, AppealRefusal, AppealStatus,
    EvidenceError, Ground, Statement, UploadedFile, MAX_FILES_PER_MESSAGE, MAX_FILE_BYTES,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::blobs::BlobStore;
use crate::error::{HandlerError, HandlerResult};
use crate::evidence::{prepare, sniff, Prepared, Upload};
use crate::extract::SignedIn;
use crate::state::AppState;

/// Largest body the appeal routes accept: five full files plus the text fields.
pub const BODY_LIMIT: usize = MAX_FILES_PER_MESSAGE * (MAX_FILE_BYTES as usize) + 256 * 1024;
/// Longest text field read from a form (the statement is at most 2,000 characters).
const TEXT_FIELD_LIMIT: usize = 16 * 1024;

/// What the multipart form carried.
#[derive(Default)]
struct Posted {
    ground: String,
    statement: String,
    version: Option<i64>,
    files: Vec<Upload>,
}

/// Reads the form, refusing early what can never be valid (too many or too large files).
async fn read_form(mut multipart: Multipart) -> Result<Posted, FormError> {
    let mut posted = Posted::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| FormError::TooLarge)?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| FormError::TooLarge)? {
                bytes.extend_from_slice(&chunk);
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    return Err(FormError::Evidence(EvidenceError::TooLarge {
                        name: crate::evidence::clean_name(&file_name),
                    }));
                }
            }
            // A file input left empty still sends a nameless, empty part.
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            posted.files.push(Upload {
                name: file_name,
                bytes,
            });
            if posted.files.len() > MAX_FILES_PER_MESSAGE {
                return Err(FormError::Evidence(EvidenceError::TooMany));
            }
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| FormError::TooLarge)? {
                text.extend_from_slice(&chunk);
                if text.len() > TEXT_FIELD_LIMIT {
                    return Err(FormError::Statement(
                        domain::appeal::StatementError::TooLong,
                    ));
                }
            }
            let text = String::from_utf8_lossy(&text).into_owned();
            match name.as_str() {
                "ground" => posted.ground = text,
                "statement" => posted.statement = text,
                "version" => posted.version = text.trim().parse().ok(),
                _ => {}
            }
        }
    }
    Ok(posted)
}

/// Count, size and type of every file, by the domain's rules.
fn check_uploads(files: &[Upload]) -> Result<(), FormError> {
    let seen: Vec<UploadedFile<'_>> = files
        .iter()
        .map(|f| UploadedFile {
            name: &f.name,
            size: f.bytes.len() as u64,
            sniffed: sniff(&f.bytes),
        })
        .collect();
    check_files(&seen)
        .map_err(|e| match e {
            EvidenceError::TooLarge { name } => EvidenceError::TooLarge {
                name: crate::evidence::clean_name(&name),
            },
            EvidenceError::WrongType { name } => EvidenceError::WrongType {
                name: crate::evidence::clean_name(&name),
            },
            EvidenceError::Empty { name } => EvidenceError::Empty {
                name: crate::evidence::clean_name(&name),
            },
            other => other,
        })
        .map_err(FormError::Evidence)
}

/// Re-encodes images off the async workers, two uploads at a time per
/// server: each may decode into up to 200 MB. Process-local on purpose: it
/// bounds this process's memory, not anything shared between servers.
async fn prepare_all(appeal: Uuid, files: Vec<Upload>) -> Result<Vec<Prepared>, FormError> {
    static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _turn = DECODING.acquire().await.map_err(|_| FormError::TooLarge)?;
    tokio::task::spawn_blocking(move || {
        files
            .iter()
            .map(|f| prepare(appeal, f))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(|_| FormError::TooLarge)?
    .map_err(FormError::Evidence)
}

/// Writes every file and thumbnail; on any failure removes what was written.
async fn store_blobs(
    blobs: &Arc<dyn BlobStore>,
    prepared: &[Prepared],
) -> std::io::Result<Vec<Evidence>> {
    let mut written: Vec<String> = Vec::new();
    for p in prepared {
        let mut pieces = vec![(p.evidence.storage_key.clone(), &p.stored)];
        if let (Some(key), Some(thumb)) = (&p.evidence.thumbnail_key, &p.thumbnail) {
            pieces.push((key.clone(), thumb));
        }
        for (key, bytes) in pieces {
            if let Err(e) = blobs.put(&key, bytes).await {
                remove_blobs(blobs, &written).await;
                return Err(e);
            }
            written.push(key);
        }
    }
    Ok(prepared.iter().map(|p| p.evidence.clone()).collect())
}

async fn remove_blobs(blobs: &Arc<dyn BlobStore>, keys: &[String]) {
    for key in keys {
        if let Err(e) = blobs.delete(key).await {
            // The hourly sweep removes it later.
            tracing::warn!(error = %e, key, "could not remove a blob");
        }
    }
}

fn keys_of(evidence: &[Evidence]) -> Vec<String> {
    evidence
        .iter()
        .flat_map(|e| std::iter::once(e.storage_key.clone()).chain(e.thumbnail_key.clone()))
        .collect()
}

/// Back to the form, whose query says what to fix.
fn back(path: &str, error: &FormError) -> HandlerError {
    let query = serde_urlencoded::to_string(error.to_query()).unwrap_or_default();
    HandlerError::Refused(format!("{path}?{query}"))
}

fn redirect(to: &str) -> HandlerResult {
    Ok(Redirect::to(to).into_response())
}

/// How long an upload may hold its account's slot before it counts as
/// abandoned (its server died) and another upload takes the slot over.
const UPLOAD_SLOT_MINUTES: i64 = 5;

/// How long a second upload of the same account waits for the first (a
/// double click, a second tab) before it is refused as busy.
const UPLOAD_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs `upload` holding the account's one upload slot, held in the database
/// so that it holds across app servers. Another upload of the same account
/// waits for the slot a few seconds (a double click then lands where the first
/// one did) and is refused with `Busy` after that.
async fn one_at_a_time(
    state: &AppState,
    account: &Account,
    page: &str,
    upload: impl std::future::Future<Output = HandlerResult>,
) -> HandlerResult {
    let store = &state.ctx.store;
    let started = std::time::Instant::now();
    loop {
        let now = state.ctx.clock.now();
        let stale = now - chrono::Duration::minutes(UPLOAD_SLOT_MINUTES);
        if store.claim_upload_slot(account.id, now, stale).await? {
            break;
        }
        if started.elapsed() >= UPLOAD_WAIT {
            tracing::info!("upload refused: another one of the account's is in flight");
            return Err(back(page, &FormError::Busy));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let result = upload.await;
    if let Err(e) = store.release_upload_slot(account.id).await {
        tracing::warn!(error = %e, "could not release the upload slot");
    }
    result
}

/// `POST /decisions/{id}/appeal`: a new appeal with its statement and files.
#[tracing::instrument(skip_all, fields(decision = %decision_id))]
pub async fn submit(
    State(state): State<AppState>,
    Path(decision_id): Path<Uuid>,
    Customer(account): Customer,
    multipart: Multipart,
) -> HandlerResult {
    let form_path = format!("/decisions/{decision_id}/appeal");
    let upload = submit_appeal(state.clone(), decision_id, account.clone(), multipart);
    one_at_a_time(&state, &account, &form_path, upload).await
}

async fn submit_appeal(
    state: AppState,
    decision_id: Uuid,
    account: Account,
    multipart: Multipart,
) -> HandlerResult {
    let form_path = format!("/decisions/{decision_id}/appeal");
    let store = &state.ctx.store;
    let now = state.ctx.clock.now();
    let posted = match read_form(multipart).await {
        Ok(p) => p,
        Err(e) => return Err(back(&form_path, &e)),
    };
    // Keep what was typed, whatever happens next; a successful submit deletes it.
    let draft = Draft {
        ground: posted.ground.clone(),
        statement: posted.statement.clone(),
    };
    let refuse = |e: FormError| {
        let (store, draft, form_path) = (store.clone(), draft.clone(), form_path.clone());
        async move {
            if let Err(err) = store.save_draft(account.id, decision_id, &draft, now).await {
                tracing::warn!(error = %err, "could not keep the draft");
            }
            back(&form_path, &e)
        }
    };

    let decision = match store.decision(account.id, decision_id).await {
        Ok(Some(d)) => d,
        // Someone else's decision or none at all: the same 404 either way.
        Ok(None) => return redirect(&form_path),
        Err(e) => return Err(e.into()),
    };
    let decisions = store.decisions(account.id).await?;
    let in_force =
        domain::decision::current_adverse(&decisions).is_some_and(|d| d.id == decision.id);
    let prior = store.prior_appeals(decision_id).await?;
    let kind = match eligibility(&decision, in_force, &prior, state.ctx.clock.today()) {
        Ok(k) => k,
        // A second click or a second tab, after the first one committed.
        Err(AppealRefusal::AlreadyOpen) => {
            return to_open_appeal(&state, &account, decision_id, &form_path).await
        }
        Err(r) => return Err(refuse(FormError::Refused(r)).await),
    };
    let Some(ground) = Ground::parse(posted.ground.trim()) else {
        return Err(refuse(FormError::Ground).await);
    };
    let statement = match Statement::parse(&posted.statement) {
        Ok(s) => s,
        Err(e) => return Err(refuse(FormError::Statement(e)).await),
    };
    if let Err(e) = check_uploads(&posted.files) {
        return Err(refuse(e).await);
    }
    let appeal_id = Uuid::now_v7();
    let prepared = match prepare_all(appeal_id, posted.files).await {
        Ok(p) => p,
        Err(e) => return Err(refuse(e).await),
    };
    // Judged by what the files show, so known once they are decoded.
    let contents: Vec<String> = prepared.iter().map(|p| p.evidence.sha256.clone()).collect();
    if let Err(r) = check_new_evidence(kind, &prior, &contents) {
        return Err(refuse(FormError::Refused(r)).await);
    }
    let files = store_blobs(&state.blobs, &prepared)
        .await
        .map_err(HandlerError::internal)?;
    let keys = keys_of(&files);
    let appeal = NewAppeal {
        id: appeal_id,
        decision_id,
        account_id: account.id,
        ground,
        is_reappeal: kind == domain::appeal::AppealKind::Reappeal,
        statement: statement.as_str().to_owned(),
        files,
        submitted_at: now,
    };
    let actor = account.actor();
    match store.create_appeal(appeal, &actor).await {
        Ok(()) => {
            tracing::info!(appeal = %appeal_id, "appeal submitted");
            redirect(&format!("/appeals/{appeal_id}"))
        }
        // A second click or a second tab racing the first one: the first one won.
        Err(StoreError::Conflict(_)) => {
            remove_blobs(&state.blobs, &keys).await;
            to_open_appeal(&state, &account, decision_id, &form_path).await
        }
        Err(e) => {
            remove_blobs(&state.blobs, &keys).await;
            Err(e.into())
        }
    }
}

/// Where a repeated submission goes: the decision's open appeal.
async fn to_open_appeal(
    state: &AppState,
    account: &Account,
    decision: Uuid,
    form_path: &str,
) -> HandlerResult {
    let appeals = state.ctx.store.appeals_of(account.id).await?;
    match appeals
        .iter()
        .find(|a| a.decision_id == decision && a.status.is_open())
    {
        Some(open) => redirect(&format!("/appeals/{}", open.id)),
        None => Err(back(
            form_path,
            &FormError::Refused(AppealRefusal::AlreadyOpen),
        )),
    }
}

/// `POST /appeals/{id}/reply`: the customer answers a request for information.
#[tracing::instrument(skip_all, fields(appeal = %appeal_id))]
pub async fn reply(
    State(state): State<AppState>,
    Path(appeal_id): Path<Uuid>,
    Customer(account): Customer,
    multipart: Multipart,
) -> HandlerResult {
    let page = format!("/appeals/{appeal_id}");
    let upload = send_reply(state.clone(), appeal_id, account.clone(), multipart);
    one_at_a_time(&state, &account, &page, upload).await
}

async fn send_reply(
    state: AppState,
    appeal_id: Uuid,
    account: Account,
    multipart: Multipart,
) -> HandlerResult {
    let page = format!("/appeals/{appeal_id}");
    let store = &state.ctx.store;
    let record = match store.appeal(account.id, appeal_id).await {
        Ok(Some(r)) => r,
        Ok(None) => return redirect(&page),
        Err(e) => return Err(e.into()),
    };
    let posted = match read_form(multipart).await {
        Ok(p) => p,
        Err(e) => return Err(back(&page, &e)),
    };
    if record.summary.status != AppealStatus::AwaitingCustomer
        || posted.version != Some(record.summary.version)
    {
        return Err(back(&page, &FormError::Stale));
    }
    let body = match Statement::parse(&posted.statement) {
        Ok(s) => s,
        Err(e) => return Err(back(&page, &FormError::Statement(e))),
    };
    if let Err(e) = check_uploads(&posted.files) {
        return Err(back(&page, &e));
    }
    let prepared = match prepare_all(appeal_id, posted.files).await {
        Ok(p) => p,
        Err(e) => return Err(back(&page, &e)),
    };
    let files = store_blobs(&state.blobs, &prepared)
        .await
        .map_err(HandlerError::internal)?;
    let keys = keys_of(&files);
    let now = state.ctx.clock.now();
    let message = NewMessage {
        id: Uuid::now_v7(),
        author_id: account.id,
        from_staff: false,
        internal: false,
        body: body.as_str().to_owned(),
        files,
        at: now,
    };
    let actor = account.actor();
    match store
        .advance_appeal(
            appeal_id,
            record.summary.version,
            AppealAction::CustomerReply,
            Some(message),
            &actor,
            now,
        )
        .await
    {
        Ok(_) => redirect(&page),
        Err(StoreError::Stale | StoreError::Transition(_)) => {
            remove_blobs(&state.blobs, &keys).await;
            Err(back(&page, &FormError::Stale))
        }
        Err(e) => {
            remove_blobs(&state.blobs, &keys).await;
            Err(e.into())
        }
    }
}

#[derive(Deserialize)]
pub struct VersionForm {
    version: i64,
}

/// `POST /appeals/{id}/withdraw`.
#[tracing::instrument(skip_all, fields(appeal = %appeal_id))]
pub async fn withdraw(
    State(state): State<AppState>,
    Path(appeal_id): Path<Uuid>,
    Customer(account): Customer,
    Form(form): Form<VersionForm>,
) -> HandlerResult {
    let page = format!("/appeals/{appeal_id}");
    match state.ctx.store.appeal(account.id, appeal_id).await {
        Ok(Some(_)) => {}
        Ok(None) => return redirect(&page),
        Err(e) => return Err(e.into()),
    }
    let actor = account.actor();
    let now = state.ctx.clock.now();
    match state
        .ctx
        .store
        .advance_appeal(
            appeal_id,
            form.version,
            AppealAction::Withdraw,
            None,
            &actor,
            now,
        )
        .await
    {
        Ok(_) => redirect(&page),
        Err(StoreError::Stale | StoreError::Transition(_)) => Err(back(&page, &FormError::Stale)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /evidence/{id}`: the file, as a download, to its owner only.
pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<Uuid>,
    SignedIn(asker): SignedIn,
) -> HandlerResult {
    serve_evidence(&state, file, asker, false).await
}

/// `GET /evidence/{id}/thumbnail`: the image's thumbnail, shown inline in the thread.
pub async fn thumbnail(
    State(state): State<AppState>,
    Path(file): Path<Uuid>,
    SignedIn(asker): SignedIn,
) -> HandlerResult {
    serve_evidence(&state, file, asker, true).await
}

async fn serve_evidence(
    state: &AppState,
    file: Uuid,
    asker: Option<Account>,
    thumbnail: bool,
) -> HandlerResult {
    // The owner, or staff who work cases; everyone else (admins included)
    // finds nothing.
    let Some(asker) = asker else {
        return Err(HandlerError::NotFound);
    };
    let owner = if domain::casework::works_cases(asker.role) {
        None
    } else if asker.role == Role::Customer {
        Some(asker.id)
    } else {
        return Err(HandlerError::NotFound);
    };
    let evidence = state
        .ctx
        .store
        .evidence(owner, file)
        .await?
        .ok_or(HandlerError::NotFound)?;
    if owner.is_none() {
        // Staff: only those the case rule lets open the case it belongs to.
        let case = state.ctx.store.case(evidence.appeal_id).await?;
        let may = case.is_some_and(|c| domain::casework::may_open(asker.case_actor(), &c.state()));
        if !may {
            return Err(HandlerError::NotFound);
        }
    }
    let key = if thumbnail {
        evidence.thumbnail_key.clone()
    } else {
        Some(evidence.storage_key.clone())
    };
    let key = key.ok_or(HandlerError::NotFound)?;
    if !thumbnail {
        // Downloads go to the access log; thumbnails show inline on every view
        // of a thread and would only drown it.
        state
            .ctx
            .store
            .record_event(
                &asker.actor(),
                "evidence.downloaded",
                ("evidence", file.to_string()),
                Some(serde_json::json!({ "appeal": evidence.appeal_id })),
                state.ctx.clock.now(),
            )
            .await?;
    }
    let bytes = state
        .blobs
        .get(&key)
        .await
        .map_err(HandlerError::internal)?
        .ok_or(HandlerError::NotFound)?;
    let disposition = if thumbnail {
        "inline".to_owned()
    } else {
        // RFC 6266 / 5987: the (possibly Chinese) name, percent-encoded.
        let encoded: String = evidence
            .original_name
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("attachment; filename=\"evidence\"; filename*=UTF-8''{encoded}")
    };
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(evidence.media_type.mime()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// Deletes blobs that no evidence row refers to and that are old enough not to
/// belong to an upload still in flight.
pub async fn sweep_orphans(store: &dyn app::ssr::Store, blobs: &dyn BlobStore) {
    let candidates = match blobs.older_than(std::time::Duration::from_secs(3600)).await {
        Ok(c) => c,
        Err(e) => return tracing::warn!(error = %e, "could not list evidence files"),
    };
    for chunk in candidates.chunks(200) {
        let known = match store.known_storage_keys(chunk).await {
            Ok(k) => k,
            Err(e) => return tracing::warn!(error = %e, "could not check evidence files"),
        };
        for key in chunk.iter().filter(|k| !known.contains(k)) {
            tracing::info!(key, "removing an orphaned evidence file");
            if let Err(e) = blobs.delete(key).await {
                tracing::warn!(error = %e, key, "could not remove an orphaned evidence file");
            }
        }
    }
}
