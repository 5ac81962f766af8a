use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::functions::customer::get_viewer;
use crate::i18n::{t, use_lang, Lang};

/// Header with navigation, language switch and sign-out around every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let viewer = Resource::new(|| (), |_| get_viewer());
    let location = use_location();

    if location.pathname.get_untracked().starts_with("/admin") {
        return view! { <StaffLayout children/> }.into_any();
    }

    view! {
        <a class="skip-link" href="#main" target="_self">{t::skip_to_content(lang)}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">{t::brand_mark(lang)}</span>
                    <span>{t::app_name(lang)}</span>
                </a>
                <div class="header-tools">
                    <LanguageSwitch
                        lang=lang
                        next=Signal::derive(move || format!("{}{}{}", location.pathname.get(), location.search.get(), location.hash.get()))
                    />
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            viewer.await.ok().flatten().map(|v| view! {
                                {v.awaiting_reply.first().map(|first| view! {
                                    <a class="notify" data-testid="notify" href=format!("/appeals/{first}")>
                                        <span class="notify-count" aria-hidden="true">{v.awaiting_reply.len()}</span>
                                        <span class="notify-text">{t::awaiting_reply(lang, v.awaiting_reply.len())}</span>
                                    </a>
                                })}
                                <span class="who">
                                    <span class="visually-hidden">{t::signed_in_as(lang)}</span>
                                    <span translate="no">{v.display_name}</span>
                                </span>
                                <form method="post" action="/auth/logout" class="inline-form">
                                    <button type="submit" class="link-button">{t::sign_out(lang)}</button>
                                </form>
                            })
                        })}
                    </Suspense>
                </div>
            </div>
            <nav class="main-nav" aria-label=t::main_nav(lang)>
                <ul>
                    <li><A href="/" exact=true>{t::nav_overview(lang)}</A></li>
                    <li><A href="/history">{t::nav_history(lang)}</A></li>
                    <li><A href="/repayments">{t::nav_repayments(lang)}</A></li>
                    <li><A href="/help">{t::nav_help(lang)}</A></li>
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p><a href="/help#cash">{t::no_cash_out_title(lang)}</a></p>
        </footer>
    }
    .into_any()
}

/// The staff console's frame: its own navigation, who is signed in and in what role.
#[component]
fn StaffLayout(children: Children) -> impl IntoView {
    use crate::functions::staff::get_staff_viewer;
    use crate::model::Role;
    let lang = use_lang();
    let location = use_location();
    let viewer = Resource::new(|| (), |_| get_staff_viewer());
    view! {
        <a class="skip-link" href="#main" target="_self">{t::skip_to_content(lang)}</a>
        <header class="site-header staff-header">
            <div class="header-inner">
                <a class="brand" href="/admin">
                    <span class="brand-mark" aria-hidden="true">{t::brand_mark(lang)}</span>
                    <span>{t::limitdesk_support(lang)}</span>
                </a>
                <div class="header-tools">
                    <LanguageSwitch
                        lang=lang
                        next=Signal::derive(move || format!("{}{}{}", location.pathname.get(), location.search.get(), location.hash.get()))
                    />
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            viewer.await.ok().flatten().map(|v| view! {
                                <span class="who" data-testid="staff-who">
                                    <span class="visually-hidden">{t::signed_in_as(lang)}</span>
                                    <span translate="no">{v.display_name}</span>" · "{crate::pages::staff::role_label(v.role, lang)}
                                </span>
                                <form method="post" action="/auth/logout" class="inline-form">
                                    <button type="submit" class="link-button">{t::sign_out(lang)}</button>
                                </form>
                            })
                        })}
                    </Suspense>
                </div>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    viewer.await.ok().flatten().map(|v| view! {
                        <nav class="main-nav" aria-label=t::main_nav(lang)>
                            <ul>
                                {(v.role != Role::Admin).then(|| view! { <li><A href="/admin" exact=true>{t::queue(lang)}</A></li> })}
                                {matches!(v.role, Role::Supervisor | Role::Admin).then(|| view! { <li><A href="/admin/audit">{t::audit_log(lang)}</A></li> })}
                                {(v.role == Role::Admin).then(|| view! { <li><A href="/admin/staff">{t::staff_accounts(lang)}</A></li> })}
                                {(v.role == Role::Admin).then(|| view! { <li><A href="/admin/tokens">{t::api_tokens(lang)}</A></li> })}
                                <li><A href="/admin/password">{t::nav_password(lang)}</A></li>
                            </ul>
                        </nav>
                    })
                })}
            </Suspense>
        </header>
        <main id="main" tabindex="-1" class="staff-main">{children()}</main>
    }
}

/// A plain form, so switching works before the wasm arrives; the server sets the
/// cookie and sends the visitor back to the same page, rendered in the new language.
#[component]
fn LanguageSwitch(lang: Lang, next: Signal<String>) -> impl IntoView {
    let other = match lang {
        Lang::Zh => Lang::En,
        _ => Lang::Zh,
    };
    let name = t::language_name(other);
    view! {
        <form method="post" action="/auth/lang" class="inline-form">
            <input type="hidden" name="lang" value=other.tag()/>
            <input type="hidden" name="next" prop:value=move || next.get() value=move || next.get()/>
            <button type="submit" class="lang-button">
                <span class="visually-hidden">{t::language_switch(lang)}{t::label_colon(lang)}</span>
                <span lang=other.tag()>{name}</span>
            </button>
        </form>
    }
}
