use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_lang, Msg};

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
        <Title text=format!("{} · {}", Msg::NotFoundTitle.t(lang), Msg::AppName.t(lang))/>
        <section class="card not-found">
            <h1>{Msg::NotFoundTitle.t(lang)}</h1>
            <p>{Msg::NotFoundBody.t(lang)}</p>
            <p><a href="/">{Msg::BackHome.t(lang)}</a></p>
        </section>
    }
}
