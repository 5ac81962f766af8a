use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::functions::customer::get_viewer;
use crate::i18n::{use_lang, Lang, Msg};

/// Header with navigation, language switch and sign-out around every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let viewer = Resource::new(|| (), |_| get_viewer());
    let location = use_location();
    let t = move |m: Msg| m.t(lang);

    if location.pathname.get_untracked().starts_with("/admin") {
        return view! { <StaffLayout children/> }.into_any();
    }

    view! {
        <a class="skip-link" href="#main" target="_self">{t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"额"</span>
                    <span>{t(Msg::AppName)}</span>
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
                                        <span class="notify-text">{crate::i18n::awaiting_reply(v.awaiting_reply.len(), lang)}</span>
                                    </a>
                                })}
                                <span class="who">
                                    <span class="visually-hidden">{t(Msg::SignedInAs)}</span>
                                    {v.display_name}
                                </span>
                                <form method="post" action="/auth/logout" class="inline-form">
                                    <button type="submit" class="link-button">{t(Msg::SignOut)}</button>
                                </form>
                            })
                        })}
                    </Suspense>
                </div>
            </div>
            <nav class="main-nav" aria-label=t(Msg::MainNav)>
                <ul>
                    <li><A href="/" exact=true>{t(Msg::NavOverview)}</A></li>
                    <li><A href="/history">{t(Msg::NavHistory)}</A></li>
                    <li><A href="/repayments">{t(Msg::NavRepayments)}</A></li>
                    <li><A href="/help">{t(Msg::NavHelp)}</A></li>
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p><a href="/help#cash">{t(Msg::NoCashOutTitle)}</a></p>
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
    let t = move |m: Msg| m.t(lang);
    view! {
        <a class="skip-link" href="#main" target="_self">{t(Msg::SkipToContent)}</a>
        <header class="site-header staff-header">
            <div class="header-inner">
                <a class="brand" href="/admin">
                    <span class="brand-mark" aria-hidden="true">"额"</span>
                    <span>{lang.pick("LimitDesk 客服工作台", "LimitDesk Support")}</span>
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
                                    <span class="visually-hidden">{t(Msg::SignedInAs)}</span>
                                    {v.display_name}" · "{crate::pages::staff::role_label(v.role, lang)}
                                </span>
                                <form method="post" action="/auth/logout" class="inline-form">
                                    <button type="submit" class="link-button">{t(Msg::SignOut)}</button>
                                </form>
                            })
                        })}
                    </Suspense>
                </div>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    viewer.await.ok().flatten().map(|v| view! {
                        <nav class="main-nav" aria-label=t(Msg::MainNav)>
                            <ul>
                                {(v.role != Role::Admin).then(|| view! { <li><A href="/admin" exact=true>{lang.pick("申诉队列", "Queue")}</A></li> })}
                                {matches!(v.role, Role::Supervisor | Role::Admin).then(|| view! { <li><A href="/admin/audit">{lang.pick("审计日志", "Audit log")}</A></li> })}
                                {(v.role == Role::Admin).then(|| view! { <li><A href="/admin/staff">{lang.pick("员工账号", "Staff accounts")}</A></li> })}
                                {(v.role == Role::Admin).then(|| view! { <li><A href="/admin/tokens">{lang.pick("API 令牌", "API tokens")}</A></li> })}
                                <li><A href="/admin/password">{lang.pick("修改密码", "Password")}</A></li>
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
        Lang::En => Lang::Zh,
    };
    let name = other.pick("中文", "English");
    view! {
        <form method="post" action="/auth/lang" class="inline-form">
            <input type="hidden" name="lang" value=other.tag()/>
            <input type="hidden" name="next" prop:value=move || next.get() value=move || next.get()/>
            <button type="submit" class="lang-button">
                <span class="visually-hidden">{Msg::LanguageSwitch.t(lang)}{lang.pick("：", ": ")}</span>
                <span lang=other.tag()>{name}</span>
            </button>
        </form>
    }
}
