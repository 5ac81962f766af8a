use domain::{DecisionKind, LineStatus};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::decision::{AppealLinks, Checklist, ReasonList};
use crate::components::load::{LoadError, Loading};
use crate::functions::customer::get_overview;
use crate::i18n::{t, use_lang};
use crate::labels::{Describe, Label};
use crate::model::Overview;

/// The customer's limit now and, if it dropped or froze, why and what restores it.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_overview());
    view! {
        <Title text=format!("{} · {}", t::overview_title(lang), t::app_name(lang))/>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <OverviewBody overview=o/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OverviewBody(overview: Overview) -> impl IntoView {
    let lang = use_lang();
    let line = overview.line;
    let status_class = match line.status {
        LineStatus::Active => "badge badge-ok",
        LineStatus::Frozen => "badge badge-frozen",
        LineStatus::Closed => "badge badge-muted",
    };
    let limit_before = overview
        .adverse
        .as_ref()
        .filter(|a| a.decision.kind == DecisionKind::Reduce)
        .map(|a| a.decision.limit_before);

    view! {
        <section class="card limit-card" aria-labelledby="limit-title">
            <div class="limit-head">
                <h1 id="limit-title">{t::overview_title(lang)}</h1>
                <p class="status">
                    <span class="visually-hidden">{t::status(lang)}{t::label_colon(lang)}</span>
                    <span class=status_class data-status=line.status.as_str()>{line.status.label(lang)}</span>
                </p>
            </div>
            <dl class="figures">
                <div class="figure figure-main">
                    <dt>{if line.status == LineStatus::Frozen { t::frozen_limit(lang) } else { t::current_limit(lang) }}</dt>
                    <dd class="amount" data-testid="current-limit">{line.limit.to_string()}</dd>
                </div>
                {limit_before.map(|before| view! {
                    <div class="figure">
                        <dt>{t::limit_before(lang)}</dt>
                        <dd class="amount amount-before" data-testid="limit-before">{before.to_string()}</dd>
                    </div>
                })}
                <div class="figure">
                    <dt>{t::used(lang)}</dt>
                    <dd class="amount">{line.used.to_string()}</dd>
                </div>
                <div class="figure">
                    <dt>{t::available(lang)}</dt>
                    <dd class="amount" data-testid="available">{line.available().to_string()}</dd>
                </div>
                {(!overview.overdue_now.is_zero()).then(|| view! {
                    <div class="figure figure-alert">
                        <dt>{t::overdue_now(lang)}</dt>
                        <dd class="amount">{overview.overdue_now.to_string()}</dd>
                    </div>
                })}
            </dl>
            {(line.status == LineStatus::Frozen).then(|| view! { <p class="notice notice-info">{t::frozen_note(lang)}</p> })}
        </section>

        {match overview.adverse {
            Some(view_) => {
                let d = view_.decision;
                let href = format!("/decisions/{}", d.id);
                view! {
                    <section class="card decision-card" aria-labelledby="why-title">
                        <h2 id="why-title">{t::why_changed(lang)}</h2>
                        <p class="summary" data-testid="decision-summary">{d.describe(lang)}</p>
                        <p class="meta">{t::notified_on(lang)}" "<time datetime=d.decided_on.to_string()>{d.decided_on.to_string()}</time></p>
                        <h3>{t::main_reasons(lang)}</h3>
                        <ReasonList reasons=d.reasons.iter().cloned().collect()/>
                        <h3>{t::how_to_restore(lang)}</h3>
                        <Checklist items=view_.checklist/>
                        <AppealLinks decision=d.id appeal=view_.appeal appealable=view_.appealable/>
                        <p><a href=href>{t::see_full_notice(lang)}</a></p>
                    </section>
                }
                .into_any()
            }
            None => view! {
                <section class="card healthy-card" aria-labelledby="healthy-title" data-testid="healthy">
                    <h2 id="healthy-title">{t::healthy_title(lang)}</h2>
                    <p>{t::healthy_body(lang)}</p>
                </section>
            }
            .into_any(),
        }}

        <aside class="card notice-cash" aria-labelledby="cash-title">
            <h2 id="cash-title">{t::no_cash_out_title(lang)}</h2>
            <p>{t::no_cash_out_body(lang)}</p>
        </aside>
    }
}
