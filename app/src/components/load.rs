//! Rendering a server function's result: the page, or what to do about the error.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::error::AppError;
use crate::i18n::{t, use_lang};
use crate::pages::not_found::NotFound;

/// What a page shows when its data could not be loaded.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    // In the browser this runs only inside an island whose data was fetched
    // again after the page loaded, where there is no router: the server
    // decides anew what the page is (the sign-in, or not found).
    #[cfg(feature = "hydrate")]
    if matches!(error, AppError::NotSignedIn | AppError::NotFound) {
        let _ = window().location().reload();
        return ().into_any();
    }
    let lang = use_lang();
    match error {
        AppError::NotSignedIn => {
            // Staff pages send to the staff sign-in, customer pages to the customers'.
            let staff = leptos_router::hooks::use_location()
                .pathname
                .get_untracked()
                .starts_with("/admin");
            let to = if staff {
                "/admin/login?reason=signin"
            } else {
                "/login?reason=signin"
            };
            view! { <Redirect path=to/> }.into_any()
        }
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
    view! { <p class="loading" role="status">{t::loading(lang)}</p> }
}

/// The route's `:id` as a UUID. A malformed one is as absent as someone else's.
pub fn id_param() -> impl Fn() -> Result<uuid::Uuid, AppError> + Clone + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .with(|p| p.get("id"))
            .and_then(|s| uuid::Uuid::parse_str(&s).ok())
            .ok_or(AppError::NotFound)
    }
}

/// A page's data once loaded, or what to do about its error.
#[component]
pub fn Loaded<T, V>(data: Resource<Result<T, AppError>>, render: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(value) => render(value).into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The reason a form post was refused, as the server put it in the redirect's query.
pub fn form_error_in_query() -> Option<crate::appeal_form::FormError> {
    leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.get("error").and_then(|code| {
            crate::appeal_form::FormError::from_query(
                &code,
                q.get("file"),
                q.get("date").and_then(|d| d.parse().ok()),
            )
        })
    })
}
