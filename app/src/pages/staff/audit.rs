use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load::Loaded;
use crate::functions::staff::get_audit;
use crate::i18n::{t, use_lang};
use crate::staff_model::{AuditPage, AuditParams};

/// The append-only audit log, newest first, with a CSV export of the same filter.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let params = move || {
        query.with(|q| AuditParams {
            entity_type: q.get("entity_type").unwrap_or_default(),
            entity_id: q.get("entity_id").unwrap_or_default(),
            actor: q.get("actor").unwrap_or_default(),
            before: q.get("before").unwrap_or_default(),
        })
    };
    let data = Resource::new(params, get_audit);
    view! {
        <Title text=format!("{} · {}", t::audit_log(lang), t::app_name(lang))/>
        <Loaded data render=|page| view! { <AuditBody page/> }/>
    }
}

#[component]
fn AuditBody(page: AuditPage) -> impl IntoView {
    let lang = use_lang();
    let p = page.params.clone();
    let filter = format!(
        "entity_type={}&entity_id={}&actor={}",
        p.entity_type.replace(['&', '#', ' '], ""),
        p.entity_id.replace(['&', '#', ' '], ""),
        p.actor.replace(['&', '#', ' '], "")
    );
    let next = page
        .next_before
        .map(|b| format!("/admin/audit?{filter}&before={b}"));
    view! {
        <section class="card" aria-labelledby="audit-title">
            <div class="limit-head">
                <h1 id="audit-title">{t::audit_log(lang)}</h1>
                // A post, not a link: an export is audited, so no other site
                // may set one off by navigating here.
                <form method="post" action="/admin/audit.csv">
                    <input type="hidden" name="entity_type" value=p.entity_type.clone()/>
                    <input type="hidden" name="entity_id" value=p.entity_id.clone()/>
                    <input type="hidden" name="actor" value=p.actor.clone()/>
                    <button type="submit" class="button" data-testid="csv">{t::export_csv(lang)}</button>
                </form>
            </div>
            <p class="hint">{t::append_only_the_application_cannot(lang)}</p>
            <form method="get" action="/admin/audit" class="filters">
                <div class="field">
                    <label for="a-type">{t::entity_type(lang)}</label>
                    <select id="a-type" name="entity_type">
                        {[
                            ("", t::all(lang)),
                            ("appeal", t::entity_kind_appeal(lang)),
                            ("credit_line", t::entity_kind_credit_line(lang)),
                            ("limit_decision", t::entity_kind_limit_decision(lang)),
                            ("account", t::entity_kind_account(lang)),
                            ("evidence", t::entity_kind_evidence(lang)),
                            ("audit_log", t::entity_kind_audit_log(lang)),
                        ]
                        .into_iter()
                        .map(|(kind, label)| view! {
                            <option value=kind selected=p.entity_type == kind>{label}</option>
                        })
                        .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="a-entity">{t::entity_id(lang)}</label>
                    <input id="a-entity" name="entity_id" type="search" value=p.entity_id.clone() translate="no"/>
                </div>
                <div class="field">
                    <label for="a-actor">{t::actor(lang)}</label>
                    <input id="a-actor" name="actor" type="search" value=p.actor.clone()/>
                </div>
                <button type="submit" class="button">{t::filter(lang)}</button>
            </form>
            <div class="table-scroll" tabindex="0" role="region" aria-label=t::audit_entries(lang)>
                <table class="table" data-testid="audit">
                    <caption class="visually-hidden">{t::newest_first(lang)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t::when(lang)}</th>
                            <th scope="col">{t::who(lang)}</th>
                            <th scope="col">{t::what(lang)}</th>
                            <th scope="col">{t::entity(lang)}</th>
                            <th scope="col">{t::before_after(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {page.lines.into_iter().map(|l| view! {
                            <tr>
                                <td>{l.at_local}</td>
                                <td translate="no">{l.actor}</td>
                                <td><code translate="no">{l.action}</code></td>
                                <td class="mono" translate="no">{l.entity}</td>
                                <td class="mono" translate="no">{l.change}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {next.map(|href| view! { <p><a class="button" href=href rel="next">{t::older_entries(lang)}</a></p> })}
        </section>
    }
}
