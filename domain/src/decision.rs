//! Limit decisions as the credit system made and notified them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::Money;
use crate::reason::{Reason, ReasonCode};

/// A notice names at most this many principal reasons.
pub const MAX_REASONS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Reduce,
    Freeze,
    Unfreeze,
    Restore,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 4] = [
        DecisionKind::Reduce,
        DecisionKind::Freeze,
        DecisionKind::Unfreeze,
        DecisionKind::Restore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Reduce => "reduce",
            DecisionKind::Freeze => "freeze",
            DecisionKind::Unfreeze => "unfreeze",
            DecisionKind::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Lowering or freezing: the decisions a customer may contest.
    pub fn is_adverse(self) -> bool {
        matches!(self, DecisionKind::Reduce | DecisionKind::Freeze)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("an adverse decision needs at least one reason")]
    NoReason,
    #[error("a decision names at most {MAX_REASONS} principal reasons")]
    TooManyReasons,
    #[error("reason {0} appears twice")]
    DuplicateReason(ReasonCode),
    #[error("a reduction must lower the limit")]
    NotAReduction,
    #[error("a restoration must raise the limit")]
    NotARestoration,
    #[error("a freeze or unfreeze keeps the limit amount")]
    LimitChangedOnFreeze,
    #[error("a limit cannot be negative")]
    NegativeLimit,
}

/// Up to four principal reasons, most important first, each code at most once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<Reason>", into = "Vec<Reason>")]
pub struct Reasons(Vec<Reason>);

impl Reasons {
    pub fn new(reasons: Vec<Reason>) -> Result<Reasons, DecisionError> {
        if reasons.len() > MAX_REASONS {
            return Err(DecisionError::TooManyReasons);
        }
        for (i, r) in reasons.iter().enumerate() {
            if reasons[..i]
                .iter()
                .any(|earlier| earlier.code() == r.code())
            {
                return Err(DecisionError::DuplicateReason(r.code()));
            }
        }
        Ok(Reasons(reasons))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Reason> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn codes(&self) -> Vec<ReasonCode> {
        self.0.iter().map(Reason::code).collect()
    }
}

impl TryFrom<Vec<Reason>> for Reasons {
    type Error = DecisionError;
    fn try_from(v: Vec<Reason>) -> Result<Self, Self::Error> {
        Reasons::new(v)
    }
}

impl From<Reasons> for Vec<Reason> {
    fn from(r: Reasons) -> Vec<Reason> {
        r.0
    }
}

impl<'a> IntoIterator for &'a Reasons {
    type Item = &'a Reason;
    type IntoIter = std::slice::Iter<'a, Reason>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One decision of the risk engine, kept exactly as the customer was notified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitDecision {
    pub id: Uuid,
    /// The credit system's own id for the decision.
    pub external_id: String,
    pub model_version: String,
    pub kind: DecisionKind,
    pub limit_before: Money,
    pub limit_after: Money,
    pub reasons: Reasons,
    /// The notice text exactly as the customer received it.
    pub notice: String,
    pub decided_at: DateTime<Utc>,
    /// The calendar date (Asia/Shanghai) the notice carries.
    pub decided_on: NaiveDate,
}

/// Everything needed to make a [`LimitDecision`]; `validate` checks the invariants.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub id: Uuid,
    pub external_id: String,
    pub model_version: String,
    pub kind: DecisionKind,
    pub limit_before: Money,
    pub limit_after: Money,
    pub reasons: Vec<Reason>,
    pub notice: String,
    pub decided_at: DateTime<Utc>,
    pub decided_on: NaiveDate,
}

impl NewDecision {
    pub fn validate(self) -> Result<LimitDecision, DecisionError> {
        if self.limit_before.is_negative() || self.limit_after.is_negative() {
            return Err(DecisionError::NegativeLimit);
        }
        let reasons = Reasons::new(self.reasons)?;
        match self.kind {
            DecisionKind::Reduce if self.limit_after >= self.limit_before => {
                return Err(DecisionError::NotAReduction)
            }
            DecisionKind::Restore if self.limit_after <= self.limit_before => {
                return Err(DecisionError::NotARestoration)
            }
            DecisionKind::Freeze | DecisionKind::Unfreeze
                if self.limit_after != self.limit_before =>
            {
                return Err(DecisionError::LimitChangedOnFreeze)
            }
            _ => {}
        }
        if self.kind.is_adverse() && reasons.is_empty() {
            return Err(DecisionError::NoReason);
        }
        Ok(LimitDecision {
            id: self.id,
            external_id: self.external_id,
            model_version: self.model_version,
            kind: self.kind,
            limit_before: self.limit_before,
            limit_after: self.limit_after,
            reasons,
            notice: self.notice,
            decided_at: self.decided_at,
            decided_on: self.decided_on,
        })
    }
}

impl LimitDecision {
    pub fn is_adverse(&self) -> bool {
        self.kind.is_adverse()
    }
}

