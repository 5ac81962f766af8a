//! What the staff console reads. Every function starts by checking that a staff
//! member is asking; customer sessions get `NotSignedIn` and never see a row.
//! Actions are form posts handled by the server (`server/src/review.rs`).

use leptos::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::staff_model::{AuditPage, AuditParams, CaseView, QueuePage, QueueParams, StaffViewer};

#[cfg(feature = "ssr")]
mod build {
    use crate::ssr::store::{Account, AuditRecord};
    use crate::staff_model::{AuditLine, StaffViewer};

    pub fn viewer(a: &Account) -> StaffViewer {
        StaffViewer {
            id: a.id,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role,
        }
    }

    pub fn audit_line(r: &AuditRecord) -> AuditLine {
        let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
        let change = match (show(&r.before), show(&r.after)) {
            (Some(b), Some(a)) => format!("{b} → {a}"),
            (None, Some(a)) => a,
            (Some(b), None) => b,
            (None, None) => String::new(),
        };
        AuditLine {
            id: r.id,
            at_local: crate::ssr::clock::local_minute(r.at),
            actor: r.actor.clone(),
            action: r.action.clone(),
            entity: format!("{}:{}", r.entity_type, r.entity_id),
            change,
        }
    }
}

/// The signed-in staff member, for the console's header.
#[server(prefix = "/api", endpoint = "staff_viewer")]
pub async fn get_staff_viewer() -> Result<Option<StaffViewer>, AppError> {
    let account = crate::ssr::session::current_account()
        .await?
        .filter(|a| a.role.is_staff());
    Ok(account.as_ref().map(build::viewer))
}

