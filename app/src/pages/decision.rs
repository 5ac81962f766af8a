use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::decision::{AppealLinks, Checklist, ReasonList};
use crate::components::load::{id_param, Loaded};
use crate::functions::customer::get_decision;
use crate::i18n::{use_lang, Msg};
use crate::model::DecisionView;

/// One decision exactly as notified, with its reasons, facts and (if still in force) checklist.
#[component]
pub fn DecisionPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_decision(id?).await });
    view! {
        <Title text=format!("{} · {}", Msg::DecisionTitle.t(lang), Msg::AppName.t(lang))/>
        <Loaded data render=|v| view! { <DecisionBody view=v/> }/>
    }
}

#[component]
fn DecisionBody(view: DecisionView) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.t(lang);
    let d = view.decision;
    view! {
        <article class="card decision-card" aria-labelledby="decision-title">
            <h1 id="decision-title">{t(Msg::DecisionTitle)}" · "{d.kind.label(lang)}</h1>
            <p class="summary">{d.summary(lang)}</p>
            <dl class="meta-list">
                <div><dt>{t(Msg::NotifiedOn)}</dt><dd><time datetime=d.decided_at.to_rfc3339()>{view.decided_at_local}</time></dd></div>
                <div><dt>{t(Msg::NoticeNumber)}</dt><dd><code>{d.external_id}</code></dd></div>
                <div><dt>{t(Msg::ModelVersion)}</dt><dd><code>{d.model_version}</code></dd></div>
            </dl>
            <h2>{t(Msg::NoticeAsReceived)}</h2>
            <blockquote class="notice-text" lang="zh-CN">{d.notice}</blockquote>
            {(!d.reasons.is_empty()).then(|| view! {
                <h2>{t(Msg::MainReasons)}</h2>
                <ReasonList reasons=d.reasons.iter().cloned().collect() level=3/>
            })}
            {if view.in_force {
                view! {
                    <h2>{t(Msg::HowToRestore)}</h2>
                    <Checklist items=view.checklist/>
                }
                .into_any()
            } else if d.kind.is_adverse() {
                view! { <p class="notice notice-info">{t(Msg::DecisionReplaced)}</p> }.into_any()
            } else {
                ().into_any()
            }}
            <AppealLinks decision=d.id appeal=view.appeal appealable=view.appealable/>
            <p><a href="/history">{t(Msg::BackToHistory)}</a></p>
        </article>
    }
}
