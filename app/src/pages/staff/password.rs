use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, use_lang};
use crate::login_form::PasswordRefusal;

/// A staff member changes their own password. A plain form posted to
/// `/admin/auth/password`; every other session of the account ends, this one
/// goes on under a fresh id.
#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let (done, error) = query.with_untracked(|q| {
        (
            q.get("done").is_some(),
            q.get("error").and_then(|c| PasswordRefusal::from_code(&c)),
        )
    });
    let title = t::change_your_password(lang);
    let describedby = error.map(|_| "password-error");
    view! {
        <Title text=format!("{title} · {}", t::app_name(lang))/>
        <section class="card narrow" aria-labelledby="password-title">
            <h1 id="password-title">{title}</h1>
            {done.then(|| view! {
                <p class="notice notice-success" role="status" data-testid="password-changed">{t::your_password_is_changed_your(lang)}</p>
            })}
            {error.map(|e| view! { <p class="notice notice-error" role="alert" id="password-error" data-code=e.code()>{e.message(lang)}</p> })}
            <form method="post" action="/admin/auth/password" class="form">
                <div class="field">
                    <label for="current">{t::current_password(lang)}</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" required
                        aria-describedby=describedby/>
                </div>
                <div class="field">
                    <label for="new">{t::new_password(lang)}</label>
                    <p class="hint" id="new-help">{t::at_least_10_characters(lang)}</p>
                    <input id="new" name="new" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256" aria-describedby="new-help"/>
                </div>
                <div class="field">
                    <label for="repeat">{t::new_password_again(lang)}</label>
                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"/>
                </div>
                <button type="submit" class="button button-primary">{t::change_password(lang)}</button>
            </form>
        </section>
    }
}
