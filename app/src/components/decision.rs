//! A limit decision as customers read it: what happened, why, and what restores it.

use domain::{ChecklistItem, Reason, StepStatus};
use leptos::prelude::*;

use crate::i18n::{t, use_lang};
use crate::labels::{Describe, Label};

/// The principal reasons, most important first, each with its facts.
#[component]
pub fn ReasonList(
    reasons: Vec<Reason>,
    /// Heading level of each reason's title, one below the section's heading.
    #[prop(default = 4)]
    level: u8,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ol class="reasons" role="list">
            {reasons
                .into_iter()
                .map(|reason| {
                    let code = reason.code();
                    let facts = reason.facts(lang);
                    view! {
                        <li class="reason" data-code=code.as_str()>
                            {if level == 3 {
                                view! { <h3 class="reason-title" data-catalogue="reasons">{code.title(lang)}</h3> }.into_any()
                            } else {
                                view! { <h4 class="reason-title" data-catalogue="reasons">{code.title(lang)}</h4> }.into_any()
                            }}
                            <p class="reason-explanation" data-catalogue="reasons">{code.explanation(lang)}</p>
                            {(!facts.is_empty()).then(|| view! {
                                <dl class="facts" aria-label=t::the_facts(lang)>
                                    {facts
                                        .into_iter()
                                        .map(|f| view! {
                                            <div class="fact" data-catalogue="reasons">
                                                <dt>{f.label}</dt>
                                                <dd>{f.value}</dd>
                                            </div>
                                        })
                                        .collect_view()}
                                </dl>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The restoration steps with their status now; done steps are ticked.
#[component]
pub fn Checklist(items: Vec<ChecklistItem>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ol class="checklist" role="list">
            {items
                .into_iter()
                .map(|item| {
                    let (class, mark) = match item.status {
                        StepStatus::Done => ("step step-done", "✓"),
                        StepStatus::InProgress { .. } => ("step step-progress", "◐"),
                        StepStatus::ToDo => ("step step-todo", "○"),
                        StepStatus::Later => ("step step-later", "…"),
                        StepStatus::Optional => ("step step-optional", "·"),
                    };
                    view! {
                        <li class=class data-reason=item.reason.as_str()>
                            <span class="step-mark" aria-hidden="true">{mark}</span>
                            <span class="step-text" data-catalogue="reasons">{item.step.text(lang)}</span>
                            <span class="step-status">
                                <span class="visually-hidden">{t::status_after_step(lang)}</span>
                                {item.status.describe(lang)}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The decision's appeal, if any, and the way to file one when the rules allow.
#[component]
pub fn AppealLinks(
    decision: uuid::Uuid,
    appeal: Option<crate::model::AppealBrief>,
    appealable: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        {appeal.map(|a| view! {
            <p class="appeal-line" data-testid="appeal-line">
                {t::appeal_label(lang)}{t::label_colon(lang)}<span class="badge badge-muted">{a.status.label(lang)}</span>" "
                <a href=format!("/appeals/{}", a.id)>{t::view_appeal(lang)}</a>
            </p>
        })}
        {appealable.then(|| view! {
            <p><a class="button button-primary" data-testid="start-appeal" href=format!("/decisions/{decision}/appeal")>{t::start_appeal(lang)}</a></p>
        })}
    }
}