/// One page of the queue, ordered by deadline, with the count behind each filter.
#[server(prefix = "/api", endpoint = "queue")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_queue(params: QueueParams) -> Result<QueuePage, AppError> {
    async move {
        use crate::ssr::clock::{local_date, local_minute};
        use crate::ssr::store::{Assignee, QueueQuery};
        use crate::staff_model::{QueueCountsView, QueueItem};
        let crate::ssr::Staff(staff) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let now = ctx.clock.now();
        const PAGE: u32 = 50;
        let after = params.after.split_once('~').and_then(|(due, id)| {
            Some((
                chrono::DateTime::parse_from_rfc3339(due)
                    .ok()?
                    .with_timezone(&chrono::Utc),
                Uuid::parse_str(id).ok()?,
            ))
        });
        let q = params.q.trim();
        let query = QueueQuery {
            status: domain::appeal::AppealStatus::parse(&params.status),
            reason: domain::ReasonCode::parse(&params.reason),
            due_before: (params.view == "overdue").then_some(now),
            assignee: match params.view.as_str() {
                "mine" => Assignee::Staff(staff.id),
                "unassigned" => Assignee::Nobody,
                _ => Assignee::Anyone,
            },
            reappeals_only: params.view == "reappeals",
            customer: (!q.is_empty() && q.chars().count() <= 64).then(|| q.to_owned()),
            after,
            limit: PAGE + 1,
        };
        let mut rows = ctx.store.queue(&query).await?;
        let more = rows.len() > PAGE as usize;
        rows.truncate(PAGE as usize);
        let next_after = more
            .then(|| {
                rows.last()
                    .map(|r| format!("{}~{}", r.due_at.to_rfc3339(), r.id))
            })
            .flatten();
        let counts = ctx.store.queue_counts(staff.id, now).await?;
        let soon = now + chrono::Duration::days(2);
        Ok(QueuePage {
            viewer: build::viewer(&staff),
            params,
            counts: QueueCountsView {
                open: counts.open,
                unassigned: counts.unassigned,
                mine: counts.mine,
                past_deadline: counts.past_deadline,
                pending_approval: counts.pending_approval,
                reappeals: counts.reappeals,
            },
            items: rows
                .into_iter()
                .map(|r| QueueItem {
                    id: r.id,
                    overdue: r.status.is_open() && r.due_at < now,
                    due_soon: r.status.is_open() && r.due_at >= now && r.due_at < soon,
                    customer_name: r.customer_name,
                    customer_username: r.customer_username,
                    status: r.status,
                    is_reappeal: r.is_reappeal,
                    submitted_local: local_minute(r.submitted_at),
                    due_local: local_date(r.due_at).to_string(),
                    assigned_name: r.assigned_name,
                    reasons: r.reasons,
                })
                .collect(),
            next_after,
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// Everything needed to decide one appeal, on one screen.
#[server(prefix = "/api", endpoint = "case")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_case(id: Uuid) -> Result<CaseView, AppError> {
    async move {
        use crate::model::{FileView, Role, TimelineEntry};
        use crate::ssr::clock::{local_date, local_minute};
        use crate::staff_model::{
            CustomerView, EventView, Permissions, PreviousAppeal, StaffMessageView,
        };
        use domain::review::{recommend, RepaymentSummary};
        let crate::ssr::CaseWorker(staff) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        let store = &ctx.store;
        let case = store
            .case(id)
            .await?
            .filter(|c| domain::casework::may_open(staff.case_actor(), &c.state()))
            .ok_or(AppError::NotFound)?;
        // Who read which case is the access log's (supervisors read it).
        store
            .record_event(
                &staff.actor(),
                "case.viewed",
                ("appeal", id.to_string()),
                None,
                ctx.clock.now(),
            )
            .await?;
        let customer = case.customer.id;
        let today = ctx.clock.today();
        let now = ctx.clock.now();
        let crate::ssr::store::CustomerFile {
            line,
            decisions,
            orders,
            facts,
        } = store
            .customer_file(customer, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let decision = decisions
            .iter()
            .find(|d| d.id == case.appeal.summary.decision_id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        // Only an open appeal can be overtaken; a decided one is followed by its own outcome.
        let replaced = case.appeal.summary.status.is_open()
            && domain::decision::is_replaced(&decision, &decisions);
        let state = domain::CustomerState {
            today,
            orders: orders.clone(),
            identity_verified_until: facts.identity_verified_until,
            identity_confirmed_at: facts.identity_confirmed_at,
            password_changed_at: facts.password_changed_at,
            last_binding_change_on: facts.last_binding_change_at.map(local_date),
        };
        let checklist = domain::restoration_checklist(&decision, &state);
        let summary = RepaymentSummary::of(&orders, today);
        let paid_on = |installment: Uuid| {
            orders
                .iter()
                .flat_map(|o| &o.installments)
                .find(|i| i.id == installment)
                .and_then(|i| i.paid_on)
        };
        let recommendation = recommend(&decision, &checklist, &summary, paid_on);
        let events = store.account_events(customer).await?;
        let previous = store
            .appeals_of(customer)
            .await?
            .into_iter()
            .filter(|a| a.id != id)
            .map(|a| PreviousAppeal {
                id: a.id,
                status: a.status,
                submitted_local: local_minute(a.submitted_at),
                about: decisions
                    .iter()
                    .find(|d| d.id == a.decision_id)
                    .map(|d| d.external_id.clone())
                    .unwrap_or_default(),
            })
            .collect();
        let status = case.appeal.summary.status;
        let is_supervisor = staff.role == Role::Supervisor;
        let allowed = domain::casework::allowed_steps(staff.case_actor(), &case.state());
        let may = |step| allowed.contains(&step);
        use crate::labels::Describe;
        use domain::casework::Step;
        let can = Permissions {
            claim: may(Step::Claim),
            assign: may(Step::Assign),
            ask: may(Step::Ask),
            note: may(Step::Note),
            // Only an open appeal can be overtaken, and then nobody decides it.
            decide: may(Step::Decide) && !replaced,
            approve: may(Step::Approve),
            send_back: may(Step::SendBack),
        };
        let staff_list = if is_supervisor {
            store
                .staff_accounts()
                .await?
                .into_iter()
                .filter(|a| a.active && domain::casework::works_cases(a.role))
                .map(|a| (a.id, a.display_name))
                .collect()
        } else {
            Vec::new()
        };
        // Openings are counted, not listed: the page would grow with every one.
        let trail = store
            .trail("appeal", &id.to_string(), "case.viewed")
            .await?;
        let file_view = |f: crate::ssr::store::Evidence| FileView {
            id: f.id,
            name: f.original_name,
            media_type: f.media_type,
            size_bytes: f.size_bytes,
            has_thumbnail: f.thumbnail_key.is_some(),
        };
        let approve_needs_code = !crate::ssr::session::factor_is_fresh(&ctx).await?;
        Ok(CaseView {
            approve_needs_code,
            viewer: build::viewer(&staff),
            id,
            version: case.appeal.summary.version,
            status,
            ground: case.appeal.summary.ground,
            is_reappeal: case.appeal.summary.is_reappeal,
            customer: CustomerView {
                username: case.customer.username,
                display_name: case.customer.display_name,
                id_number_masked: case.customer.id_number_masked,
                phone_masked: case.customer.phone_masked,
                identity_verified_until: case.customer.identity_verified_until,
            },
            line,
            decided_at_local: local_minute(decision.decided_at),
            replaced,
            history: decisions
                .iter()
                .map(|d| {
                    (
                        local_date(d.decided_at).to_string(),
                        d.describe(crate::ssr::session::request_lang()),
                    )
                })
                .collect(),
            decision,
            orders,
            today,
            summary,
            checklist,
            recommendation,
            events: events
                .into_iter()
                .map(|e| EventView {
                    kind: e.kind.as_str().to_owned(),
                    at_local: local_minute(e.occurred_at),
                    detail: e.detail,
                })
                .collect(),
            previous,
            messages: case
                .appeal
                .messages
                .into_iter()
                .map(|m| StaffMessageView {
                    from_staff: m.from_staff,
                    internal: m.internal,
                    author_name: m.author_name,
                    body: m.body,
                    at_local: local_minute(m.created_at),
                    files: m.files.into_iter().map(file_view).collect(),
                })
                .collect(),
            timeline: case
                .appeal
                .events
                .iter()
                .map(|e| TimelineEntry {
                    at_local: local_minute(e.at),
                    status: e.to_status,
                })
                .collect(),
            submitted_local: local_minute(case.appeal.summary.submitted_at),
            due_local: local_date(case.due_at).to_string(),
            overdue: status.is_open() && case.due_at < now,
            assigned: case.assigned_to.map(|a| a.name),
            proposal: case.proposal,
            proposed_by: case.proposed_by.map(|p| p.name),
            outcome: case.outcome,
            staff: staff_list,
            can,
            audit: trail.changes.iter().map(build::audit_line).collect(),
            openings: trail.reads,
            last_opening: trail.last_read.as_ref().map(build::audit_line),
        })
    }
    .await
    .map_err(AppError::with_status)
}

/// The audit log, newest first; supervisors and admins only.
#[server(prefix = "/api", endpoint = "audit")]
#[cfg_attr(feature = "ssr", tracing::instrument(err(level = "warn")))]
pub async fn get_audit(params: AuditParams) -> Result<AuditPage, AppError> {
    async move {
        use crate::ssr::store::AuditQuery;
        let crate::ssr::AuditReader(staff) = crate::ssr::require().await?;
        let ctx = crate::ssr::app_context()?;
        const PAGE: u32 = 100;
        let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let records = ctx
            .store
            .audit_page(&AuditQuery {
                entity_type: nonempty(&params.entity_type),
                entity_id: nonempty(&params.entity_id),
                actor: nonempty(&params.actor),
                before_id: params.before.parse().ok(),
                limit: PAGE,
            })
            .await?;
        let next_before = (records.len() == PAGE as usize)
            .then(|| records.last().map(|r| r.id))
            .flatten();
        Ok(AuditPage {
            viewer: build::viewer(&staff),
            params,
            lines: records.iter().map(build::audit_line).collect(),
            next_before,
        })
    }
    .await
    .map_err(AppError::with_status)
}
