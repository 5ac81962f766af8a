use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, use_lang, Lang};

/// One question with its answer's paragraphs, all from the catalogue.
struct Faq {
    id: &'static str,
    question: fn(Lang) -> &'static str,
    answer: &'static [fn(Lang) -> &'static str],
}

const FAQS: &[Faq] = &[
    Faq {
        id: "why",
        question: t::faq_why_question,
        answer: &[t::faq_why_answer_1],
    },
    Faq {
        id: "restore",
        question: t::faq_restore_question,
        answer: &[t::faq_restore_answer_1],
    },
    Faq {
        id: "frozen",
        question: t::faq_frozen_question,
        answer: &[t::faq_frozen_answer_1],
    },
    Faq {
        id: "cash",
        question: t::faq_cash_question,
        answer: &[t::faq_cash_answer_1, t::faq_cash_answer_2],
    },
    Faq {
        id: "time",
        question: t::faq_time_question,
        answer: &[t::faq_time_answer_1],
    },
    Faq {
        id: "evidence",
        question: t::faq_evidence_question,
        answer: &[t::faq_evidence_answer_1],
    },
];

#[component]
pub fn HelpPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=format!("{} · {}", t::help_title(lang), t::app_name(lang))/>
        <section class="card" aria-labelledby="help-title">
            <h1 id="help-title">{t::help_title(lang)}</h1>
            <nav aria-label=t::on_this_page(lang)>
                <ul class="toc">
                    {FAQS.iter().map(|f| view! { <li><a href=format!("#{}", f.id) target="_self">{(f.question)(lang)}</a></li> }).collect_view()}
                </ul>
            </nav>
        </section>
        {FAQS
            .iter()
            .map(|f| {
                let heading = format!("{}-q", f.id);
                let labelled_by = heading.clone();
                view! {
                    <section class="card faq" id=f.id aria-labelledby=labelled_by class:faq-warning=f.id == "cash">
                        <h2 id=heading>{(f.question)(lang)}</h2>
                        {f.answer.iter().map(|p| view! { <p>{p(lang)}</p> }).collect_view()}
                    </section>
                }
            })
            .collect_view()}
    }
}
