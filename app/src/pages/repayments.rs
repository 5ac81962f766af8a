use chrono::NaiveDate;
use domain::{Installment, Order};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{LoadError, Loading};
use crate::functions::customer::get_repayments;
use crate::i18n::{t, use_lang, Lang};

/// Orders and installments with due and paid dates; lateness is highlighted.
#[component]
pub fn RepaymentsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), |_| get_repayments());
    view! {
        <Title text=format!("{} · {}", t::repayments_title(lang), t::app_name(lang))/>
        <section class="card" aria-labelledby="repayments-title">
            <h1 id="repayments-title">{t::repayments_title(lang)}</h1>
            <p class="lead">{t::repayments_intro(lang)}</p>
        </section>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(r) if r.orders.is_empty() => view! { <p class="card">{t::no_orders(lang)}</p> }.into_any(),
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
    let count = order.installments.len();
    let heading_id = format!("order-{}", order.id);
    let labelled_by = heading_id.clone();
    let table_label = heading_id.clone();
    view! {
        <section class="card order" aria-labelledby=labelled_by>
            <h2 id=heading_id translate="no">{order.description.clone()}</h2>
            <p class="meta">
                {t::ordered_on(lang)}" "<time datetime=order.placed_on.to_string()>{order.placed_on.to_string()}</time>
                " · "{t::order_total(lang)}" "{order.total.to_string()}
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=table_label>
                <table class="installments">
                    <caption class="visually-hidden">{t::order_installments(lang, &order.description)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t::installment(lang)}</th>
                            <th scope="col">{t::due_date(lang)}</th>
                            <th scope="col" class="num">{t::amount(lang)}</th>
                            <th scope="col">{t::paid_on(lang)}</th>
                            <th scope="col">{t::repayment_status(lang)}</th>
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
                                        <th scope="row">{t::installment_of(lang, t::InstallmentOf { count: &count, seq: &i.seq })}</th>
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
        Some(_) if days > 0 => (t::paid_late(lang, days), true),
        Some(_) => (t::paid_on_time(lang).to_owned(), false),
        None if days > 0 => (t::overdue_days(lang, days), true),
        None if i.due_on == today => (t::due_today(lang).to_owned(), false),
        None if i.due_on > today => (t::not_yet_due(lang).to_owned(), false),
        None => (t::not_paid(lang).to_owned(), false),
    }
}
