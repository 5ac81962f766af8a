use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{LoadError, Loading};
use crate::functions::customer::get_history;
use crate::i18n::{t, use_lang};
use crate::labels::{Describe, Label};
use crate::model::HistoryEntry;

/// Every decision on the customer's limit, newest first.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_history());
    view! {
        <Title text=format!("{} · {}", t::history_title(lang), t::app_name(lang))/>
        <section class="card" aria-labelledby="history-title">
            <h1 id="history-title">{t::history_title(lang)}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(entries) if entries.is_empty() => view! { <p>{t::history_empty(lang)}</p> }.into_any(),
                        Ok(entries) => view! { <Timeline entries/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Timeline(entries: Vec<HistoryEntry>) -> impl IntoView {
    let lang = use_lang();
    // Only the newest decision can be in force, and only if it is adverse.
    let newest_adverse = entries
        .first()
        .filter(|e| e.decision.is_adverse())
        .map(|e| e.decision.id);
    view! {
        <ol class="timeline" role="list">
            {entries
                .into_iter()
                .map(|entry| {
                    let d = entry.decision;
                    let href = format!("/decisions/{}", d.id);
                    let kind_class = if d.is_adverse() { "event event-adverse" } else { "event event-good" };
                    let reasons = d.reasons.codes().into_iter().map(|c| c.title(lang)).collect::<Vec<_>>().join(t::list_separator(lang));
                    view! {
                        <li class=kind_class>
                            <article>
                                <h2 class="event-title">
                                    <time datetime=d.decided_on.to_string()>{d.decided_on.to_string()}</time>
                                    " · "{d.kind.label(lang)}
                                    {(newest_adverse == Some(d.id)).then(|| view! { <span class="badge badge-frozen">{t::in_force(lang)}</span> })}
                                </h2>
                                <p>{d.describe(lang)}</p>
                                {(!reasons.is_empty()).then(|| view! { <p class="meta">{t::history_reasons(lang)}{t::label_colon(lang)}<span data-catalogue="reasons">{reasons}</span></p> })}
                                {entry.appeal.map(|a| view! {
                                    <p class="meta">{t::appeal_label(lang)}{t::label_colon(lang)}{a.status.label(lang)}" · "
                                        <a href=format!("/appeals/{}", a.id)>{t::view_appeal(lang)}</a></p>
                                })}
                                <p><a href=href>{t::see_full_notice(lang)}</a></p>
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
