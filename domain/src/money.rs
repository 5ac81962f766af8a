//! CNY amounts. Exact decimals with two places; stored as whole fen.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not an amount of money")]
    NotANumber,
    #[error("an amount has at most two decimal places")]
    TooPrecise,
    #[error("the amount is out of range")]
    Overflow,
}

/// An amount of Chinese yuan with exactly two decimal places (fen precision).
///
/// The field is private so every value has passed through a constructor that
/// enforces the scale; arithmetic is checked because a silent overflow on a
/// credit limit is worse than an error.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Money(Decimal);

/// Largest amount we accept: far above any credit limit, and still fits in i64 fen.
const MAX_FEN: i64 = 100_000_000_000_000; // one trillion yuan

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// From whole fen (1 yuan = 100 fen), the unit both databases store.
    pub fn from_fen(fen: i64) -> Result<Money, MoneyError> {
        if fen.unsigned_abs() > MAX_FEN as u64 {
            return Err(MoneyError::Overflow);
        }
        Ok(Money(Decimal::new(fen, 2)))
    }

    /// From whole yuan, for literals in seeds and tests.
    pub fn yuan(yuan: i64) -> Money {
        Money::from_fen(yuan.saturating_mul(100)).unwrap_or(Money(Decimal::new(MAX_FEN, 2)))
    }

    pub fn from_decimal(d: Decimal) -> Result<Money, MoneyError> {
        let normalized = d.normalize();
        if normalized.scale() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let mut scaled = d;
        scaled.rescale(2);
        let fen = scaled.mantissa();
        if fen.unsigned_abs() > MAX_FEN as u128 {
            return Err(MoneyError::Overflow);
        }
        Ok(Money(scaled))
    }

    /// Whole fen; exact because the scale is always 2.
    pub fn fen(self) -> i64 {
        // The constructors bound the mantissa by MAX_FEN, so this never truncates.
        self.0.mantissa() as i64
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        Money::from_fen(
            self.fen()
                .checked_add(other.fen())
                .ok_or(MoneyError::Overflow)?,
        )
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        Money::from_fen(
            self.fen()
                .checked_sub(other.fen())
                .ok_or(MoneyError::Overflow)?,
        )
    }

    /// Sum of amounts; `Err` only on overflow.
    pub fn sum<I: IntoIterator<Item = Money>>(items: I) -> Result<Money, MoneyError> {
        items.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    /// `¥1,234.56` (negative: `-¥1,234.56`).
    pub fn display(self) -> String {
        self.to_string()
    }
}

impl TryFrom<Decimal> for Money {
    type Error = MoneyError;
    fn try_from(d: Decimal) -> Result<Self, Self::Error> {
        Money::from_decimal(d)
    }
}

impl From<Money> for Decimal {
    fn from(m: Money) -> Decimal {
        m.0
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    /// Accepts `1234.5`, `1,234.56`, `¥1,234.56`, `￥8，000` (a Chinese input
    /// method's full-width sign and comma), with spaces around or between.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let (negative, rest) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let rest = rest.trim_start_matches(['¥', '￥']);
        let digits: String = rest
            .chars()
            .filter(|c| !matches!(c, ',' | '，') && !c.is_whitespace())
            .collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(MoneyError::NotANumber);
        }
        let d = Decimal::from_str(&digits).map_err(|_| MoneyError::NotANumber)?;
        Money::from_decimal(if negative { -d } else { d })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fen = self.fen();
        let sign = if fen < 0 { "-" } else { "" };
        let abs = fen.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, ch) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_as_customers_read_it() {
        assert_eq!(Money::from_fen(123_456).unwrap().to_string(), "¥1,234.56");
        assert_eq!(Money::yuan(8000).to_string(), "¥8,000.00");
        assert_eq!(Money::yuan(600).to_string(), "¥600.00");
        assert_eq!(Money::ZERO.to_string(), "¥0.00");
        assert_eq!(Money::from_fen(-5).unwrap().to_string(), "-¥0.05");
        assert_eq!(Money::yuan(1_000_000).to_string(), "¥1,000,000.00");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!("1,234.5".parse::<Money>().unwrap().fen(), 123_450);
        assert_eq!("¥8,000.00".parse::<Money>().unwrap(), Money::yuan(8000));
        assert_eq!(" 600 ".parse::<Money>().unwrap(), Money::yuan(600));
        assert_eq!("￥8，000".parse::<Money>().unwrap(), Money::yuan(8000));
        assert_eq!("¥ 8 000".parse::<Money>().unwrap(), Money::yuan(8000));
        assert_eq!("1.234".parse::<Money>(), Err(MoneyError::TooPrecise));
        assert_eq!("abc".parse::<Money>(), Err(MoneyError::NotANumber));
        assert_eq!("1e5".parse::<Money>(), Err(MoneyError::NotANumber));
        assert_eq!("".parse::<Money>(), Err(MoneyError::NotANumber));
    }

    #[test]
    fn trailing_zeros_beyond_two_places_are_not_extra_precision() {
        let d = Decimal::from_str("12.3400").unwrap();
        assert_eq!(Money::from_decimal(d).unwrap().fen(), 1234);
    }

    #[test]
    fn arithmetic_overflow_is_an_error_not_a_wrap() {
        let big = Money::from_fen(MAX_FEN).unwrap();
        assert_eq!(
            big.checked_add(Money::from_fen(1).unwrap()),
            Err(MoneyError::Overflow)
        );
        assert!(Money::from_fen(MAX_FEN + 1).is_err());
    }

    #[test]
    fn serializes_as_an_exact_decimal_string() {
        let json = serde_json::to_string(&Money::from_fen(60_000).unwrap()).unwrap();
        assert_eq!(json, "\"600.00\"");
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back.fen(), 60_000);
        assert!(serde_json::from_str::<Money>("\"1.001\"").is_err());
    }

    proptest! {
        #[test]
        fn fen_round_trips(fen in -MAX_FEN..=MAX_FEN) {
            prop_assert_eq!(Money::from_fen(fen).unwrap().fen(), fen);
        }

        #[test]
        fn display_parses_back(fen in -MAX_FEN..=MAX_FEN) {
            let m = Money::from_fen(fen).unwrap();
            prop_assert_eq!(m.to_string().parse::<Money>().unwrap(), m);
        }

        #[test]
        fn add_then_sub_is_identity(a in -MAX_FEN/2..MAX_FEN/2, b in -MAX_FEN/2..MAX_FEN/2) {
            let (a, b) = (Money::from_fen(a).unwrap(), Money::from_fen(b).unwrap());
            prop_assert_eq!(a.checked_add(b).unwrap().checked_sub(b).unwrap(), a);
        }

        #[test]
        fn ordering_matches_fen(a in -MAX_FEN..=MAX_FEN, b in -MAX_FEN..=MAX_FEN) {
            prop_assert_eq!(Money::from_fen(a).unwrap().cmp(&Money::from_fen(b).unwrap()), a.cmp(&b));
        }
    }
}
