use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, use_lang};
use crate::login_form::SignInRefusal;

/// Staff sign-in: password plus the authenticator's six-digit code (or a
/// recovery code). A plain form posted to `/admin/auth/login`.
#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move |key: &str| query.with_untracked(|q| q.get(key));
    let error = q("error")
        .and_then(|code| SignInRefusal::from_code(&code))
        .map(|e| e.staff_message(lang));
    let info = match (q("signed_out").is_some(), q("reason").as_deref()) {
        (true, _) => Some(t::login_signed_out(lang)),
        (false, Some("signin")) => Some(t::login_session_ended(lang)),
        _ => None,
    };
    let username = q("username").unwrap_or_default();
    let title = t::staff_sign_in(lang);
    view! {
        <Title text=format!("{title} · {}", t::app_name(lang))/>
        <section class="card auth-card" aria-labelledby="login-title">
            <h1 id="login-title">{title}</h1>
            <p class="lead">{t::the_console_for_support_agents(lang)}</p>
            {info.map(|m| view! { <p class="notice notice-info" role="status">{m}</p> })}
            {error.map(|m| view! { <p class="notice notice-error" role="alert" id="login-error">{m}</p> })}
            <form method="post" action="/admin/auth/login" class="form">
                <div class="field">
                    <label for="username">{t::username(lang)}</label>
                    <input id="username" name="username" type="text" autocomplete="username" required
                        autocapitalize="none" spellcheck="false" value=username/>
                </div>
                <div class="field">
                    <label for="password">{t::password(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="code">{t::authentication_code(lang)}</label>
                    <p class="hint" id="code-help">{t::the_6_digits_from_your(lang)}</p>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                        autocapitalize="none" spellcheck="false" aria-describedby="code-help" maxlength="20"/>
                </div>
                <button type="submit" class="button button-primary">{t::login_submit(lang)}</button>
            </form>
        </section>
    }
}
