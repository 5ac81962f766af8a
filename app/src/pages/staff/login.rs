use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_lang, Msg};
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
        (true, _) => Some(Msg::LoginSignedOut.t(lang)),
        (false, Some("signin")) => Some(Msg::LoginSessionEnded.t(lang)),
        _ => None,
    };
    let username = q("username").unwrap_or_default();
    let title = lang.pick("员工登录", "Staff sign-in");
    view! {
        <Title text=format!("{title} · {}", Msg::AppName.t(lang))/>
        <section class="card auth-card" aria-labelledby="login-title">
            <h1 id="login-title">{title}</h1>
            <p class="lead">{lang.pick("客服与主管使用的工作台。客户请从首页登录。", "The console for support agents and supervisors. Customers sign in from the home page.")}</p>
            {info.map(|m| view! { <p class="notice notice-info" role="status">{m}</p> })}
            {error.map(|m| view! { <p class="notice notice-error" role="alert" id="login-error">{m}</p> })}
            <form method="post" action="/admin/auth/login" class="form">
                <div class="field">
                    <label for="username">{Msg::Username.t(lang)}</label>
                    <input id="username" name="username" type="text" autocomplete="username" required
                        autocapitalize="none" spellcheck="false" value=username/>
                </div>
                <div class="field">
                    <label for="password">{Msg::Password.t(lang)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="code">{lang.pick("验证码", "Authentication code")}</label>
                    <p class="hint" id="code-help">{lang.pick("验证器应用中的 6 位数字；丢失手机时可输入恢复码。", "The 6 digits from your authenticator app; a recovery code if you lost your phone.")}</p>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                        autocapitalize="none" spellcheck="false" aria-describedby="code-help" maxlength="20"/>
                </div>
                <button type="submit" class="button button-primary">{Msg::LoginSubmit.t(lang)}</button>
            </form>
        </section>
    }
}
