use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_lang, Msg};
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
    let title = lang.pick("修改密码", "Change your password");
    let describedby = error.map(|_| "password-error");
    view! {
        <Title text=format!("{title} · {}", Msg::AppName.t(lang))/>
        <section class="card narrow" aria-labelledby="password-title">
            <h1 id="password-title">{title}</h1>
            {done.then(|| view! {
                <p class="notice notice-success" role="status" data-testid="password-changed">{lang.pick(
                    "密码已修改。你在其他设备上的登录都已结束。",
                    "Your password is changed. Your sign-ins on every other device have ended.",
                )}</p>
            })}
            {error.map(|e| view! { <p class="notice notice-error" role="alert" id="password-error" data-code=e.code()>{e.message(lang)}</p> })}
            <form method="post" action="/admin/auth/password" class="form">
                <div class="field">
                    <label for="current">{lang.pick("当前密码", "Current password")}</label>
                    <input id="current" name="current" type="password" autocomplete="current-password" required
                        aria-describedby=describedby/>
                </div>
                <div class="field">
                    <label for="new">{lang.pick("新密码", "New password")}</label>
                    <p class="hint" id="new-help">{lang.pick("至少 10 个字符。", "At least 10 characters.")}</p>
                    <input id="new" name="new" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256" aria-describedby="new-help"/>
                </div>
                <div class="field">
                    <label for="repeat">{lang.pick("再次输入新密码", "New password again")}</label>
                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"/>
                </div>
                <button type="submit" class="button button-primary">{lang.pick("修改密码", "Change password")}</button>
            </form>
        </section>
    }
}
