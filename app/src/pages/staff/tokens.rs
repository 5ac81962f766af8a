use leptos::prelude::*;
use leptos_meta::Title;

use crate::api_tokens::{scope_label, IssuedToken, TokenLine, TokenRefusal};
use crate::components::load::Loaded;
use crate::error::AppError;
use crate::functions::api_tokens::{get_api_tokens, CreateApiToken, RevokeApiToken};
use crate::i18n::{t, use_lang, Lang};

/// Admins create and revoke the credit system's API tokens; a new token is
/// shown here once.
#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let lang = use_lang();
    let title = t::api_tokens(lang);
    view! {
        <Title text=format!("{title} · {}", t::app_name(lang))/>
        <ApiTokens lang/>
    }
}

/// The page's body is an island: creating and revoking are actions in the
/// page, so a new token is shown once without a reload.
#[island]
fn ApiTokens(lang: Lang) -> impl IntoView {
    // An island hydrates without the page's context: it brings its own.
    provide_context(lang);
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    provide_context(revoke);
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| get_api_tokens(),
    );
    let title = t::api_tokens(lang);
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h1 id="tokens-title">{title}</h1>
            <p class="hint">{t::the_credit_system_calls_limitdesks(lang)}</p>
            <Revoked answer=revoke.value()/>
            <Loaded data render=|lines| view! { <TokenTable lines/> }/>
        </section>
        <section class="card" aria-labelledby="new-token-title">
            <h2 id="new-token-title">{t::create_a_token(lang)}</h2>
            <ActionForm action=create attr:class="form" attr:data-testid="create-token">
                <div class="field">
                    <label for="t-name">{t::name_what_it_is_for(lang)}</label>
                    <input id="t-name" name="name" type="text" required maxlength="64"
                        autocapitalize="none" autocomplete="off" spellcheck="false"/>
                </div>
                <fieldset>
                    <legend>{t::scopes(lang)}</legend>
                    {domain::scope::Scope::ALL.into_iter().map(|scope| {
                        let id = format!("t-scope-{}", scope.as_str());
                        view! {
                            <div class="choice">
                                <input id=id.clone() name=scope.as_str() type="checkbox" value="on"/>
                                <label for=id>{scope_label(scope, lang)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                    {t::create(lang)}
                </button>
            </ActionForm>
            <Created answer=create.value()/>
        </section>
    }
}

#[component]
fn TokenTable(lines: Vec<TokenLine>) -> impl IntoView {
    let lang = use_lang();
    let revoke = expect_context::<ServerAction<RevokeApiToken>>();
    if lines.is_empty() {
        return view! { <p class="hint">{t::no_tokens_yet(lang)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t::tokens(lang)>
            <table class="table" data-testid="tokens">
                <thead>
                    <tr>
                        <th scope="col">{t::token_name_column(lang)}</th>
                        <th scope="col">{t::starts_with(lang)}</th>
                        <th scope="col">{t::scopes(lang)}</th>
                        <th scope="col">{t::created(lang)}</th>
                        <th scope="col">{t::last_used(lang)}</th>
                        <th scope="col">{t::status(lang)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|t| {
                        let name = t.name.clone();
                        let row = t.name.clone();
                        let label = t::revoke_the_token(lang, &t.name);
                        view! {
                            <tr data-token=row>
                                <td class="mono" translate="no">{t.name}</td>
                                <td class="mono">{format!("{}…", t.prefix)}</td>
                                <td>{t.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                <td>{t.created_local}</td>
                                <td>{t.last_used_local.unwrap_or_else(|| t::never(lang).to_owned())}</td>
                                <td>
                                    {match t.revoked_local {
                                        Some(at) => view! { <span class="hint">{format!("{} {at}", t::revoked(lang))}</span> }.into_any(),
                                        None => view! {
                                            <ActionForm action=revoke attr:class="inline-form">
                                                <input type="hidden" name="name" value=name/>
                                                <button type="submit" class="button" aria-label=label>{t::revoke(lang)}</button>
                                            </ActionForm>
                                        }.into_any(),
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Created(
    #[prop(into)] answer: Signal<Option<Result<Result<IssuedToken, TokenRefusal>, AppError>>>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        answer.get().map(|a| match a {
            Ok(Ok(issued)) => view! {
                <div class="notice notice-success" role="status" data-testid="issued-token">
                    <p>{t::token_created(lang, &issued.name)}</p>
                    <label for="issued">{t::token(lang)}</label>
                    <input id="issued" class="mono invite-link" type="text" readonly value=issued.token/>
                </div>
            }
            .into_any(),
            Ok(Err(refusal)) => view! {
                <p class="notice notice-error" role="alert" data-testid="token-refused">{refusal.message(lang)}</p>
            }
            .into_any(),
            Err(error) => view! { <p class="notice notice-error" role="alert">{error.message(lang)}</p> }.into_any(),
        })
    }
}

#[component]
fn Revoked(
    #[prop(into)] answer: Signal<Option<Result<Result<(), TokenRefusal>, AppError>>>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        answer.get().map(|a| match a {
            Ok(Ok(())) => view! {
                <p class="notice notice-success" role="status" data-testid="token-revoked">{t::token_revoked(lang)}</p>
            }
            .into_any(),
            Ok(Err(refusal)) => view! {
                <p class="notice notice-error" role="alert">{refusal.message(lang)}</p>
            }
            .into_any(),
            Err(error) => view! { <p class="notice notice-error" role="alert">{error.message(lang)}</p> }.into_any(),
        })
    }
}
