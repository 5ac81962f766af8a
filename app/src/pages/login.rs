use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, use_lang};
use crate::login_form::SignInRefusal;

/// Sign-in. A plain form posted to `/auth/login`, so it works before the wasm
/// arrives; the server answers with a redirect back here carrying an error code.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move |key: &str| query.with_untracked(|q| q.get(key));
    let error = q("error").and_then(|code| SignInRefusal::from_code(&code));
    let info = match (q("signed_out").is_some(), q("reason").as_deref()) {
        (true, _) => Some(t::login_signed_out(lang)),
        (false, Some("signin")) => Some(t::login_session_ended(lang)),
        (false, Some("link")) => Some(t::login_link_spent(lang)),
        _ => None,
    };
    let username = q("username").unwrap_or_default();
    let fields_invalid = error.is_some_and(SignInRefusal::blames_the_fields);
    let describedby = fields_invalid.then_some("login-error");
    let invalid = fields_invalid.then_some("true");

    view! {
        <Title text=format!("{} · {}", t::login_title(lang), t::app_name(lang))/>
        <section class="card auth-card" aria-labelledby="login-title">
            <h1 id="login-title">{t::login_title(lang)}</h1>
            <p class="lead">{t::login_intro(lang)}</p>
            {info.map(|m| view! { <p class="notice notice-info" role="status">{m}</p> })}
            {error.map(|e| view! { <p class="notice notice-error" role="alert" id="login-error">{e.message(lang)}</p> })}
            <form method="post" action="/auth/login" class="form">
                <div class="field">
                    <label for="username">{t::username(lang)}</label>
                    <input id="username" name="username" type="text" autocomplete="username" required
                        autocapitalize="none" spellcheck="false" value=username
                        autofocus=error.is_some() aria-describedby=describedby aria-invalid=invalid/>
                </div>
                <div class="field">
                    <label for="password">{t::password(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-describedby=describedby aria-invalid=invalid/>
                </div>
                <button type="submit" class="button button-primary">{t::login_submit(lang)}</button>
            </form>
        </section>
    }
}
