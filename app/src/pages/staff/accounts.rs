use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::Loaded;
use crate::error::AppError;
use crate::functions::staff_accounts::{
    get_staff_accounts, AddStaff, DeactivateStaff, ResetAuthenticator,
};
use crate::i18n::{t, use_lang, Lang};
use crate::model::Role;
use crate::pages::staff::role_label;
use crate::staff_accounts::{
    GrantLine, Invitation, RoleNotice, StaffAccountRefusal, StaffLine, StaffOverview,
};

type Answer = Result<Result<Invitation, StaffAccountRefusal>, AppError>;

/// Admins add staff members, reset a lost authenticator (both answer with a
/// one-time enrolment link for the member), change roles and approve the
/// raises another admin asked for.
#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let lang = use_lang();
    let title = t::staff_accounts(lang);
    // The notice of a role change (a plain form post) comes back in the query,
    // which only the server's router reads; the island gets it as a prop.
    let notice = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("notice"));
    view! {
        <Title text=format!("{title} · {}", t::app_name(lang))/>
        <StaffAccounts lang notice/>
    }
}

/// The page's body is an island: adding, resetting and deactivating are
/// actions in the page, so the one-time link appears without a reload.
#[island]
fn StaffAccounts(lang: Lang, notice: Option<String>) -> impl IntoView {
    // An island hydrates without the page's context: it brings its own.
    provide_context(lang);
    let add = ServerAction::<AddStaff>::new();
    let reset = ServerAction::<ResetAuthenticator>::new();
    let deactivate = ServerAction::<DeactivateStaff>::new();
    provide_context(reset);
    provide_context(deactivate);
    // Once the account exists, its details should not linger in the form.
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
    let title = t::staff_accounts(lang);
    view! {
        <section class="card" aria-labelledby="staff-title">
            <h1 id="staff-title">{title}</h1>
            <p class="hint">{t::staff_sign_in_with_a(lang)}</p>
            <RoleNoticeLine notice/>
            <Answered answer=reset.value()/>
            <Deactivated answer=deactivate.value()/>
            <Loaded data render=|overview: StaffOverview| view! {
                <GrantList grants=overview.grants needs_code=overview.approve_needs_code/>
                <StaffTable lines=overview.lines/>
            }/>
        </section>
        <section class="card" aria-labelledby="add-title">
            <h2 id="add-title">{t::add_a_staff_member(lang)}</h2>
            <ActionForm action=add node_ref=form attr:class="form" attr:data-testid="add-staff">
                <div class="field">
                    <label for="s-username">{t::username(lang)}</label>
                    <input id="s-username" name="username" type="text" required maxlength="64"
                        autocapitalize="none" autocomplete="off" spellcheck="false"/>
                </div>
                <div class="field">
                    <label for="s-name">{t::name_shown_to_colleagues(lang)}</label>
                    <input id="s-name" name="display_name" type="text" required maxlength="64" autocomplete="off"/>
                </div>
                <div class="field">
                    <label for="s-role">{t::role(lang)}</label>
                    <select id="s-role" name="role" aria-describedby="s-role-help">
                        {[Role::Agent, Role::Supervisor, Role::Admin].into_iter().map(|r| view! {
                            <option value=r.as_str()>{role_label(r, lang)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <p class="hint" id="s-role-help">{t::a_supervisor_or_admin_starts(lang)}</p>
                <button type="submit" class="button button-primary" disabled=move || add.pending().get()>
                    {t::add_and_make_the_link(lang)}
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
        <div class="table-scroll" tabindex="0" role="region" aria-label=t::staff(lang)>
            <table class="table" data-testid="staff">
                <thead>
                    <tr>
                        <th scope="col">{t::username(lang)}</th>
                        <th scope="col">{t::staff_name_column(lang)}</th>
                        <th scope="col">{t::role(lang)}</th>
                        <th scope="col">{t::authenticator(lang)}</th>
                        <th scope="col">{t::status(lang)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let username = l.username.clone();
                        let name = l.display_name.clone();
                        let label = t::reset_the_authenticator_of(lang, &l.display_name);
                        let off_label = t::deactivate_the_account_of(lang, &l.display_name);
                        let id = l.id.to_string();
                        view! {
                            <tr data-username=username>
                                <td class="mono" translate="no">{l.username}</td>
                                <td translate="no">{l.display_name}</td>
                                <td>
                                    {if l.is_you || !l.active {
                                        view! { <span>{role_label(l.role, lang)}</span> }.into_any()
                                    } else {
                                        view! { <RoleForm id=l.id role=l.role name=name.clone()/> }.into_any()
                                    }}
                                </td>
                                <td>
                                    {if l.is_you || !l.active {
                                        view! { <span class="hint">{t::you(lang)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=reset attr:class="inline-form">
                                                <input type="hidden" name="account" value=l.id.to_string()/>
                                                <button type="submit" class="button" aria-label=label>
                                                    {t::reset(lang)}
                                                </button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </td>
                                <td>
                                    {if !l.active {
                                        view! { <span class="hint" data-testid="deactivated">{t::deactivated(lang)}</span> }.into_any()
                                    } else if l.is_you {
                                        view! { <span class="hint">{t::active(lang)}</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=deactivate attr:class="inline-form">
                                                <input type="hidden" name="account" value=id/>
                                                <button type="submit" class="button" aria-label=off_label data-testid="deactivate">
                                                    {t::deactivate(lang)}
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
                    {t::deactivation_done(lang, returned)}
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

/// The link to pass on, or why the request was refused.
#[component]
fn Answered(#[prop(into)] answer: Signal<Option<Answer>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        answer.get().map(|a| match a {
            Ok(Ok(i)) => view! { <InvitationCard i/> }.into_any(),
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
fn InvitationCard(i: Invitation) -> impl IntoView {
    let lang = use_lang();
    let heading = t::invite_heading(
        lang,
        t::InviteHeading {
            name: &i.display_name,
            username: &i.username,
        },
    );
    let expires = t::invite_expires(lang, &i.expires_at_local);
    let waiting = i
        .waiting_role
        .map(|role| t::invite_role_waits(lang, role.as_str()));
    view! {
        <div class="notice notice-success enrolment" role="status" data-testid="invitation">
            <h3>{heading}</h3>
            <p>{super::enrol::link_hint(lang)}</p>
            <p><label for="invite-link">{t::link(lang)}</label></p>
            <input id="invite-link" class="mono invite-link" type="text" readonly value=i.link.clone() data-testid="invite-link"/>
            <p class="hint">{expires}</p>
            {waiting.map(|w| view! { <p data-testid="waiting-role">{w}</p> })}
        </div>
    }
}

/// A role select for one member; a raise goes to a second admin.
#[component]
fn RoleForm(id: uuid::Uuid, role: Role, name: String) -> impl IntoView {
    let lang = use_lang();
    let select_id = format!("role-{id}");
    let label = t::role_of(lang, &name);
    view! {
        <form method="post" action=format!("/admin/staff/{id}/role") class="inline-form" data-testid="role-form">
            <label for=select_id.clone() class="visually-hidden">{label}</label>
            <select id=select_id name="role">
                {[Role::Agent, Role::Supervisor, Role::Admin].into_iter().map(|r| view! {
                    <option value=r.as_str() selected=r == role>{role_label(r, lang)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button">{t::change(lang)}</button>
        </form>
    }
}

/// What the last role change did, from the redirect's query.
#[component]
fn RoleNoticeLine(notice: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let notice = notice.and_then(|c| RoleNotice::from_code(&c));
    notice.map(|n| {
        if n.is_success() {
            view! { <p class="notice notice-success" role="status" data-testid="role-notice" data-code=n.code()>{n.message(lang)}</p> }.into_any()
        } else {
            view! { <p class="notice notice-error" role="alert" data-testid="role-notice" data-code=n.code()>{n.message(lang)}</p> }.into_any()
        }
    })
}

/// Raises waiting for a second admin: approve (with a fresh code when the
/// session's is old) or decline; one's own requests wait for someone else.
#[component]
fn GrantList(grants: Vec<GrantLine>, needs_code: bool) -> impl IntoView {
    let lang = use_lang();
    (!grants.is_empty()).then(|| view! {
        <section aria-labelledby="grants-title" data-testid="grants">
            <h2 id="grants-title">{t::waiting_for_a_second_admin(lang)}</h2>
            <ul class="grant-list">
                {grants.into_iter().map(|g| {
                    let what = t::grant_request(
                        lang,
                        t::GrantRequest {
                            at: &g.requested_at_local,
                            by: &g.requested_by_name,
                            current: g.current_role.as_str(),
                            name: &g.display_name,
                            role: g.role.as_str(),
                            username: &g.username,
                        },
                    );
                    let code_id = format!("grant-code-{}", g.id);
                    view! {
                        <li data-grant=g.id.to_string()>
                            <p>{what}</p>
                            {if g.yours {
                                view! { <p class="hint">{t::another_admin_decides(lang)}</p> }.into_any()
                            } else {
                                view! {
                                    <form method="post" action=format!("/admin/role-grants/{}/approve", g.id) class="inline-form">
                                        {needs_code.then(|| view! {
                                            <label for=code_id.clone()>{t::authentication_code(lang)}</label>
                                            <input id=code_id.clone() name="code" type="text" inputmode="numeric"
                                                autocomplete="one-time-code" required maxlength="20"/>
                                        })}
                                        <button type="submit" class="button button-primary">{t::approve(lang)}</button>
                                    </form>
                                    <form method="post" action=format!("/admin/role-grants/{}/decline", g.id) class="inline-form">
                                        <button type="submit" class="button">{t::decline(lang)}</button>
                                    </form>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
