use domain::appeal::{
    evidence_hint, AppealKind, Ground, MAX_FILES_PER_MESSAGE, STATEMENT_MAX_CHARS,
};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::form_error_in_query;
use crate::components::load::{id_param, Loaded};
use crate::functions::appeal::get_appeal_form;
use crate::i18n::{t, use_lang};
use crate::labels::{Describe, Label, Message};
use crate::model::AppealForm;

/// Filing an appeal against one decision: a multipart form posted to the server,
/// so it works before the wasm arrives; refusals come back here with what was typed.
#[component]
pub fn AppealFormPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_appeal_form(id?).await });
    view! {
        <Title text=format!("{} · {}", t::appeal_title(lang), t::app_name(lang))/>
        <Loaded data render=|form| view! { <FormBody form/> }/>
    }
}

#[component]
fn FormBody(form: AppealForm) -> impl IntoView {
    let lang = use_lang();
    let error = form_error_in_query();
    let d = form.decision;
    let action = format!("/decisions/{}/appeal", d.id);
    let codes = d.reasons.codes();

    let kind = match form.eligibility {
        Ok(kind) => kind,
        Err(refusal) => {
            return view! {
                <section class="card" aria-labelledby="appeal-title">
                    <h1 id="appeal-title">{t::appeal_cannot(lang)}</h1>
                    <p class="summary">{d.describe(lang)}</p>
                    <p class="notice notice-info" role="status" data-testid="appeal-refusal">{refusal.message(lang)}</p>
                    {form.open_appeal.map(|id| view! {
                        <p><a class="button" href=format!("/appeals/{id}")>{t::view_open_appeal(lang)}</a></p>
                    })}
                    <p><a href=format!("/decisions/{}", d.id)>{t::see_full_notice(lang)}</a></p>
                </section>
            }
            .into_any();
        }
    };
    let statement_error = error
        .as_ref()
        .filter(|e| e.is_about_statement())
        .map(|_| "appeal-error");
    let files_error = error
        .as_ref()
        .filter(|e| e.is_about_files())
        .map(|_| "appeal-error");
    let chosen = form.draft_ground;

    view! {
        <section class="card" aria-labelledby="appeal-title">
            <h1 id="appeal-title">{t::appeal_title(lang)}</h1>
            <p class="summary">{d.describe(lang)}" · "{d.decided_on.to_string()}</p>
            <p class="lead">{t::appeal_intro(lang)}</p>
            {error.as_ref().map(|e| view! {
                <p class="notice notice-error" role="alert" id="appeal-error">{e.message(lang)}</p>
            })}
            {(kind == AppealKind::Reappeal).then(|| view! {
                <p class="notice notice-info">{t::appeal_reappeal_note(lang)}</p>
            })}
            <UploadWithProgress>
                <form method="post" action=action enctype="multipart/form-data" class="form appeal-form">
                    <fieldset class="field">
                        <legend>{t::appeal_ground(lang)}</legend>
                        {Ground::ALL
                            .into_iter()
                            .map(|g| {
                                let id = format!("ground-{}", g.as_str());
                                view! {
                                    <div class="choice">
                                        <input type="radio" name="ground" id=id.clone() value=g.as_str() required
                                            checked=chosen == Some(g)/>
                                        <label for=id>{g.label(lang)}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="statement">{t::appeal_statement(lang)}</label>
                        <p class="hint" id="statement-help">{t::appeal_statement_help(lang)}</p>
                        <textarea id="statement" name="statement" rows="6" required minlength="10"
                            maxlength=STATEMENT_MAX_CHARS.to_string()
                            aria-describedby=statement_error.map(|e| format!("statement-help {e}")).unwrap_or_else(|| "statement-help".to_owned())
                            aria-invalid=statement_error.map(|_| "true")>
                            {form.draft_statement}
                        </textarea>
                    </div>
                    <div class="field">
                        <label for="files">{t::appeal_files(lang)}</label>
                        <p class="hint" id="files-help">{t::appeal_files_help(lang)}</p>
                        <input id="files" name="files" type="file" multiple
                            accept="image/png,image/jpeg,application/pdf"
                            data-max-files=MAX_FILES_PER_MESSAGE.to_string()
                            aria-describedby=files_error.map(|e| format!("files-help {e}")).unwrap_or_else(|| "files-help".to_owned())
                            aria-invalid=files_error.map(|_| "true")/>
                    </div>
                    <button type="submit" class="button button-primary">{t::appeal_submit(lang)}</button>
                    <div class="upload-progress" id="upload-box" hidden>
                        <label for="upload-progress">{t::uploading(lang)}</label>
                        <progress id="upload-progress" max="100" value="0"></progress>
                    </div>
                </form>
            </UploadWithProgress>
        </section>
        <section class="card" aria-labelledby="hints-title">
            <h2 id="hints-title">{t::appeal_hints(lang)}</h2>
            <ul class="hints">
                {codes.into_iter().map(|c| view! {
                    <li data-catalogue="reasons"><strong>{c.title(lang)}</strong>{t::label_colon(lang)}{evidence_hint(c, lang)}</li>
                }).collect_view()}
            </ul>
            <h2>{t::appeal_rules(lang)}</h2>
            <ul class="hints">
                <li>{t::appeal_window_until(lang)}" "<time datetime=form.window_closes_on.to_string()>{form.window_closes_on.to_string()}</time></li>
                <li>{t::appeal_rule_one_open(lang)}</li>
                <li>{t::appeal_rule_reappeal(lang)}</li>
            </ul>
        </section>
    }
    .into_any()
}

/// The appeal form's one interactive part, and so the one island on the
/// customers' pages: once the wasm runs, the form inside (server-rendered, not
/// hydrated) is sent with XMLHttpRequest so the upload can show its progress.
/// Before that it is a plain multipart post, and the server answers both alike.
#[island]
fn UploadWithProgress(children: Children) -> impl IntoView {
    view! {
        <div class="upload" on:submit=move |ev: leptos::ev::SubmitEvent| {
            #[cfg(feature = "hydrate")]
            upload::send_with_progress(ev);
            #[cfg(not(feature = "hydrate"))]
            let _ = ev;
        }>
            {children()}
        </div>
    }
}

/// Sends the submitted form with XMLHttpRequest, showing its progress; the
/// server answers exactly as for a plain post.
#[cfg(feature = "hydrate")]
mod upload {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{
        FormData, HtmlButtonElement, HtmlFormElement, HtmlProgressElement, ProgressEvent,
        XmlHttpRequest,
    };

    pub fn send_with_progress(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        // Anything unexpected: let the browser post the form itself.
        let (Ok(data), Ok(xhr)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else {
            return;
        };
        if xhr.open("POST", &form.action()).is_err() {
            return;
        }
        ev.prevent_default();
        let doc = leptos::prelude::document();
        if let Some(button) = form
            .query_selector("button[type=submit]")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<HtmlButtonElement>().ok())
        {
            // One click, one appeal.
            button.set_disabled(true);
        }
        if let Some(boxed) = doc.get_element_by_id("upload-box") {
            let _ = boxed.remove_attribute("hidden");
        }
        let progress = doc
            .get_element_by_id("upload-progress")
            .and_then(|e| e.dyn_into::<HtmlProgressElement>().ok());
        if let Ok(upload) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if let (true, Some(bar)) = (e.length_computable() && e.total() > 0.0, &progress) {
                    bar.set_value(e.loaded() / e.total() * 100.0);
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let done = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            // The server redirected (to the appeal, or back here with a reason): go there.
            let url = done.response_url();
            let _ = leptos::prelude::window()
                .location()
                .assign(if url.is_empty() { "/" } else { &url });
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let fallback = form.clone();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            let _ = fallback.submit();
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            let _ = form.submit();
        }
    }
}