/// Among decisions (any order), the adverse one still in force: the newest
/// decision, if it lowered or froze the limit. A later restore or unfreeze
/// means nothing is left to fix.
pub fn current_adverse(decisions: &[LimitDecision]) -> Option<&LimitDecision> {
    decisions
        .iter()
        .max_by_key(|d| d.decided_at)
        .filter(|d| d.is_adverse())
}

/// Whether a newer decision (the engine's or support's) replaced `decision`:
/// then it can no longer be reversed from its appeal. The store's decision
/// transaction asks the same question in SQL, on the rows it holds.
pub fn is_replaced(decision: &LimitDecision, decisions: &[LimitDecision]) -> bool {
    decisions.iter().any(|d| d.decided_at > decision.decided_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reason::IdentityProblem;
    use chrono::TimeZone;

    fn new(kind: DecisionKind, before: i64, after: i64, reasons: Vec<Reason>) -> NewDecision {
        NewDecision {
            id: Uuid::nil(),
            external_id: "CS-1".into(),
            model_version: "risk-2026.10".into(),
            kind,
            limit_before: Money::yuan(before),
            limit_after: Money::yuan(after),
            reasons,
            notice: "n".into(),
            decided_at: Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
            decided_on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        }
    }

    fn identity() -> Reason {
        Reason::IdentityUnverified {
            problem: IdentityProblem::Missing,
        }
    }

    #[test]
    fn a_reduction_must_lower_the_limit_and_say_why() {
        assert!(new(DecisionKind::Reduce, 8000, 2000, vec![identity()])
            .validate()
            .is_ok());
        assert_eq!(
            new(DecisionKind::Reduce, 2000, 2000, vec![identity()]).validate(),
            Err(DecisionError::NotAReduction)
        );
        assert_eq!(
            new(DecisionKind::Reduce, 8000, 2000, vec![]).validate(),
            Err(DecisionError::NoReason)
        );
        assert_eq!(
            new(DecisionKind::Freeze, 3000, 3000, vec![]).validate(),
            Err(DecisionError::NoReason)
        );
    }

    #[test]
    fn restorations_raise_and_freezes_keep_the_amount() {
        assert!(new(DecisionKind::Restore, 2000, 8000, vec![])
            .validate()
            .is_ok());
        assert_eq!(
            new(DecisionKind::Restore, 8000, 2000, vec![]).validate(),
            Err(DecisionError::NotARestoration)
        );
        assert_eq!(
            new(DecisionKind::Freeze, 3000, 0, vec![identity()]).validate(),
            Err(DecisionError::LimitChangedOnFreeze)
        );
        assert!(new(DecisionKind::Unfreeze, 3000, 3000, vec![])
            .validate()
            .is_ok());
    }

    #[test]
    fn at_most_four_distinct_reasons() {
        let five = vec![
            identity(),
            Reason::OverdueHistory {
                late_count: 1,
                worst_days_late: 3,
            },
            Reason::AccountSecurity { events: vec![] },
            Reason::RuleViolation { strikes: vec![] },
            Reason::SuspectedCashOut { purchases: vec![] },
        ];
        assert_eq!(Reasons::new(five), Err(DecisionError::TooManyReasons));
        assert_eq!(
            Reasons::new(vec![identity(), identity()]),
            Err(DecisionError::DuplicateReason(
                ReasonCode::IdentityUnverified
            ))
        );
        let json = serde_json::json!([{"code": "IDENTITY_UNVERIFIED", "problem": {"kind": "missing"}}, {"code": "IDENTITY_UNVERIFIED", "problem": {"kind": "missing"}}]);
        assert!(
            serde_json::from_value::<Reasons>(json).is_err(),
            "invariants hold when deserialising too"
        );
    }

    #[test]
    fn the_newest_decision_decides_whether_anything_is_left_to_fix() {
        let reduce = new(DecisionKind::Reduce, 8000, 2000, vec![identity()])
            .validate()
            .unwrap();
        let mut restore = new(DecisionKind::Restore, 2000, 8000, vec![])
            .validate()
            .unwrap();
        restore.decided_at += chrono::Duration::days(3);
        assert_eq!(
            current_adverse(std::slice::from_ref(&reduce)).map(|d| d.kind),
            Some(DecisionKind::Reduce)
        );
        assert!(current_adverse(&[restore.clone(), reduce.clone()]).is_none());
        assert!(current_adverse(&[]).is_none());
    }

    #[test]
    fn only_a_newer_decision_replaces_one() {
        let reduce = new(DecisionKind::Reduce, 8000, 2000, vec![identity()])
            .validate()
            .unwrap();
        let mut newer = new(DecisionKind::Restore, 2000, 3000, vec![])
            .validate()
            .unwrap();
        newer.decided_at += chrono::Duration::days(1);
        assert!(!is_replaced(&reduce, std::slice::from_ref(&reduce)));
        assert!(is_replaced(&reduce, &[reduce.clone(), newer.clone()]));
        assert!(!is_replaced(&newer, &[reduce.clone(), newer.clone()]));
    }
}
