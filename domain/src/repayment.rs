//! Orders bought on credit and the installments that repay them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::{Money, MoneyError};

/// One purchase split into installments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: Uuid,
    /// The customer's own words for it: merchant and item, as on the receipt.
    pub description: String,
    pub placed_on: NaiveDate,
    pub total: Money,
    pub installments: Vec<Installment>,
}

/// One scheduled repayment. Dates are calendar dates in Asia/Shanghai.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub id: Uuid,
    pub order_id: Uuid,
    /// 1-based position in the order's schedule ("2 of 3").
    pub seq: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub paid_on: Option<NaiveDate>,
}

impl Installment {
    /// Days past due as of `today`: for an installment paid by then, how late it
    /// was paid; otherwise how late it is on `today`. Never negative.
    pub fn days_late(&self, today: NaiveDate) -> u32 {
        let settled = match self.paid_on {
            Some(paid) if paid <= today => paid,
            _ => today,
        };
        let days = (settled - self.due_on).num_days();
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }

    /// Unpaid on `today` and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.paid_on.is_none() && today > self.due_on
    }

    /// Paid on or before `today`; a payment dated later has not happened yet.
    pub fn is_paid_by(&self, today: NaiveDate) -> bool {
        self.paid_on.is_some_and(|paid| paid <= today)
    }

    pub fn paid_late(&self) -> bool {
        self.paid_on.is_some_and(|paid| paid > self.due_on)
    }
}

impl Order {
    /// What the customer owes on this order now (unpaid installments, due or not).
    pub fn outstanding(&self, today: NaiveDate) -> Result<Money, MoneyError> {
        Money::sum(
            self.installments
                .iter()
                .filter(|i| !i.is_paid_by(today))
                .map(|i| i.amount),
        )
    }

    pub fn overdue(&self, today: NaiveDate) -> Result<Money, MoneyError> {
        Money::sum(
            self.installments
                .iter()
                .filter(|i| i.is_overdue(today))
                .map(|i| i.amount),
        )
    }
}

/// Total still owed across orders: what the credit line counts as used.
pub fn total_outstanding(orders: &[Order], today: NaiveDate) -> Result<Money, MoneyError> {
    orders
        .iter()
        .try_fold(Money::ZERO, |acc, o| acc.checked_add(o.outstanding(today)?))
}

/// Total past due and unpaid across orders.
pub fn total_overdue(orders: &[Order], today: NaiveDate) -> Result<Money, MoneyError> {
    orders
        .iter()
        .try_fold(Money::ZERO, |acc, o| acc.checked_add(o.overdue(today)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn installment(due: NaiveDate, paid: Option<NaiveDate>) -> Installment {
        Installment {
            id: Uuid::nil(),
            order_id: Uuid::nil(),
            seq: 1,
            due_on: due,
            amount: Money::yuan(600),
            paid_on: paid,
        }
    }

    #[test]
    fn xiaozhang_was_twelve_days_late_at_notice_and_paid_thirteen_days_late() {
        let inst = installment(d(2026, 10, 8), None);
        assert_eq!(inst.days_late(d(2026, 10, 20)), 12);
        assert!(inst.is_overdue(d(2026, 10, 20)));
        let paid = installment(d(2026, 10, 8), Some(d(2026, 10, 21)));
        assert_eq!(paid.days_late(d(2026, 11, 27)), 13);
        assert!(!paid.is_overdue(d(2026, 11, 27)));
        assert!(paid.paid_late());
        assert_eq!(
            paid.days_late(d(2026, 10, 20)),
            12,
            "as of the notice it was not yet paid"
        );
    }

    #[test]
    fn not_late_on_or_before_the_due_date() {
        let inst = installment(d(2026, 10, 8), None);
        assert_eq!(inst.days_late(d(2026, 10, 8)), 0);
        assert!(!inst.is_overdue(d(2026, 10, 8)));
        assert_eq!(
            installment(d(2026, 10, 8), Some(d(2026, 10, 1))).days_late(d(2026, 10, 9)),
            0
        );
    }

    #[test]
    fn outstanding_counts_unpaid_and_overdue_only_past_due() {
        let order = Order {
            id: Uuid::nil(),
            description: "x".into(),
            placed_on: d(2026, 9, 1),
            total: Money::yuan(1800),
            installments: vec![
                installment(d(2026, 10, 1), Some(d(2026, 10, 1))),
                installment(d(2026, 11, 1), None),
                installment(d(2026, 12, 1), None),
            ],
        };
        let today = d(2026, 11, 27);
        assert_eq!(order.outstanding(today).unwrap(), Money::yuan(1200));
        assert_eq!(order.overdue(today).unwrap(), Money::yuan(600));
        assert_eq!(
            total_outstanding(&[order.clone(), order.clone()], today).unwrap(),
            Money::yuan(2400)
        );
        assert_eq!(total_overdue(&[order], today).unwrap(), Money::yuan(600));
    }

    proptest! {
        #[test]
        fn days_late_is_the_gap_past_due_and_never_negative(due_off in 0i64..2000, gap in -400i64..400, paid in any::<bool>()) {
            let due = d(2020, 1, 1) + chrono::Duration::days(due_off);
            let other = due + chrono::Duration::days(gap);
            let inst = if paid { installment(due, Some(other)) } else { installment(due, None) };
            let late = inst.days_late(other);
            prop_assert_eq!(i64::from(late), gap.max(0));
            prop_assert_eq!(inst.is_overdue(other), !paid && gap > 0);
        }
    }
}
