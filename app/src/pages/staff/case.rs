use domain::appeal::AppealStatus;
use domain::resolution::RejectReason;
use domain::review::Proposal;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::decision::{Checklist, ReasonList};
use crate::components::load::{id_param, Loaded};
use crate::functions::staff::get_case;
use crate::i18n::{file_size, installment_of, use_lang, Msg};
use crate::pages::repayments::status_of;
use crate::pages::staff::ActionResult;
use crate::staff_model::{CaseView, StaffMessageView};

/// One appeal with everything needed to decide it.
#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(id_param(), |id| async move { get_case(id?).await });
    view! {
        <Title text=format!("{} · {}", lang.pick("申诉处理", "Case"), Msg::AppName.t(lang))/>
        <ActionResult/>
        <Loaded data render=|case| view! { <CaseBody case/> }/>
    }
}

#[component]
fn CaseBody(case: CaseView) -> impl IntoView {
    let lang = use_lang();
    let base = format!("/admin/appeals/{}", case.id);
    let version = case.version.to_string();
    let d = case.decision.clone();
    let c = &case.customer;
    let s = &case.summary;
    let suggested = match case.recommendation.proposal {
        Some(Proposal::Restore { to }) => to,
        _ => d.limit_before,
    };
    let suggested = suggested.as_decimal().to_string();
    let freeze = d.kind == domain::DecisionKind::Freeze;
    let reasons: Vec<domain::Reason> = d.reasons.iter().cloned().collect();
    // At desktop widths the first column (where the case stands, the
    // recommendation and the actions) sits on the right and stays in view
    // while the reading column scrolls; on a phone, one column in this order.
    view! {
        <div class="case-layout">
        <div class="case-side">
        <section class="card" aria-labelledby="case-title">
            <div class="limit-head">
                <h1 id="case-title">{format!("{} · {}", lang.pick("申诉", "Appeal"), c.display_name)}</h1>
                <p class="status">
                    <span class="badge" data-testid="case-status" data-status=case.status.as_str()>{case.status.label(lang)}</span>
                    {case.is_reappeal.then(|| view! { " "<span class="badge badge-frozen">{lang.pick("再次申诉（主管处理）", "Re-appeal (supervisor decides)")}</span> })}
                </p>
            </div>
            <dl class="meta-list">
                <div><dt>{lang.pick("提交时间", "Submitted")}</dt><dd>{case.submitted_local.clone()}</dd></div>
                <div><dt>{lang.pick("决定期限", "Decide by")}</dt><dd class:late=case.overdue>{case.due_local.clone()}{case.overdue.then(|| lang.pick("（已超期）", " (overdue)"))}</dd></div>
                <div><dt>{lang.pick("处理人", "Assigned to")}</dt><dd data-testid="assigned">{case.assigned.clone().unwrap_or_else(|| lang.pick("未分配", "Unassigned").to_owned())}</dd></div>
                <div><dt>{lang.pick("申诉理由", "Ground")}</dt><dd>{case.ground.label(lang)}</dd></div>
            </dl>
            {case.replaced.then(|| view! { <p class="notice notice-error" role="alert">{crate::review_form::StaffRefusal::Replaced.message(lang)}</p> })}
            {case.outcome.map(|o| view! { <p class="notice notice-success" data-testid="outcome">{o.customer_text(lang)}</p> })}
        </section>

        <section class="card case-recommendation" aria-labelledby="recommend-title">
            <h2 id="recommend-title">{lang.pick("系统建议", "Recommendation")}</h2>
            <p class="recommendation" data-testid="recommendation">{case.recommendation.text(lang)}</p>
            <p class="hint">{lang.pick("依据与客户看到的恢复清单相同；建议仅供参考，由你决定。", "Built on the same checklist the customer sees. It suggests; you decide.")}</p>
            <Checklist items=case.checklist.clone()/>
        </section>

        <CaseActions case=case.clone() base=base.clone() version=version.clone() suggested freeze/>
        </div>
        <div class="case-main">

        <section class="card" aria-labelledby="customer-title">
            <h2 id="customer-title">{lang.pick("客户与额度", "Customer and credit line")}</h2>
            <dl class="meta-list">
                <div><dt>{lang.pick("用户名", "Username")}</dt><dd>{c.username.clone()}</dd></div>
                <div><dt>{lang.pick("身份证号", "ID number")}</dt><dd data-testid="id-masked">{c.id_number_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{lang.pick("手机号", "Phone")}</dt><dd>{c.phone_masked.clone().unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{lang.pick("实名认证有效期至", "Identity verified until")}</dt><dd>{c.identity_verified_until.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{Msg::CurrentLimit.t(lang)}</dt><dd data-testid="line-limit">{case.line.limit.to_string()}</dd></div>
                <div><dt>{Msg::Status.t(lang)}</dt><dd data-testid="line-status">{case.line.status.label(lang)}</dd></div>
                <div><dt>{Msg::Used.t(lang)}</dt><dd>{case.line.used.to_string()}</dd></div>
            </dl>
        </section>

        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">{lang.pick("被申诉的决定", "The decision under appeal")}</h2>
            <p><strong>{d.summary(lang)}</strong>" · "{case.decided_at_local.clone()}</p>
            <dl class="meta-list">
                <div><dt>{Msg::NoticeNumber.t(lang)}</dt><dd>{d.external_id.clone()}</dd></div>
                <div><dt>{Msg::ModelVersion.t(lang)}</dt><dd>{d.model_version.clone()}</dd></div>
                <div><dt>{Msg::LimitBefore.t(lang)}</dt><dd>{d.limit_before.to_string()}</dd></div>
            </dl>
            <h3>{lang.pick("客户收到的通知原文", "The notice as the customer received it")}</h3>
            <blockquote class="notice-text">{d.notice.clone()}</blockquote>
            <h3>{Msg::MainReasons.t(lang)}</h3>
            <ReasonList reasons=reasons/>
        </section>

        <section class="card" aria-labelledby="repay-title">
            <h2 id="repay-title">{lang.pick("还款记录", "Repayment history")}</h2>
            <dl class="stats" data-testid="repayment-summary">
                <div><dt>{lang.pick("12 个月按时还款率", "On time, 12 months")}</dt><dd>{format!("{}%", s.on_time_percent())}</dd></div>
                <div><dt>{lang.pick("逾期次数", "Late payments")}</dt><dd>{s.paid_late}</dd></div>
                <div><dt>{lang.pick("最长逾期", "Worst lateness")}</dt><dd>{format!("{} {}", s.worst_days_late, lang.pick("天", "days"))}</dd></div>
                <div><dt>{Msg::OverdueNow.t(lang)}</dt><dd>{s.overdue_now.to_string()}</dd></div>
            </dl>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("还款明细", "Installments")>
                <table class="installments">
                    <caption class="visually-hidden">{lang.pick("分期还款明细", "Installments")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{lang.pick("订单", "Order")}</th>
                            <th scope="col">{Msg::Installment.t(lang)}</th>
                            <th scope="col">{Msg::DueDate.t(lang)}</th>
                            <th scope="col" class="num">{Msg::Amount.t(lang)}</th>
                            <th scope="col">{Msg::PaidOn.t(lang)}</th>
                            <th scope="col">{Msg::RepaymentStatus.t(lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {case.orders.iter().flat_map(|o| {
                            let count = o.installments.len();
                            let today = case.today;
                            o.installments.iter().map(move |i| {
                                let (status, late) = status_of(i, today, lang);
                                view! {
                                    <tr class:late=late>
                                        <td>{o.description.clone()}</td>
                                        <th scope="row">{installment_of(i.seq, count, lang)}</th>
                                        <td>{i.due_on.to_string()}</td>
                                        <td class="num">{i.amount.to_string()}</td>
                                        <td>{i.paid_on.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                        <td>{status}</td>
                                    </tr>
                                }
                            }).collect::<Vec<_>>()
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        <section class="card" aria-labelledby="thread-title">
            <h2 id="thread-title">{lang.pick("沟通记录与证据", "Thread and evidence")}</h2>
            <ol class="thread" role="list" data-testid="staff-thread">
                {case.messages.iter().cloned().map(|m| view! { <StaffMessage m/> }).collect_view()}
            </ol>
        </section>

        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{lang.pick("额度记录", "Limit history")}</h2>
            <ul role="list" class="plain-list">
                {case.history.iter().map(|(date, text)| view! { <li><time>{date.clone()}</time>" · "{text.clone()}</li> }).collect_view()}
            </ul>
            <h3>{lang.pick("账户事件", "Account events")}</h3>
            {if case.events.is_empty() {
                view! { <p class="hint">{lang.pick("无", "None")}</p> }.into_any()
            } else {
                view! {
                    <ul role="list" class="plain-list">
                        {case.events.iter().map(|e| view! { <li><time>{e.at_local.clone()}</time>" · "{e.kind.clone()}" · "{e.detail.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{lang.pick("此前的申诉", "Previous appeals")}</h3>
            {if case.previous.is_empty() {
                view! { <p class="hint">{lang.pick("无", "None")}</p> }.into_any()
            } else {
                view! {
                    <ul role="list" class="plain-list">
                        {case.previous.iter().map(|p| view! {
                            <li><a href=format!("/admin/appeals/{}", p.id)>{p.submitted_local.clone()}</a>" · "{p.about.clone()}" · "{p.status.label(lang)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{lang.pick("操作记录", "Audit trail")}</h2>
            <ol class="timeline" role="list" data-testid="case-audit">
                {case.audit.iter().map(|a| view! {
                    <li class="event"><p><time>{a.at_local.clone()}</time>" · "{a.actor.clone()}" · "<code>{a.action.clone()}</code>" "<span class="hint">{a.change.clone()}</span></p></li>
                }).collect_view()}
            </ol>
        </section>
        </div>
        </div>
    }
}

#[component]
fn StaffMessage(m: StaffMessageView) -> impl IntoView {
    let lang = use_lang();
    let who = if m.internal {
        format!(
            "{} · {}",
            lang.pick("内部备注", "Internal note"),
            m.author_name
        )
    } else if m.from_staff {
        format!("{} · {}", lang.pick("客服", "Support"), m.author_name)
    } else {
        format!("{} · {}", lang.pick("客户", "Customer"), m.author_name)
    };
    view! {
        <li class="message" class:message-staff=m.from_staff class:message-internal=m.internal>
            <p class="meta"><strong>{who}</strong>" · "<time>{m.at_local}</time></p>
            <p class="message-body">{m.body}</p>
            {(!m.files.is_empty()).then(|| view! {
                <ul class="files" role="list">
                    {m.files.into_iter().map(|f| view! {
                        <li class="file">
                            {f.has_thumbnail.then(|| view! {
                                <a href=format!("/evidence/{}/thumbnail", f.id) target="_blank" rel="external">
                                    <img class="thumbnail" src=format!("/evidence/{}/thumbnail", f.id) alt=f.name.clone() loading="lazy" width="240"/>
                                </a>
                            })}
                            <a href=format!("/evidence/{}", f.id) rel="external">{format!("{} · {} ({})", Msg::Download.t(lang), f.name, file_size(f.size_bytes))}</a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
fn CaseActions(
    case: CaseView,
    base: String,
    version: String,
    suggested: String,
    freeze: bool,
) -> impl IntoView {
    let lang = use_lang();
    let can = case.can;
    let v = version.clone();
    view! {
        <section class="card case-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{lang.pick("处理", "Act on this appeal")}</h2>
            {can.claim.then(|| view! {
                <form method="post" action=format!("{base}/claim") class="inline-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <button type="submit" class="button button-primary" data-testid="claim">{lang.pick("认领", "Claim")}</button>
                </form>
            })}
            {can.assign.then(|| view! {
                <form method="post" action=format!("{base}/assign") class="form form-row">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="assign-to">{lang.pick("分配给", "Assign to")}</label>
                        <select id="assign-to" name="to">
                            {case.staff.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">{lang.pick("分配", "Assign")}</button>
                </form>
            })}
            {case.proposal.map(|p| view! {
                <div class="notice notice-info" data-testid="proposal">
                    <p><strong>{lang.pick("待复核的决定：", "Proposed decision: ")}</strong>{p.label(lang)}</p>
                    <p>{lang.pick("提议人：", "Proposed by: ")}{case.proposed_by.clone().unwrap_or_default()}</p>
                </div>
            })}
            {can.approve.then(|| view! {
                <form method="post" action=format!("{base}/approve") class="inline-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    {case.approve_needs_code.then(|| view! {
                        <div class="field">
                            <label for="approve-code">{lang.pick("验证码（距上次验证已超过 15 分钟）", "Authentication code (your last one is more than 15 minutes old)")}</label>
                            <input id="approve-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                required maxlength="20" autocapitalize="none" spellcheck="false"/>
                        </div>
                    })}
                    <button type="submit" class="button button-primary" data-testid="approve">{lang.pick("批准", "Approve")}</button>
                </form>
            })}
            {can.send_back.then(|| view! {
                <form method="post" action=format!("{base}/send-back") class="form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="send-back-note">{lang.pick("退回原因（内部）", "Why it goes back (internal)")}</label>
                        <textarea id="send-back-note" name="body" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{lang.pick("退回重审", "Send back")}</button>
                </form>
            })}
            {can.decide.then(|| view! {
                <form method="post" action=format!("{base}/decide") class="form" data-testid="decide-form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <fieldset>
                        <legend>{lang.pick("决定", "Decision")}</legend>
                        {(!freeze).then(|| view! {
                            <div class="choice">
                                <input type="radio" id="v-restore" name="verdict" value="restore" checked=true/>
                                <label for="v-restore">{lang.pick("恢复额度（全部或部分）", "Restore the limit (fully or partly)")}</label>
                            </div>
                        })}
                        {freeze.then(|| view! {
                            <div class="choice">
                                <input type="radio" id="v-unfreeze" name="verdict" value="unfreeze" checked=true/>
                                <label for="v-unfreeze">{lang.pick("解除冻结", "Lift the freeze")}</label>
                            </div>
                        })}
                        <div class="choice">
                            <input type="radio" id="v-reject" name="verdict" value="reject"/>
                            <label for="v-reject">{lang.pick("驳回（维持原决定）", "Reject (keep the decision)")}</label>
                        </div>
                    </fieldset>
                    {(!freeze).then(|| view! {
                        <div class="field">
                            <label for="amount">{lang.pick("恢复至（元）", "Restore to (CNY)")}</label>
                            <p class="hint" id="amount-help">{format!("{}{}", lang.pick("最多为调整前额度 ", "At most the limit before the decision, "), case.decision.limit_before)}</p>
                            <input id="amount" name="amount" type="text" inputmode="decimal" value=suggested.clone() aria-describedby="amount-help"/>
                        </div>
                    })}
                    <div class="field">
                        <label for="reason">{lang.pick("驳回原因", "Reason for rejecting")}</label>
                        <select id="reason" name="reason">
                            <option value="">{lang.pick("（驳回时必选）", "(required to reject)")}</option>
                            {RejectReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="decide-note">{lang.pick("给客户的说明（可选）", "Message to the customer (optional)")}</label>
                        <textarea id="decide-note" name="note" rows="3" maxlength="2000"></textarea>
                    </div>
                    <p class="hint">{lang.pick(
                        "提高额度超过 ¥10,000、解除套现或账户安全冻结、以及再次申诉，需由另一位主管复核。",
                        "Raising by more than ¥10,000, lifting a cash-out or account-security freeze, and re-appeals need a second approval by another supervisor.",
                    )}</p>
                    <button type="submit" class="button button-primary" data-testid="decide">{lang.pick("提交决定", "Submit decision")}</button>
                </form>
            })}
            {can.ask.then(|| view! {
                <form method="post" action=format!("{base}/ask") class="form">
                    <input type="hidden" name="version" value=v.clone()/>
                    <div class="field">
                        <label for="ask-body">{lang.pick("请客户补充材料（客户可见，计时暂停）", "Ask the customer for information (they see it; the clock pauses)")}</label>
                        <textarea id="ask-body" name="body" rows="3" minlength="10" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{lang.pick("发送", "Send")}</button>
                </form>
            })}
            {can.note.then(|| view! {
                <form method="post" action=format!("{base}/note") class="form">
                    <div class="field">
                        <label for="note-body">{lang.pick("内部备注（客户不可见）", "Internal note (never shown to the customer)")}</label>
                        <textarea id="note-body" name="body" rows="2" maxlength="2000"></textarea>
                    </div>
                    <button type="submit" class="button">{lang.pick("保存备注", "Save note")}</button>
                </form>
            })}
            {(case.status == AppealStatus::PendingApproval && !can.approve).then(|| view! {
                <p class="hint">{lang.pick("等待另一位主管复核。", "Waiting for another supervisor to approve.")}</p>
            })}
        </section>
    }
}
