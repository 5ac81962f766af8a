use leptos::prelude::*;
use leptos_meta::Title;

use crate::api_tokens::{scope_label, IssuedToken, TokenLine, TokenRefusal};
use crate::components::load::Loaded;
use crate::error::AppError;
use crate::functions::api_tokens::{get_api_tokens, CreateApiToken, RevokeApiToken};
use crate::i18n::{use_lang, Lang, Msg};

/// Admins create and revoke the credit system's API tokens; a new token is
/// shown here once.
#[component]
pub fn ApiTokensPage() -> impl IntoView {
    let lang = use_lang();
    let title = lang.pick("API 令牌", "API tokens");
    view! {
        <Title text=format!("{title} · {}", Msg::AppName.t(lang))/>
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
    let title = lang.pick("API 令牌", "API tokens");
    view! {
        <section class="card" aria-labelledby="tokens-title">
            <h1 id="tokens-title">{title}</h1>
            <p class="hint">{lang.pick(
                "信贷系统用这些令牌调用 LimitDesk 的 API（参考文档：/api/v1/docs）。每个令牌只在创建时显示一次；吊销后立即失效。",
                "The credit system calls LimitDesk's API with these tokens (reference: /api/v1/docs). A token is shown once, when created; a revoked one stops working at once.",
            )}</p>
            <Revoked answer=revoke.value()/>
            <Loaded data render=|lines| view! { <TokenTable lines/> }/>
        </section>
        <section class="card" aria-labelledby="new-token-title">
            <h2 id="new-token-title">{lang.pick("创建令牌", "Create a token")}</h2>
            <ActionForm action=create attr:class="form" attr:data-testid="create-token">
                <div class="field">
                    <label for="t-name">{lang.pick("名称（说明用途）", "Name (what it is for)")}</label>
                    <input id="t-name" name="name" type="text" required maxlength="64"
                        autocapitalize="none" autocomplete="off" spellcheck="false"/>
                </div>
                <fieldset>
                    <legend>{lang.pick("权限范围", "Scopes")}</legend>
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
                    {lang.pick("创建", "Create")}
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
        return view! { <p class="hint">{lang.pick("还没有令牌。", "No tokens yet.")}</p> }
            .into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("令牌", "Tokens")>
            <table class="table" data-testid="tokens">
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("名称", "Name")}</th>
                        <th scope="col">{lang.pick("开头", "Starts with")}</th>
                        <th scope="col">{lang.pick("权限范围", "Scopes")}</th>
                        <th scope="col">{lang.pick("创建于", "Created")}</th>
                        <th scope="col">{lang.pick("最近使用", "Last used")}</th>
                        <th scope="col">{lang.pick("状态", "Status")}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|t| {
                        let name = t.name.clone();
                        let row = t.name.clone();
                        let label = format!("{} {}", lang.pick("吊销令牌：", "Revoke the token"), t.name);
                        view! {
                            <tr data-token=row>
                                <td class="mono">{t.name}</td>
                                <td class="mono">{format!("{}…", t.prefix)}</td>
                                <td>{t.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                <td>{t.created_local}</td>
                                <td>{t.last_used_local.unwrap_or_else(|| lang.pick("从未", "Never").to_owned())}</td>
                                <td>
                                    {match t.revoked_local {
                                        Some(at) => view! { <span class="hint">{format!("{} {at}", lang.pick("已吊销", "Revoked"))}</span> }.into_any(),
                                        None => view! {
                                            <ActionForm action=revoke attr:class="inline-form">
                                                <input type="hidden" name="name" value=name/>
                                                <button type="submit" class="button" aria-label=label>{lang.pick("吊销", "Revoke")}</button>
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
            Ok(Ok(t)) => view! {
                <div class="notice notice-success" role="status" data-testid="issued-token">
                    <p>{match lang {
                        crate::i18n::Lang::Zh => format!("令牌 {} 已创建。它只显示这一次：请立即存入信贷系统的密钥库。", t.name),
                        crate::i18n::Lang::En => format!("Token {} created. It is shown this once: put it in the credit system's secret store now.", t.name),
                    }}</p>
                    <label for="issued">{lang.pick("令牌", "Token")}</label>
                    <input id="issued" class="mono invite-link" type="text" readonly value=t.token/>
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
                <p class="notice notice-success" role="status" data-testid="token-revoked">{lang.pick("令牌已吊销。", "Token revoked.")}</p>
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
