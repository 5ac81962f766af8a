//! LimitDesk's user interface: rendered on the server; in the browser only its
//! islands (`#[island]`) hydrate, so a page's wasm is what its interactive parts need.
#![recursion_limit = "256"]

pub mod api_tokens;
pub mod appeal_form;
pub mod components;
pub mod error;
pub mod functions;
pub mod i18n;
pub mod islands;
pub mod labels;
pub mod login_form;
pub mod model;
pub mod pages;
pub mod review_form;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff_accounts;
pub mod staff_model;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use crate::i18n::{t, Lang};
use crate::pages::{
    appeal::AppealPage,
    appeal_form::AppealFormPage,
    decision::DecisionPage,
    help::HelpPage,
    history::HistoryPage,
    login::LoginPage,
    not_found::NotFound,
    overview::OverviewPage,
    repayments::RepaymentsPage,
    staff::{
        accounts::StaffAccountsPage, audit::AuditLogPage, case::CasePage, enrol::EnrolPage,
        login::StaffLoginPage, password::StaffPasswordPage, queue::QueuePage,
        tokens::ApiTokensPage,
    },
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let lang = ssr::session::request_lang();
    #[cfg(not(feature = "ssr"))]
    let lang = Lang::default();
    #[cfg(feature = "ssr")]
    ssr::headers::content_security_policy();
    #[cfg(feature = "ssr")]
    let wasm = use_context::<http::request::Parts>()
        .is_some_and(|parts| islands::has_islands(parts.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let wasm = true;
    #[cfg(feature = "ssr")]
    let stylesheet = ssr::stylesheet::stylesheet_href();
    #[cfg(not(feature = "ssr"))]
    let stylesheet: Option<std::sync::Arc<str>> = None;
    // Outside an island nothing hydrates, so no resource needs its value sent
    // along (`HydrationScripts` says the same, but only where it renders).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // The build's content-hashed name when it left `hash.txt`,
                // else the plain one (server/src/assets.rs).
                <link id="leptos" rel="stylesheet" href=stylesheet/>
                <AutoReload options=options.clone()/>
                // Only a page with an island loads the wasm (see `islands`).
                {wasm.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page's language: the request's cookie on the server; in the browser the
/// `<html lang>` the server wrote, so hydration renders the same text.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        ssr::session::request_lang()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = initial_lang();
    provide_context(lang);

    view! {
        <Title text=t::app_name(lang)/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/history") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/decisions/:id") view=DecisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/decisions/:id/appeal") view=AppealFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/appeals/:id") view=AppealPage ssr=SsrMode::Async/>
                    <Route path=path!("/repayments") view=RepaymentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/help") view=HelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/login") view=StaffLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/appeals/:id") view=CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/staff") view=StaffAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/password") view=StaffPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/enrol") view=EnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/tokens") view=ApiTokensPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos' loader hydrates the islands right after this returns, each in a
    // microtask; a task queued now runs after all of them. Lets people (and
    // browser tests) tell a live page from server-rendered HTML.
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
