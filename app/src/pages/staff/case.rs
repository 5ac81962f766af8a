use domain::appeal::AppealStatus;
use domain::resolution::RejectReason;
use domain::review::Proposal;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::decision::{Checklist, ReasonList};
use crate::components::load::{id_param, Loaded};
use crate::functions::staff::get_case;
use crate::i18n::{file_size, t, use_lang};
use crate::labels::{Describe, Label};
use crate::pages::repayments::status_of;
use crate::pages::staff::ActionResult;
use crate::staff_model::{CaseView, StaffMessageView};

/// One appeal with everything needed to decide it.
#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_case(id?).await });
    view! {
        <Title text=format!("{} · {}", t::case(lang), t::app_name(lang))/>
        <ActionResult/>
        <Loaded data render=|case| view! { <CaseBody case/> }/>
    }
}

#[component]
fn CaseBody(case: CaseView) -> impl IntoView {
    let lang = use_lang();
    let base = format!("/admin/appeals/{}", case.id);
    let version = case.version.to_string();
    let d = case.decision.clone();
    let c = &case.customer;
    let s = &case.summary;
    let suggested = match case.recommendation.proposal {
        Some(Proposal::Restore { to }) => to,
        _ => d.limit_before,
    };
    let suggested = suggested.as_decimal().to_string();
    let freeze = d.kind == domain::DecisionKind::Freeze;
    let reasons: Vec<domain::Reason> = d.reasons.iter().cloned().collect();
    // At desktop widths the first column (where the case stands, the
    // recommendation and the actions) sits on the right and stays in view
    // while the reading column scrolls; on a phone, one column in this order.
    view! {
        <div class="case-layout">
        <div class="case-side">
        <section class="card" aria-labelledby="case-title">
            <div class="limit-head">
                <h1 id="case-title">{t::appeal_label(lang)}" · "<span translate="no">{c.display_name.clone()}</span></h1>
                <p class="status">
                    <span class="badge" data-testid="case-status" data-status=case.status.as_str()>{case.status.label(lang)}</span>
                    {case.is_reappeal.then(|| view! { " "<span class="badge badge-frozen">{t::re_appeal_supervisor_decides(lang)}</span> })}
                </p>
            </div>
            <dl class="meta-list">
                <div><dt>{t::appeal_submitted_at(lang)}</dt><dd>{case.submitted_local.clone()}</dd></div>
                <div><dt>{t::decide_by(lang)}</dt><dd class:late=case.overdue>{case.due_local.clone()}{case.overdue.then(|| t::overdue_suffix(lang))}</dd></div>
                <div><dt>{t::assigned_to(lang)}</dt><dd data-testid="assigned">{case.assigned.clone().unwrap_or_else(|| t::unassigned(lang).to_owned())}</dd></div>
                <div><dt>{t::ground(lang)}</dt><dd>{case.ground.label(lang)}</dd></div>
            </dl>
            {case.replaced.then(|| view! { <p class="notice notice-error" role="alert">{crate::review_form::StaffRefusal::Replaced.message(lang)}</p> })}
            {case.outcome.map(|o| view! { <p class="notice notice-success" data-testid="outcome">{o.customer_text(lang)}</p> })}
        </section>

        <section class="card case-recommendation" aria-labelledby="recommend-title">
            <h2 id="recommend-title">{t::recommendation(lang)}</h2>
            <p class="recommendation" data-testid="recommendation">{case.recommendation.describe(lang)}</p>
            <p class="hint">{t::built_on_the_same_checklist(lang)}</p>
            <Checklist items=case.checklist.clone()/>
        </section>

        <CaseActions case=case.clone() base=base.clone() version=version.clone() suggested freeze/>
        </div>
        <div class="case-main">

        <section class="card" aria-labelledby="customer-title">
            <h2 id="customer-title">{t::customer_and_credit_line(lang)}</h2>
            <dl class="meta-list">
                <div><dt>{t::username(lang)}</dt><dd translate="no">{c.username.clone()}</dd></div>
                <div><dt>{t::id_number(lang)}</dt><dd data-testid="id-masked">{c.id_number_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t::phone(lang)}</dt><dd>{c.phone_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t::identity_verified_until(lang)}</dt><dd>{c.identity_verified_until.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t::current_limit(lang)}</dt><dd data-testid="line-limit">{case.line.limit.to_string()}</dd></div>
                <div><dt>{t::status(lang)}</dt><dd data-testid="line-status">{case.line.status.label(lang)}</dd></div>
                <div><dt>{t::used(lang)}</dt><dd>{case.line.used.to_string()}</dd></div>
            </dl>
        </section>

        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">{t::the_decision_under_appeal(lang)}</h2>
            <p><strong>{d.describe(lang)}</strong>" · "{case.decided_at_local.clone()}</p>
            <dl class="meta-list">
                <div><dt>{t::notice_number(lang)}</dt><dd translate="no">{d.external_id.clone()}</dd></div>
                <div><dt>{t::model_version(lang)}</dt><dd translate="no">{d.model_version.clone()}</dd></div>
                <div><dt>{t::limit_before(lang)}</dt><dd>{d.limit_before.to_string()}</dd></div>
            </dl>
            <h3>{t::the_notice_as_the_customer(lang)}</h3>
            <blockquote class="notice-text" translate="no">{d.notice.clone()}</blockquote>
            <h3>{t::main_reasons(lang)}</h3>
            <ReasonList reasons=reasons/>
        </section>

        <section class="card" aria-labelledby="repay-title">
            <h2 id="repay-title">{t::repayment_history(lang)}</h2>
            <dl class="stats" data-testid="repayment-summary">
                <div><dt>{t::on_time_12_months(lang)}</dt><dd>{format!("{}%", s.on_time_percent())}</dd></div>
                <div><dt>{t::late_payments(lang)}</dt><dd>{s.paid_late}</dd></div>
                <div><dt>{t::worst_lateness(lang)}</dt><dd>{t::days(lang, s.worst_days_late)}</dd></div>
                <div><dt>{t::overdue_now(lang)}</dt><dd>{s.overdue_now.to_string()}</dd></div>
            </dl>
            <div class="table-scroll" tabindex="0" role="region" aria-label=t::repayments_region(lang)>
                <table class="installments">
                    <caption class="visually-hidden">{t::repayments_caption(lang)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t::order(lang)}</th>
                            <th scope="col">{t::installment(lang)}</th>
                            <th scope="col">{t::due_date(lang)}</th>
                            <th scope="col" class="num">{t::amount(lang)}</th>
                            <th scope="col">{t::paid_on(lang)}</th>
                            <th scope="col">{t::repayment_status(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {case.orders.iter().flat_map(|o| {
                            let count = o.installments.len();
                            let today = case.today;
                            o.installments.iter().map(move |i| {
                                let (status, late) = status_of(i, today, lang);
                                view! {
                                    <tr class:late=late>
                                        <td translate="no">{o.description.clone()}</td>
                                        <th scope="row">{t::installment_of(lang, t::InstallmentOf { count: &count, seq: &i.seq })}</th>
                                        <td>{i.due_on.to_string()}</td>
                                        <td class="num">{i.amount.to_string()}</td>
                                        <td>{i.paid_on.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                        <td>{status}</td>
                                    </tr>
                                }
                            }).collect::<Vec<_>>()
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title">{t::thread_and_evidence(lang)}</h2>
            <ol class="thread" role="list" data-testid="staff-thread">
                {case.messages.iter().cloned().map(|m| view! { <StaffMessage m/> }).collect_view()}
            </ol>
        </section>

        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t::nav_history(lang)}</h2>
            <ul role="list" class="plain-list">
                {case.history.iter().map(|(date, text)| view! { <li><time>{date.clone()}</time>" · "{text.clone()}</li> }).collect_view()}
            </ul>
            <h3>{t::account_events(lang)}</h3>
            {if case.events.is_empty() {
                view! { <p class="hint">{t::none(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul role="list" class="plain-list">
                        {case.events.iter().map(|e| view! { <li><time>{e.at_local.clone()}</time>" · "{e.kind.clone()}" · "{e.detail.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{t::previous_appeals(lang)}</h3>
            {if case.previous.is_empty() {
                view! { <p class="hint">{t::none(lang)}</p> }.into_any()
            } else {
                view! {
                    <ul role="list" class="plain-list">
                        {case.previous.iter().map(|p| view! {
                            <li><a href=format!("/admin/appeals/{}", p.id)>{p.submitted_local.clone()}</a>" · "{p.about.clone()}" · "{p.status.label(lang)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{t::audit_trail(lang)}</h2>
            <ol class="timeline" role="list" data-testid="case-audit">
                {case.audit.iter().map(|a| view! {
                    <li class="event"><p><time>{a.at_local.clone()}</time>" · "<span translate="no">{a.actor.clone()}</span>" · "<code translate="no">{a.action.clone()}</code>" "<span class="hint" translate="no">{a.change.clone()}</span></p></li>
                }).collect_view()}
            </ol>
            {case.last_opening.clone().map(|last| view! {
                <p class="hint" data-testid="case-openings">
                    {t::case_openings(lang, t::CaseOpenings {
                        times: case.openings,
                        actor: &last.actor,
                        at: &last.at_local,
                    })}
                    {case.viewer.role.may_browse_audit().then(|| view! {
                        " "<a href=format!("/admin/audit?entity_type=appeal&entity_id={}", case.id)>{t::every_opening(lang)}</a>
                    })}
                </p>
            })}
        </section>
        </div>
        </div>
    }
}

#[component]
fn StaffMessage(m: StaffMessageView) -> impl IntoView {
    let lang = use_lang();
    let role = if m.internal {
        t::internal_note(lang)
    } else if m.from_staff {
        t::appeal_support(lang)
    } else {
        t::customer(lang)
    };
    view! {
        <li class="message" class:message-staff=m.from_staff class:message-internal=m.internal>
            <p class="meta"><strong>{role}" · "<span translate="no">{m.author_name}</span></strong>" · "<time>{m.at_local}</time></p>
            <p class="message-body" translate="no">{m.body}</p>
            {(!m.files.is_empty()).then(|| view! {
                <ul class="files" role="list">
                    {m.files.into_iter().map(|f| view! {
                        <li class="file">
                            {f.has_thumbnail.then(|| view! {
                                <a href=format!("/evidence/{}/thumbnail", f.id) target="_blank" rel="external">
                                    <img class="thumbnail" src=format!("/evidence/{}/thumbnail", f.id) alt=f.name.clone() translate="no" loading="lazy" width="240"/>
                                </a>
                            })}
                            <a href=format!("/evidence/{}", f.id) rel="external">{t::download(lang)}" · "<span translate="no">{f.name}</span>" ("{file_size(f.size_bytes, lang)}")"</a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
fn CaseActions(
    case: CaseView,
    base: String,
    version: String,
    suggested: String,
    freeze: bool,
) -> impl IntoView {
    let lang = use_lang();
    let can = case.can;
    let v = version.clone();
    view! {
        <section class="card case-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{t::act_on_this_appeal(lang)}</h2>
            {can.claim.then(|| view! {
                <form method="post" action=format!("{base}/claim") class="inline-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <button type="submit" class="button button-primary" data-testid="claim">{t::claim(lang)}</button>
                </form>
            })}
            {can.assign.then(|| view! {
                <form method="post" action=format!("{base}/assign") class="form form-row">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="assign-to">{t::assign_to(lang)}</label>
                        <select id="assign-to" name="to">
                            {case.staff.iter().map(|(id, name)| view! { <option value=id.to_string() translate="no">{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">{t::assign(lang)}</button>
                </form>
            })}
            {case.proposal.map(|p| view! {
                <div class="notice notice-info" data-testid="proposal">
                    <p><strong>{t::proposed_decision(lang)}</strong>{p.describe(lang)}</p>
                    <p>{t::proposed_by(lang)}{case.proposed_by.clone().unwrap_or_default()}</p>
                </div>
            })}
            {can.approve.then(|| view! {
                <form method="post" action=format!("{base}/approve") class="inline-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    {case.approve_needs_code.then(|| view! {
                        <div class="field">
                            <label for="approve-code">{t::authentication_code_your_last_one(lang)}</label>
                            <input id="approve-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                required maxlength="20" autocapitalize="none" spellcheck="false"/>
                        </div>
                    })}
                    <button type="submit" class="button button-primary" data-testid="approve">{t::approve(lang)}</button>
                </form>
            })}
            {can.send_back.then(|| view! {
                <form method="post" action=format!("{base}/send-back") class="form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="send-back-note">{t::why_it_goes_back_internal(lang)}</label>
                        <textarea id="send-back-note" name="body" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{t::send_back(lang)}</button>
                </form>
            })}
            {can.decide.then(|| view! {
                <form method="post" action=format!("{base}/decide") class="form" data-testid="decide-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <fieldset>
                        <legend>{t::decision(lang)}</legend>
                        {(!freeze).then(|| view! {
                            <div class="choice">
                                <input type="radio" id="v-restore" name="verdict" value="restore" checked=true/>
                                <label for="v-restore">{t::restore_the_limit_fully_or(lang)}</label>
                            </div>
                        })}
                        {freeze.then(|| view! {
                            <div class="choice">
                                <input type="radio" id="v-unfreeze" name="verdict" value="unfreeze" checked=true/>
                                <label for="v-unfreeze">{t::lift_the_freeze(lang)}</label>
                            </div>
                        })}
                        <div class="choice">
                            <input type="radio" id="v-reject" name="verdict" value="reject"/>
                            <label for="v-reject">{t::reject_keep_the_decision(lang)}</label>
                        </div>
                    </fieldset>
                    {(!freeze).then(|| view! {
                        <div class="field">
                            <label for="amount">{t::restore_to_label(lang)}</label>
                            <p class="hint" id="amount-help">{format!("{}{}", t::at_most_the_limit_before(lang), case.decision.limit_before)}</p>
                            <input id="amount" name="amount" type="text" inputmode="decimal" value=suggested.clone() aria-describedby="amount-help"/>
                        </div>
                    })}
                    <div class="field">
                        <label for="reason">{t::reason_for_rejecting(lang)}</label>
                        <select id="reason" name="reason">
                            <option value="">{t::required_to_reject(lang)}</option>
                            {RejectReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="decide-note">{t::message_to_the_customer_optional(lang)}</label>
                        <textarea id="decide-note" name="note" rows="3" maxlength="2000"></textarea>
                    </div>
                    <p class="hint">{t::four_eyes_hint(lang)}</p>
                    <button type="submit" class="button button-primary" data-testid="decide">{t::submit_decision(lang)}</button>
                </form>
            })}
            {can.ask.then(|| view! {
                <form method="post" action=format!("{base}/ask") class="form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="ask-body">{t::ask_the_customer_for_information(lang)}</label>
                        <textarea id="ask-body" name="body" rows="3" minlength="10" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{t::send(lang)}</button>
                </form>
            })}
            {can.note.then(|| view! {
                <form method="post" action=format!("{base}/note") class="form">
                    <div class="field">
                        <label for="note-body">{t::internal_note_never_shown_to(lang)}</label>
                        <textarea id="note-body" name="body" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{t::save_note(lang)}</button>
                </form>
            })}
            {(case.status == AppealStatus::PendingApproval && !can.approve).then(|| view! {
                <p class="hint">{t::waiting_for_another_supervisor_to(lang)}</p>
            })}
        </section>
    }
}
