//! Rendering a server function's result: the page, or what to do about the error.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{use_lang, Msg};
use crate::pages::not_found::NotFound;

/// What a page shows when its data could not be loaded.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let lang = use_lang();
    match error {
        AppError::NotSignedIn => view! { <Redirect path="/login?reason=signin"/> }.into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        other => view! {
            <div class="notice notice-error" role="alert">
                <p>{other.message(lang)}</p>
            </div>
        }
        .into_any(),
    }
}

/// A loading placeholder that screen readers announce politely.
#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" role="status">{Msg::Loading.t(lang)}</p> }
}
