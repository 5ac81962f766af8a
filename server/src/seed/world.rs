//! Dates relative to the seeding day, and the credit system's writes as it
//! would send them: JSON bodies of the ingest API, by its own ids.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use domain::Money;
use serde_json::{json, Value};

use crate::api::batch::{Operation, OperationKind};
use app::ssr::Clock;

/// The risk engine's model version on every demo decision.
const MODEL: &str = "risk-engine 2026.09.2";

pub struct World {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// An order as sent, and what the seed needs of it afterwards.
pub struct SentOrder {
    pub id: String,
    pub customer: String,
    pub description: String,
    /// Days from today it was placed.
    pub placed: i64,
    /// (seq, amount, due offset, paid offset) per installment.
    pub installments: Vec<(u32, Money, i64, Option<i64>)>,
}

impl SentOrder {
    /// Unpaid on the day `offset` days from today.
    pub fn outstanding(&self, offset: i64) -> Money {
        let fen = self
            .installments
            .iter()
            .filter(|(_, _, _, paid)| paid.is_none_or(|p| p > offset))
            .map(|(_, amount, _, _)| amount.fen())
            .sum();
        Money::from_fen(fen).unwrap_or(Money::ZERO)
    }
}

impl World {
    pub fn new(clock: Clock) -> World {
        World {
            today: clock.today(),
            now: clock.now(),
        }
    }

    pub fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    /// `hour`:00 in Shanghai on the day `offset` days from today; never
    /// later than now, so nothing seeded is in the future.
    pub fn at_hour(&self, offset: i64, hour: u32) -> DateTime<Utc> {
        let local = self
            .day(offset)
            .and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default());
        Shanghai
            .from_local_datetime(&local)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(self.now)
            .min(self.now)
    }

    /// 10:00 in Shanghai on the day `offset` days from today.
    pub fn at(&self, offset: i64) -> DateTime<Utc> {
        self.at_hour(offset, 10)
    }

    pub fn customer(
        &self,
        id: &str,
        name: &str,
        id_masked: &str,
        phone_masked: &str,
        verified: bool,
    ) -> Operation {
        let until = verified.then(|| self.day(3 * 365));
        op(
            OperationKind::Customer,
            id,
            json!({
                "version": 1,
                "display_name": name,
                "id_number_masked": id_masked,
                "phone_masked": phone_masked,
                "real_name_verified_until": until,
                "preferred_language": "zh-CN",
            }),
        )
    }

    pub fn line(
        &self,
        customer: &str,
        version: i64,
        limit: i64,
        outstanding: Money,
        frozen: bool,
    ) -> Operation {
        op(
            OperationKind::CreditLine,
            customer,
            json!({
                "version": version,
                "limit": Money::yuan(limit),
                "outstanding": outstanding,
                "status": if frozen { "frozen" } else { "active" },
            }),
        )
    }

    /// An order split evenly (the last installment takes the remainder), with
    /// (due offset, paid offset) per installment. The schedule goes out
    /// unpaid: each paid installment is settled by its repayment
    /// (`repayments`), as the credit system reports them.
    pub fn order(
        &self,
        id: &str,
        customer: &str,
        description: &str,
        placed: i64,
        total: i64,
        schedule: &[(i64, Option<i64>)],
    ) -> SentOrder {
        let total = Money::yuan(total).fen();
        let n = i64::try_from(schedule.len()).unwrap_or(1).max(1);
        let share = total / n;
        let installments = schedule
            .iter()
            .zip(1u32..)
            .map(|(&(due, paid), seq)| {
                let fen = if i64::from(seq) == n {
                    total - share * (n - 1)
                } else {
                    share
                };
                (seq, Money::from_fen(fen).unwrap_or(Money::ZERO), due, paid)
            })
            .collect();
        SentOrder {
            id: id.to_owned(),
            customer: customer.to_owned(),
            description: description.to_owned(),
            placed,
            installments,
        }
    }

    /// The order's `PUT`, its schedule unpaid.
    pub fn order_op(&self, order: &SentOrder) -> Operation {
        let total: i64 = order.installments.iter().map(|i| i.1.fen()).sum();
        op(
            OperationKind::Order,
            &order.id,
            json!({
                "customer_id": order.customer,
                "version": 1,
                "description": order.description,
                "placed_on": self.day(order.placed),
                "total": Money::from_fen(total).unwrap_or(Money::ZERO),
                "installments": order.installments.iter().map(|(seq, amount, due, _)| json!({
                    "seq": seq, "due_on": self.day(*due), "amount": amount,
                })).collect::<Vec<_>>(),
            }),
        )
    }

    /// A repayment for every installment of `order` paid by the day `upto`
    /// days from today.
    pub fn repayments(&self, order: &SentOrder, upto: i64) -> Vec<Operation> {
        order
            .installments
            .iter()
            .filter_map(|&(seq, amount, _, paid)| {
                let paid = paid.filter(|p| *p <= upto)?;
                Some(op(
                    OperationKind::Repayment,
                    &format!("RPY-{}-{seq}", order.id),
                    json!({
                        "customer_id": order.customer,
                        "order_id": order.id,
                        "installment": seq,
                        "amount": amount,
                        "paid_on": self.day(paid),
                    }),
                ))
            })
            .collect()
    }

    /// An overdue item of an `OVERDUE_UNPAID` reason: installment `seq` of
    /// `order`, as late as it was on the day `decided` days from today.
    pub fn overdue(&self, order: &SentOrder, seq: u32, decided: i64) -> Value {
        let (_, amount, due, _) = order
            .installments
            .iter()
            .copied()
            .find(|i| i.0 == seq)
            .unwrap_or((seq, Money::ZERO, decided, None));
        json!({
            "order_id": order.id,
            "installment": seq,
            "amount": amount,
            "due_on": self.day(due),
            "days_late": decided - due,
        })
    }

    /// A decision numbered `serial` of its day, as the customer was notified.
    #[allow(clippy::too_many_arguments)]
    pub fn decision(
        &self,
        customer: &str,
        offset: i64,
        serial: u32,
        kind: &str,
        before: i64,
        after: i64,
        reasons: Value,
        notice: &str,
    ) -> Operation {
        op(
            OperationKind::Decision,
            &decision_id(self.day(offset), serial),
            json!({
                "customer_id": customer,
                "kind": kind,
                "limit_before": Money::yuan(before),
                "limit_after": Money::yuan(after),
                "reasons": reasons,
                "model_version": MODEL,
                "decided_at": self.at(offset),
                "notice": notice,
            }),
        )
    }

    pub fn event(
        &self,
        id: &str,
        customer: &str,
        kind: &str,
        offset: i64,
        detail: &str,
    ) -> Operation {
        op(
            OperationKind::AccountEvent,
            id,
            json!({
                "customer_id": customer,
                "kind": kind,
                "occurred_at": self.at(offset),
                "detail": detail,
            }),
        )
    }
}

/// The credit system's notice number, e.g. `CS-20261020-0001`.
pub fn decision_id(on: NaiveDate, serial: u32) -> String {
    format!("CS-{}-{serial:04}", on.format("%Y%m%d"))
}

fn op(kind: OperationKind, id: &str, body: Value) -> Operation {
    Operation {
        kind,
        id: id.to_owned(),
        body,
    }
}
