use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::Loaded;
use crate::error::AppError;
use crate::functions::staff_accounts::{
    get_staff_accounts, AddStaff, DeactivateStaff, ResetAuthenticator,
};
use crate::i18n::{use_lang, Msg};
use crate::model::Role;
use crate::pages::staff::role_label;
use crate::staff_accounts::{Enrolment, StaffAccountRefusal, StaffLine};

type Answer = Result<Result<Enrolment, StaffAccountRefusal>, AppError>;

/// Admins add staff members and reset a lost authenticator; either way the new
/// enrolment (QR code, secret, recovery codes) is shown here once.
#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddStaff>::new();
    let reset = ServerAction::<ResetAuthenticator>::new();
    let deactivate = ServerAction::<DeactivateStaff>::new();
    provide_context(reset);
    provide_context(deactivate);
    // Once the account exists, the typed password should not linger in the form.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(Ok(_)))) {
            if let Some(form) = form.get() {
                form.reset();
            }
        }
    });
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                reset.version().get(),
                deactivate.version().get(),
            )
        },
        |_| get_staff_accounts(),
    );
    let title = lang.pick("员工账号", "Staff accounts");
    view! {
        <Title text=format!("{title} · {}", Msg::AppName.t(lang))/>
        <section class="card" aria-labelledby="staff-title">
            <h1 id="staff-title">{title}</h1>
            <p class="hint">{lang.pick(
                "员工登录需要密码和验证器应用中的 6 位验证码。新账号或重置后的验证器只在这里显示一次：请当面交给本人扫描。",
                "Staff sign in with a password and the 6-digit code of an authenticator app. A new account's or a reset authenticator is shown here once: hand it over in person.",
            )}</p>
            <Answered answer=reset.value()/>
            <Deactivated answer=deactivate.value()/>
            <Loaded data render=|lines| view! { <StaffTable lines/> }/>
        </section>
        <section class="card" aria-labelledby="add-title">
            <h2 id="add-title">{lang.pick("添加员工", "Add a staff member")}</h2>
            <ActionForm action=add node_ref=form attr:class="form" attr:data-testid="add-staff">
                <div class="field">
                    <label for="s-username">{Msg::Username.t(lang)}</label>
                    <input id="s-username" name="username" type="text" required maxlength="64"
                        autocapitalize="none" autocomplete="off" spellcheck="false"/>
                </div>
                <div class="field">
                    <label for="s-name">{lang.pick("姓名（显示给同事）", "Name (shown to colleagues)")}</label>
                    <input id="s-name" name="display_name" type="text" required maxlength="64" autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="s-role">{lang.pick("角色", "Role")}</label>
                    <select id="s-role" name="role">
                        {[Role::Agent, Role::Supervisor, Role::Admin].into_iter().map(|r| view! {
                            <option value=r.as_str()>{role_label(r, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="s-password">{lang.pick("初始密码", "First password")}</label>
                    <p class="hint" id="s-password-help">{lang.pick("至少 10 个字符；请当面告诉本人。", "At least 10 characters; tell it to the person directly.")}</p>
                    <input id="s-password" name="password" type="password" required minlength="10" maxlength="256"
                        autocomplete="new-password" aria-describedby="s-password-help"/>
                </div>
                <button type="submit" class="button button-primary" disabled=move || add.pending().get()>
                    {lang.pick("添加并生成验证器", "Add and create the authenticator")}
                </button>
            </ActionForm>
            <Answered answer=add.value()/>
        </section>
    }
}

#[component]
fn StaffTable(lines: Vec<StaffLine>) -> impl IntoView {
    let lang = use_lang();
    let reset = expect_context::<ServerAction<ResetAuthenticator>>();
    let deactivate = expect_context::<ServerAction<DeactivateStaff>>();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("员工", "Staff")>
            <table class="table" data-testid="staff">
                <thead>
                    <tr>
                        <th scope="col">{Msg::Username.t(lang)}</th>
                        <th scope="col">{lang.pick("姓名", "Name")}</th>
                        <th scope="col">{lang.pick("角色", "Role")}</th>
                        <th scope="col">{lang.pick("验证器", "Authenticator")}</th>
                        <th scope="col">{lang.pick("状态", "Status")}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let username = l.username.clone();
                        let label = format!("{} {}", lang.pick("重置验证器：", "Reset the authenticator of"), l.display_name);
                        let off_label = format!("{} {}", lang.pick("停用账号：", "Deactivate the account of"), l.display_name);
                        let id = l.id.to_string();
                        view! {
                            <tr data-username=username>
                                <td class="mono">{l.username}</td>
                                <td>{l.display_name}</td>
                                <td>{role_label(l.role, lang)}</td>
                                <td>
                                    {if l.is_you || !l.active {
                                        view! { <span class="hint">{lang.pick("你自己", "You")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=reset attr:class="inline-form">
                                                <input type="hidden" name="account" value=l.id.to_string()/>
                                                <button type="submit" class="button" aria-label=label>
                                                    {lang.pick("重置", "Reset")}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </td>
                                <td>
                                    {if !l.active {
                                        view! { <span class="hint" data-testid="deactivated">{lang.pick("已停用", "Deactivated")}</span> }.into_any()
                                    } else if l.is_you {
                                        view! { <span class="hint">{lang.pick("在用", "Active")}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=deactivate attr:class="inline-form">
                                                <input type="hidden" name="account" value=id/>
                                                <button type="submit" class="button" aria-label=off_label data-testid="deactivate">
                                                    {lang.pick("停用", "Deactivate")}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// How a deactivation went: how many appeals went back to the queue, or why not.
#[component]
fn Deactivated(
    #[prop(into)] answer: Signal<Option<Result<Result<usize, StaffAccountRefusal>, AppError>>>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        answer.get().map(|a| match a {
            Ok(Ok(returned)) => view! {
                <p class="notice notice-success" role="status" data-testid="deactivation-done">
                    {match lang {
                        crate::i18n::Lang::Zh => format!("账号已停用，其所有登录已结束；{returned} 个处理中的申诉已退回队列。"),
                        crate::i18n::Lang::En => format!("Deactivated: every session of the account has ended, and {returned} open appeal(s) went back to the queue."),
                    }}
                </p>
            }
            .into_any(),
            Ok(Err(refusal)) => view! {
                <p class="notice notice-error" role="alert" data-testid="staff-refused">{refusal.message(lang)}</p>
            }
            .into_any(),
            Err(error) => view! {
                <p class="notice notice-error" role="alert">{error.message(lang)}</p>
            }
            .into_any(),
        })
    }
}

/// The enrolment to hand over, or why the request was refused.
#[component]
fn Answered(#[prop(into)] answer: Signal<Option<Answer>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        answer.get().map(|a| match a {
            Ok(Ok(e)) => view! { <EnrolmentCard e/> }.into_any(),
            Ok(Err(refusal)) => view! {
                <p class="notice notice-error" role="alert" data-testid="staff-refused">{refusal.message(lang)}</p>
            }
            .into_any(),
            Err(error) => view! {
                <p class="notice notice-error" role="alert">{error.message(lang)}</p>
            }
            .into_any(),
        })
    }
}

#[component]
fn EnrolmentCard(e: Enrolment) -> impl IntoView {
    let lang = use_lang();
    let heading = match lang {
        crate::i18n::Lang::Zh => format!("{}（{}）的验证器", e.display_name, e.username),
        crate::i18n::Lang::En => format!("Authenticator for {} ({})", e.display_name, e.username),
    };
    view! {
        <div class="notice notice-success enrolment" role="status" data-testid="enrolment">
            <h3>{heading}</h3>
            <p>{lang.pick(
                "请本人用验证器应用（如 Google Authenticator、Microsoft Authenticator）扫描二维码，或手动输入密钥。此页面离开后不会再显示。",
                "Have them scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator …) or type in the secret. It is not shown again once you leave this page.",
            )}</p>
            <div class="qr" role="img" aria-label=lang.pick("验证器二维码", "Authenticator QR code") inner_html=e.qr_svg></div>
            <p>
                {lang.pick("密钥：", "Secret: ")}
                <code class="mono" data-testid="secret">{e.secret}</code>
            </p>
            <h4>{lang.pick("恢复码（每个只能用一次，请妥善保管）", "Recovery codes (each works once; keep them safe)")}</h4>
            <ol class="recovery-codes mono" data-testid="recovery-codes">
                {e.recovery_codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
            </ol>
        </div>
    }
}
