use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::load::Loaded;
use crate::functions::staff_accounts::get_enrolment;
use crate::i18n::{t, use_lang};
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
    let title = t::set_up_your_staff_account(lang);
    view! {
        <Title text=format!("{title} · {}", t::app_name(lang))/>
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
        <p><a href="/admin/login">{t::go_to_the_staff_sign(lang)}</a></p>
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
    let greeting = t::enrol_greeting(
        lang,
        t::EnrolGreeting {
            name: &e.display_name,
            username: &e.username,
        },
    );
    view! {
        <p class="lead">{greeting}</p>
        {error.map(|e| view! { <p class="notice notice-error" role="alert" id="enrol-error" data-code=e.code()>{e.message(lang)}</p> })}
        <form method="post" action="/admin/auth/enrol" class="form" data-testid="enrol">
            <input type="hidden" name="token" value=token/>
            <fieldset class="enrolment">
                <legend>{t::enrol_step_authenticator(lang)}</legend>
                <p class="hint">{t::scan_the_qr_code_with(lang)}</p>
                <div class="qr" role="img" aria-label=t::authenticator_qr_code(lang) inner_html=e.qr_svg></div>
                <p>{t::secret(lang)}<code class="mono" data-testid="secret">{e.secret}</code></p>
            </fieldset>
            <fieldset>
                <legend>{t::enrol_step_recovery_codes(lang)}</legend>
                <p class="hint">{t::if_you_lose_your_phone(lang)}</p>
                <ol class="recovery-codes mono" data-testid="recovery-codes">
                    {e.recovery_codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ol>
            </fieldset>
            <fieldset>
                <legend>{t::enrol_step_password(lang)}</legend>
                <div class="field">
                    <label for="password">{t::new_password(lang)}</label>
                    <p class="hint" id="password-help">{t::at_least_10_characters_known(lang)}</p>
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"
                        aria-describedby=if password_error.is_some() { "password-help enrol-error" } else { "password-help" }/>
                </div>
                <div class="field">
                    <label for="repeat">{t::new_password_again(lang)}</label>
                    <input id="repeat" name="repeat" type="password" autocomplete="new-password" required
                        minlength="10" maxlength="256"/>
                </div>
                <div class="field">
                    <label for="code">{t::the_6_digit_code_your(lang)}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                        autocapitalize="none" spellcheck="false" maxlength="6" pattern="[0-9]{6}"
                        aria-describedby=code_error.map(|_| "enrol-error")/>
                </div>
            </fieldset>
            <button type="submit" class="button button-primary">{t::finish_and_sign_in(lang)}</button>
        </form>
    }
}

/// Shown to the admin once an account or a reset has its link.
pub fn link_hint(lang: crate::i18n::Lang) -> &'static str {
    t::send_the_link_to_the(lang)
}
