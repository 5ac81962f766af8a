use chrono::NaiveDate;
use domain::{Installment, Order};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{LoadError, Loading};
use crate::functions::customer::get_repayments;
use crate::i18n::{installment_of, overdue_days, paid_late, use_lang, Lang, Msg};

/// Orders and installments with due and paid dates; lateness is highlighted.
#[component]
pub fn RepaymentsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_repayments());
    view! {
        <Title text=format!("{} · {}", Msg::RepaymentsTitle.t(lang), Msg::AppName.t(lang))/>
        <section class="card" aria-labelledby="repayments-title">
            <h1 id="repayments-title">{Msg::RepaymentsTitle.t(lang)}</h1>
            <p class="lead">{Msg::RepaymentsIntro.t(lang)}</p>
        </section>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) if r.orders.is_empty() => view! { <p class="card">{Msg::NoOrders.t(lang)}</p> }.into_any(),
                    Ok(r) => r.orders.into_iter().map(|o| view! { <OrderCard order=o today=r.today/> }).collect_view().into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderCard(order: Order, today: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| m.t(lang);
    let count = order.installments.len();
    let heading_id = format!("order-{}", order.id);
    let labelled_by = heading_id.clone();
    view! {
        <section class="card order" aria-labelledby=labelled_by>
            <h2 id=heading_id>{order.description.clone()}</h2>
            <p class="meta">
                {t(Msg::OrderedOn)}" "<time datetime=order.placed_on.to_string()>{order.placed_on.to_string()}</time>
                " · "{t(Msg::OrderTotal)}" "{order.total.to_string()}
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=order.description.clone()>
                <table class="installments">
                    <caption class="visually-hidden">{order.description.clone()}{lang.pick(" · 分期还款明细", ": installments")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::Installment)}</th>
                            <th scope="col">{t(Msg::DueDate)}</th>
                            <th scope="col" class="num">{t(Msg::Amount)}</th>
                            <th scope="col">{t(Msg::PaidOn)}</th>
                            <th scope="col">{t(Msg::RepaymentStatus)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {order
                            .installments
                            .into_iter()
                            .map(|i| {
                                let (status, late) = status_of(&i, today, lang);
                                view! {
                                    <tr class:late=late>
                                        <th scope="row">{installment_of(i.seq, count, lang)}</th>
                                        <td><time datetime=i.due_on.to_string()>{i.due_on.to_string()}</time></td>
                                        <td class="num">{i.amount.to_string()}</td>
                                        <td>{i.paid_on.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                        <td class="repayment-status">{status}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// What to say about an installment today, and whether it is (or was) late.
pub(crate) fn status_of(i: &Installment, today: NaiveDate, lang: Lang) -> (String, bool) {
    let days = i.days_late(today);
    match i.paid_on {
        Some(_) if days > 0 => (paid_late(days, lang), true),
        Some(_) => (Msg::PaidOnTime.t(lang).to_owned(), false),
        None if days > 0 => (overdue_days(days, lang), true),
        None if i.due_on == today => (Msg::DueToday.t(lang).to_owned(), false),
        None if i.due_on > today => (Msg::NotYetDue.t(lang).to_owned(), false),
        None => (Msg::NotPaid.t(lang).to_owned(), false),
    }
}
