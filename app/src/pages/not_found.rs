use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, use_lang};

/// Shown for unknown pages and for anything that is not the viewer's to see;
/// answers 404 on the server so the two cases look the same from outside.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <Title text=format!("{} · {}", t::not_found_title(lang), t::app_name(lang))/>
        <section class="card not-found">
            <h1>{t::not_found_title(lang)}</h1>
            <p>{t::not_found_body(lang)}</p>
            <p><a href="/">{t::back_home(lang)}</a></p>
        </section>
    }
}
