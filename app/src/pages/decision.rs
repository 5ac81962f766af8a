use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::decision::{AppealLinks, Checklist, ReasonList};
use crate::components::load::{id_param, Loaded};
use crate::functions::customer::get_decision;
use crate::i18n::{t, use_lang};
use crate::labels::{Describe, Label};
use crate::model::DecisionView;

/// One decision exactly as notified, with its reasons, facts and (if still in force) checklist.
#[component]
pub fn DecisionPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_decision(id?).await });
    view! {
        <Title text=format!("{} · {}", t::decision_title(lang), t::app_name(lang))/>
        <Loaded data render=|v| view! { <DecisionBody view=v/> }/>
    }
}

#[component]
fn DecisionBody(view: DecisionView) -> impl IntoView {
    let lang = use_lang();
    let d = view.decision;
    view! {
        <article class="card decision-card" aria-labelledby="decision-title">
            <h1 id="decision-title">{t::decision_title(lang)}" · "{d.kind.label(lang)}</h1>
            <p class="summary">{d.describe(lang)}</p>
            <dl class="meta-list">
                <div><dt>{t::notified_on(lang)}</dt><dd><time datetime=d.decided_at.to_rfc3339()>{view.decided_at_local}</time></dd></div>
                <div><dt>{t::notice_number(lang)}</dt><dd><code translate="no">{d.external_id}</code></dd></div>
                <div><dt>{t::model_version(lang)}</dt><dd><code translate="no">{d.model_version}</code></dd></div>
            </dl>
            <h2>{t::notice_as_received(lang)}</h2>
            <blockquote class="notice-text" lang="zh-CN" translate="no">{d.notice}</blockquote>
            {(!d.reasons.is_empty()).then(|| view! {
                <h2>{t::main_reasons(lang)}</h2>
                <ReasonList reasons=d.reasons.iter().cloned().collect() level=3/>
            })}
            {if view.in_force {
                view! {
                    <h2>{t::how_to_restore(lang)}</h2>
                    <Checklist items=view.checklist/>
                }
                .into_any()
            } else if d.kind.is_adverse() {
                view! { <p class="notice notice-info">{t::decision_replaced(lang)}</p> }.into_any()
            } else {
                ().into_any()
            }}
            <AppealLinks decision=d.id appeal=view.appeal appealable=view.appealable/>
            <p><a href="/history">{t::back_to_history(lang)}</a></p>
        </article>
    }
}
