use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::form_error_in_query;
use crate::components::load::{id_param, Loaded};
use crate::functions::appeal::get_appeal;
use crate::i18n::{file_size, t, use_lang};
use crate::labels::{Describe, Label};
use crate::model::{AppealView, FileView};

/// One appeal: status, the date support will decide by, progress and messages.
#[component]
pub fn AppealPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_appeal(id?).await });
    view! {
        <Title text=format!("{} · {}", t::appeal_page_title(lang), t::app_name(lang))/>
        <Loaded data render=|appeal| view! { <AppealBody appeal/> }/>
    }
}

#[component]
fn AppealBody(appeal: AppealView) -> impl IntoView {
    let lang = use_lang();
    let error = form_error_in_query();
    let open = appeal.status.is_open();
    let awaiting = appeal.status == domain::appeal::AppealStatus::AwaitingCustomer;
    let d = &appeal.decision;
    let status_class = if open {
        "badge badge-frozen"
    } else {
        "badge badge-muted"
    };
    view! {
        <section class="card" aria-labelledby="appeal-title">
            <div class="limit-head">
                <h1 id="appeal-title">{t::appeal_page_title(lang)}</h1>
                <p class="status">
                    <span class=status_class data-testid="appeal-status" data-status=appeal.status.as_str()>{appeal.status.label(lang)}</span>
                    {appeal.is_reappeal.then(|| view! { " "<span class="badge badge-muted">{t::appeal_reappeal_badge(lang)}</span> })}
                </p>
            </div>
            {error.map(|e| view! { <p class="notice notice-error" role="alert">{e.message(lang)}</p> })}
            <dl class="meta-list">
                <div><dt>{t::appeal_about(lang)}</dt><dd><a href=format!("/decisions/{}", d.id)>{d.describe(lang)}</a></dd></div>
                <div><dt>{t::appeal_ground(lang)}</dt><dd>{appeal.ground.label(lang)}</dd></div>
                <div><dt>{t::appeal_submitted_at(lang)}</dt><dd>{appeal.submitted_at_local.clone()}</dd></div>
                {open.then(|| view! {
                    <div><dt>{t::appeal_first_response_by(lang)}</dt><dd>{appeal.first_response_by.clone()}</dd></div>
                    <div><dt>{t::appeal_decide_by(lang)}</dt><dd data-testid="decide-by"><time datetime=appeal.decide_by.to_string()>{appeal.decide_by.to_string()}</time></dd></div>
                })}
            </dl>
            {appeal.paused.then(|| view! { <p class="notice notice-info">{t::appeal_paused_note(lang)}</p> })}
            {appeal.outcome.map(|o| view! { <p class="notice notice-success" role="status" data-testid="appeal-outcome">{o.customer_text(lang)}</p> })}
            {(appeal.status == domain::appeal::AppealStatus::ResolvedByReassessment).then(|| view! {
                <p class="notice notice-success" role="status" data-testid="appeal-outcome">{domain::appeal::reassessment_notice(lang)}</p>
            })}
        </section>

        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t::appeal_timeline(lang)}</h2>
            <ol class="timeline" role="list">
                {appeal.timeline.into_iter().map(|e| view! {
                    <li class="event event-good"><p><time>{e.at_local}</time>" · "{e.status.label(lang)}</p></li>
                }).collect_view()}
            </ol>
        </section>

        <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title">{t::appeal_thread(lang)}</h2>
            <ol class="thread" role="list" data-testid="thread">
                {appeal.messages.into_iter().map(|m| {
                    view! {
                        <li class="message" class:message-staff=m.from_staff>
                            <p class="meta"><strong>{if m.from_staff {
                                view! { {t::appeal_support(lang)}" · "<span translate="no">{m.author_name}</span> }.into_any()
                            } else {
                                t::appeal_you(lang).into_any()
                            }}</strong>" · "<time>{m.at_local}</time></p>
                            <p class="message-body" translate="no">{m.body}</p>
                            {(!m.files.is_empty()).then(|| view! {
                                <ul class="files" role="list">
                                    {m.files.into_iter().map(|f| view! { <FileItem file=f/> }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>

        {awaiting.then(|| view! {
            <section class="card" aria-labelledby="reply-title">
                <h2 id="reply-title">{t::appeal_reply(lang)}</h2>
                <form method="post" action=format!("/appeals/{}/reply", appeal.id) enctype="multipart/form-data" class="form">
                    <input type="hidden" name="version" value=appeal.version.to_string()/>
                    <div class="field">
                        <label for="reply">{t::appeal_reply_label(lang)}</label>
                        <textarea id="reply" name="statement" rows="4" required minlength="10" maxlength="2000"></textarea>
                    </div>
                    <div class="field">
                        <label for="reply-files">{t::appeal_files(lang)}</label>
                        <p class="hint" id="reply-files-help">{t::appeal_files_help(lang)}</p>
                        <input id="reply-files" name="files" type="file" multiple accept="image/png,image/jpeg,application/pdf" aria-describedby="reply-files-help"/>
                    </div>
                    <button type="submit" class="button button-primary">{t::appeal_reply_submit(lang)}</button>
                </form>
            </section>
        })}

        {open.then(|| view! {
            <section class="card" aria-labelledby="withdraw-title">
                <h2 id="withdraw-title">{t::appeal_withdraw(lang)}</h2>
                <p class="hint">{t::appeal_withdraw_help(lang)}</p>
                <form method="post" action=format!("/appeals/{}/withdraw", appeal.id)>
                    <input type="hidden" name="version" value=appeal.version.to_string()/>
                    <button type="submit" class="button">{t::appeal_withdraw(lang)}</button>
                </form>
            </section>
        })}
    }
}

#[component]
fn FileItem(file: FileView) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/evidence/{}", file.id);
    view! {
        <li class="file">
            {file.has_thumbnail.then(|| view! {
                <img class="thumbnail" src=format!("/evidence/{}/thumbnail", file.id) alt=file.name.clone() translate="no" loading="lazy" width="160"/>
            })}
            <a href=href download=file.name.clone() rel="external">{t::download(lang)}" · "<span translate="no">{file.name.clone()}</span>" ("{file_size(file.size_bytes, lang)}")"</a>
        </li>
    }
}
