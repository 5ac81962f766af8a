use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_lang, Msg};
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
        (true, _) => Some(Msg::LoginSignedOut),
        (false, Some("signin")) => Some(Msg::LoginSessionEnded),
        (false, Some("link")) => Some(Msg::LoginLinkSpent),
        _ => None,
    };
    let username = q("username").unwrap_or_default();
    let fields_invalid = error.is_some_and(SignInRefusal::blames_the_fields);
    let describedby = fields_invalid.then_some("login-error");
    let invalid = fields_invalid.then_some("true");

    view! {
        <Title text=format!("{} · {}", Msg::LoginTitle.t(lang), Msg::AppName.t(lang))/>
        <section class="card auth-card" aria-labelledby="login-title">
            <h1 id="login-title">{Msg::LoginTitle.t(lang)}</h1>
            <p class="lead">{Msg::LoginIntro.t(lang)}</p>
            {info.map(|m| view! { <p class="notice notice-info" role="status">{m.t(lang)}</p> })}
            {error.map(|e| view! { <p class="notice notice-error" role="alert" id="login-error">{e.message(lang)}</p> })}
            <form method="post" action="/auth/login" class="form">
                <div class="field">
                    <label for="username">{Msg::Username.t(lang)}</label>
                    <input id="username" name="username" type="text" autocomplete="username" required
                        autocapitalize="none" spellcheck="false" value=username
                        autofocus=error.is_some() aria-describedby=describedby aria-invalid=invalid/>
                </div>
                <div class="field">
                    <label for="password">{Msg::Password.t(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-describedby=describedby aria-invalid=invalid/>
                </div>
                <button type="submit" class="button button-primary">{Msg::LoginSubmit.t(lang)}</button>
            </form>
        </section>
    }
}
