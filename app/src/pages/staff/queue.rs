use domain::appeal::AppealStatus;
use domain::ReasonCode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load::Loaded;
use crate::functions::staff::get_queue;
use crate::i18n::{t, use_lang};
use crate::labels::Label;
use crate::staff_model::{QueuePage, QueueParams};

fn params_from_query() -> impl Fn() -> QueueParams + Send + Sync + Clone + 'static {
    let query = use_query_map();
    move || {
        query.with(|q| QueueParams {
            status: q.get("status").unwrap_or_default(),
            reason: q.get("reason").unwrap_or_default(),
            view: q.get("view").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            after: q.get("after").unwrap_or_default(),
        })
    }
}

/// Open appeals by deadline, with filters and their counts.
#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(params_from_query(), get_queue);
    view! {
        <Title text=format!("{} · {}", t::appeal_queue(lang), t::app_name(lang))/>
        <Loaded data render=|page| view! { <QueueBody page/> }/>
    }
}

fn link(params: &QueueParams, view: &str) -> String {
    let mut q = vec![];
    if !params.status.is_empty() {
        q.push(("status", params.status.as_str()));
    }
    if !params.reason.is_empty() {
        q.push(("reason", params.reason.as_str()));
    }
    if !view.is_empty() {
        q.push(("view", view));
    }
    if !params.q.is_empty() {
        q.push(("q", params.q.as_str()));
    }
    let query: Vec<String> = q
        .into_iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect();
    if query.is_empty() {
        "/admin".to_owned()
    } else {
        format!("/admin?{}", query.join("&"))
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[component]
fn QueueBody(page: QueuePage) -> impl IntoView {
    let lang = use_lang();
    let p = page.params.clone();
    let c = page.counts;
    let views = [
        ("", t::all_open(lang), c.open),
        ("mine", t::mine(lang), c.mine),
        ("unassigned", t::unassigned(lang), c.unassigned),
        ("overdue", t::past_deadline(lang), c.past_deadline),
        ("reappeals", t::re_appeals(lang), c.reappeals),
    ];
    let next = page.next_after.clone().map(|after| {
        let base = link(&p, &p.view);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}after={}", urlencode(&after))
    });
    let statuses: Vec<AppealStatus> = AppealStatus::ALL.to_vec();
    view! {
        <section class="card" aria-labelledby="queue-title">
            <div class="limit-head">
                <h1 id="queue-title">{t::appeal_queue(lang)}</h1>
                <p class="status">
                    {(c.pending_approval > 0).then(|| view! {
                        <a class="badge badge-frozen" href="/admin?status=pending_approval" data-testid="pending-count">
                            {format!("{} {}", t::waiting_for_a_supervisor(lang), crate::staff_model::show_count(c.pending_approval))}
                        </a>
                    })}
                </p>
            </div>
            <nav aria-label=t::queue_views(lang)>
                <ul class="tabs" role="list">
                    {views.into_iter().map(|(v, label, count)| {
                        let current = p.view == v;
                        view! {
                            <li>
                                <a href=link(&p, v) aria-current=current.then_some("page") class:tab-current=current data-view=v>
                                    {label}" "<span class="count">{crate::staff_model::show_count(count)}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <form method="get" action="/admin" class="filters" role="search">
                <input type="hidden" name="view" value=p.view.clone()/>
                <div class="field">
                    <label for="f-status">{t::status(lang)}</label>
                    <select id="f-status" name="status">
                        <option value="" selected=p.status.is_empty()>{t::every_open_one(lang)}</option>
                        {statuses.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=p.status == s.as_str()>{s.label(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-reason">{t::reason(lang)}</label>
                    <select id="f-reason" name="reason">
                        <option value="" selected=p.reason.is_empty()>{t::any_reason(lang)}</option>
                        {ReasonCode::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=p.reason == r.as_str() data-catalogue="reasons">{r.title(lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-q">{t::customer(lang)}</label>
                    <input id="f-q" name="q" type="search" value=p.q.clone() placeholder=t::username_or_name(lang)/>
                </div>
                <button type="submit" class="button">{t::filter(lang)}</button>
            </form>
        </section>

        <section class="card" aria-labelledby="list-title">
            <h2 id="list-title" class="visually-hidden">{t::appeals(lang)}</h2>
            {if page.items.is_empty() {
                view! { <p class="empty" data-testid="queue-empty">{t::no_appeals_match(lang)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table queue" data-testid="queue">
                            <caption class="visually-hidden">{t::ordered_by_deadline(lang)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t::customer(lang)}</th>
                                    <th scope="col">{t::history_reasons(lang)}</th>
                                    <th scope="col">{t::status(lang)}</th>
                                    <th scope="col">{t::appeal_submitted_at(lang)}</th>
                                    <th scope="col">{t::decide_by(lang)}</th>
                                    <th scope="col">{t::assigned_to(lang)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.items.into_iter().map(|i| {
                                    let due_class = if i.overdue { "late" } else if i.due_soon { "soon" } else { "" };
                                    view! {
                                        <tr data-appeal=i.id.to_string()>
                                            <th scope="row">
                                                <a href=format!("/admin/appeals/{}", i.id) translate="no">{i.customer_name.clone()}</a>
                                                <span class="hint" translate="no">" "{i.customer_username.clone()}</span>
                                            </th>
                                            <td data-catalogue="reasons">{i.reasons.iter().map(|r| r.title(lang)).collect::<Vec<_>>().join(t::list_separator(lang))}</td>
                                            <td>
                                                {i.status.label(lang)}
                                                {i.is_reappeal.then(|| view! { " "<span class="badge badge-muted">{t::appeal_reappeal_badge(lang)}</span> })}
                                            </td>
                                            <td>{i.submitted_local.clone()}</td>
                                            <td class=due_class>
                                                {i.due_local.clone()}
                                                {i.overdue.then(|| view! { " "<strong>{t::overdue_tag(lang)}</strong> })}
                                                {i.due_soon.then(|| view! { " "<span>{t::due_soon(lang)}</span> })}
                                            </td>
                                            <td translate=i.assigned_name.is_some().then_some("no")>{i.assigned_name.clone().unwrap_or_else(|| t::unassigned(lang).to_owned())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {next.map(|href| view! { <p><a class="button" href=href rel="next">{t::next_page(lang)}</a></p> })}
        </section>
    }
}
