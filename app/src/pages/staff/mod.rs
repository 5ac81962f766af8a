//! The staff console: sign-in, the queue, the case view, the audit log and
//! (for admins) staff accounts.

pub mod accounts;
pub mod audit;
pub mod case;
pub mod enrol;
pub mod login;
pub mod password;
pub mod queue;
pub mod tokens;

use leptos::prelude::*;

use crate::i18n::{t, Lang};
use crate::model::Role;

pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Customer => t::customer(lang),
        Role::Agent => t::agent(lang),
        Role::Supervisor => t::supervisor(lang),
        Role::Admin => t::admin(lang),
    }
}

/// What the last action did or why it was refused, from the redirect's query.
#[component]
pub fn ActionResult() -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let (done, error) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            q.get("done")
                .and_then(|c| crate::review_form::StaffDone::from_code(&c)),
            q.get("error")
                .and_then(|c| crate::review_form::StaffRefusal::from_code(&c)),
        )
    });
    view! {
        {done.map(|d| view! { <p class="notice notice-success" role="status" data-testid="done">{d.message(lang)}</p> })}
        {error.map(|e| view! { <p class="notice notice-error" role="alert" data-testid="refused" data-code=e.code()>{e.message(lang)}</p> })}
    }
}
