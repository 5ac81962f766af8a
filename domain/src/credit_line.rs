//! The customer's credit line as LimitDesk last knew it.

use serde::{Deserialize, Serialize};

use crate::money::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    Active,
    Frozen,
    Closed,
}

impl LineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Active => "active",
            LineStatus::Frozen => "frozen",
            LineStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<LineStatus> {
        [LineStatus::Active, LineStatus::Frozen, LineStatus::Closed]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditLine {
    pub limit: Money,
    /// Owed on orders and not yet repaid.
    pub used: Money,
    pub status: LineStatus,
}

impl CreditLine {
    /// What the customer can spend now: nothing while frozen or closed, and
    /// never negative (used can exceed a limit that was just lowered).
    pub fn available(&self) -> Money {
        if self.status != LineStatus::Active {
            return Money::ZERO;
        }
        self.limit
            .checked_sub(self.used)
            .ok()
            .filter(|m| !m.is_negative())
            .unwrap_or(Money::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn frozen_lines_have_nothing_available() {
        let line = CreditLine {
            limit: Money::yuan(3000),
            used: Money::ZERO,
            status: LineStatus::Frozen,
        };
        assert_eq!(line.available(), Money::ZERO);
    }

    #[test]
    fn a_lowered_limit_below_what_is_owed_leaves_zero_not_a_negative() {
        let line = CreditLine {
            limit: Money::yuan(2000),
            used: Money::yuan(2500),
            status: LineStatus::Active,
        };
        assert_eq!(line.available(), Money::ZERO);
    }

    proptest! {
        #[test]
        fn available_is_between_zero_and_the_limit(limit in 0i64..10_000_000, used in 0i64..10_000_000) {
            let line = CreditLine { limit: Money::from_fen(limit).unwrap(), used: Money::from_fen(used).unwrap(), status: LineStatus::Active };
            let a = line.available();
            prop_assert!(!a.is_negative());
            prop_assert!(a <= line.limit);
            prop_assert_eq!(a.fen(), (limit - used).max(0));
        }
    }
}
