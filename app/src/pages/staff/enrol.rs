use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load::Loaded;
use crate::functions::staff_accounts::get_enrolment;
use crate::i18n::{use_lang, Msg};
use crate::staff_accounts::{EnrolRefusal, Enrolment, LinkRefusal};

/// A new (or reset) staff member's one-time link: they scan their own
/// authenticator, keep their recovery codes and choose their password. The
/// admin who sent the link sees none of it. A plain form posted to
/// `/admin/auth/enrol`, which signs them in.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let data = Resource::new(move || token.clone(), get_enrolment);
    let title = lang.pick("设置员工账号", "Set up your staff account");
    view! {
        <Title text=format!("{title} · {}", Msg::AppName.t(lang))/>
        <section class="card narrow" aria-labelledby="enrol-title">
            <h1 id="enrol-title">{title}</h1>
            <Loaded data render=offer_view/>
        </section>
    }
}

fn offer_view(offer: Result<Enrolment, LinkRefusal>) -> AnyView {
    match offer {
        Ok(e) => view! { <EnrolForm e/> }.into_any(),
        Err(refusal) => view! { <LinkGone refusal/> }.into_any(),
    }
}

#[component]
fn LinkGone(refusal: LinkRefusal) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="notice notice-error" role="alert" data-testid="link-refused">{refusal.message(lang)}</p>
        <p><a href="/admin/login">{lang.pick("前往员工登录", "Go to the staff sign-in")}</a></p>
    }
}

#[component]
fn EnrolForm(e: Enrolment) -> impl IntoView {
    let lang = use_lang();
    let (token, error) = use_query_map().with_untracked(|q| {
        (
            q.get("token").unwrap_or_default(),
            q.get("error").and_then(|c| EnrolRefusal::from_code(&c)),
        )
    });
    let password_error = error.filter(|e| *e != EnrolRefusal::Code);
    let code_error = error.filter(|e| *e == EnrolRefusal::Code);
    let greeting = match lang {
        crate::i18n::Lang::Zh => format!(
            "{}（用户名 {}），请完成以下三步。",
            e.display_name, e.username
        ),
        crate::i18n::Lang::En => format!(
            "{} (username {}), three steps and you are in.",
            e.display_name, e.username
        ),
    };
    view! {
        <p class="lead">{greeting}</p>
        {error.map(|e| view! { <p class="notice notice-error" role="alert" id="enrol-error" data-code=e.code()>{e.message(lang)}</p> })}
        <form method="post" action="/admin/auth/enrol" class="form" data-testid="enrol">
            <input type="hidden" name="token" value=token/>
            <fieldset class="enrolment">
                <legend>{lang.pick("1. 设置验证器", "1. Set up your authenticator")}</legend>
                <p class="hint">{lang.pick(
                    "用验证器应用（如 Google Authenticator、Microsoft Authenticator）扫描二维码，或手动输入密钥。",
                    "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator …) or type in the secret.",
                )}</p>
                <div class="qr" role="img" aria-label=lang.pick("验证器二维码", "Authenticator QR code") inner_html=e.qr_svg></div>
                <p>{lang.pick("密钥：", "Secret: ")}<code class="mono" data-testid="secret">{e.secret}</code></p>
            </fieldset>
            <fieldset>
                <legend>{lang.pick("2. 保存恢复码", "2. Keep your recovery codes")}</legend>
                <p class="hint">{lang.pick(
                    "手机丢失时，每个恢复码可代替验证码使用一次。请抄下或打印，放在安全的地方：完成后不会再显示。",
                    "If you lose your phone, each code stands in for an authenticator code once. Write them down or print them and keep them safe: they are not shown again.",
                )}</p>
                <ol class="recovery-codes mono" data-testid="recovery-codes">
                    {e.recovery_codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ol>
            </fieldset>
            <fieldset>
                <legend>{lang.pick("3. 设置密码并确认", "3. Choose your password and confirm")}</legend>
                <div class="field">
                    <label for="password">{lang.pick("新密码", "New password")}</label>
                    <p class="hint" id="password-help">{lang.pick("至少 10 个字符，只有你自己知道。", "At least 10 characters, known only to you.")}</p>
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"
                        aria-describedby=if password_error.is_some() { "password-help enrol-error" } else { "password-help" }/>
                </div>
                <div class="field">
                    <label for="repeat">{lang.pick("再次输入新密码", "New password again")}</label>
                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"/>
                </div>
                <div class="field">
                    <label for="code">{lang.pick("验证器中的 6 位验证码", "The 6-digit code your authenticator shows")}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                        autocapitalize="none" spellcheck="false" maxlength="6" pattern="[0-9]{6}"
                        aria-describedby=code_error.map(|_| "enrol-error")/>
                </div>
            </fieldset>
            <button type="submit" class="button button-primary">{lang.pick("完成并登录", "Finish and sign in")}</button>
        </form>
    }
}

/// Shown to the admin once an account or a reset has its link.
pub fn link_hint(lang: crate::i18n::Lang) -> &'static str {
    lang.pick(
        "请通过可靠的渠道（如当面或公司通讯工具）把链接发给本人。本人用它设置自己的密码和验证器；链接只能用一次。",
        "Send the link to the person through a channel you trust (in person, the company chat). They set their own password and authenticator with it; it works once.",
    )
}
