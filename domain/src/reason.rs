//! The reason catalogue: why a limit was lowered or frozen, in the customer's words.
//!
//! A [`Reason`] carries the structured facts the credit system notified; its
//! [`ReasonCode`] is derived from the variant, so a code can never be paired with
//! another reason's facts.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::lang::Lang;
use crate::money::Money;

/// Stable reason codes shared with the credit system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReasonCode {
    OverdueUnpaid,
    OverdueHistory,
    IdentityUnverified,
    AccountSecurity,
    FrequentBindingChanges,
    CreditReassessment,
    RuleViolation,
    SuspectedCashOut,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 8] = [
        ReasonCode::OverdueUnpaid,
        ReasonCode::OverdueHistory,
        ReasonCode::IdentityUnverified,
        ReasonCode::AccountSecurity,
        ReasonCode::FrequentBindingChanges,
        ReasonCode::CreditReassessment,
        ReasonCode::RuleViolation,
        ReasonCode::SuspectedCashOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::OverdueUnpaid => "OVERDUE_UNPAID",
            ReasonCode::OverdueHistory => "OVERDUE_HISTORY",
            ReasonCode::IdentityUnverified => "IDENTITY_UNVERIFIED",
            ReasonCode::AccountSecurity => "ACCOUNT_SECURITY",
            ReasonCode::FrequentBindingChanges => "FREQUENT_BINDING_CHANGES",
            ReasonCode::CreditReassessment => "CREDIT_REASSESSMENT",
            ReasonCode::RuleViolation => "RULE_VIOLATION",
            ReasonCode::SuspectedCashOut => "SUSPECTED_CASH_OUT",
        }
    }

    pub fn parse(s: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The short name customers see, e.g. 逾期未还款.
    pub fn title(self, lang: Lang) -> &'static str {
        use ReasonCode::*;
        match self {
            OverdueUnpaid => lang.pick("逾期未还款", "Overdue and unpaid"),
            OverdueHistory => lang.pick("近期有逾期记录", "Recent late payments"),
            IdentityUnverified => lang.pick("实名信息不完整", "Real-name verification incomplete"),
            AccountSecurity => lang.pick("账户安全异常", "Unusual account activity"),
            FrequentBindingChanges => lang.pick(
                "频繁更换绑定信息",
                "Frequent changes to linked phone or card",
            ),
            CreditReassessment => {
                lang.pick("综合信用评估变化", "Change in overall credit assessment")
            }
            RuleViolation => lang.pick(
                "违规交易或恶意评价",
                "Rule-breaking transactions or abusive reviews",
            ),
            SuspectedCashOut => lang.pick("疑似套现", "Suspected cash-out"),
        }
    }

    /// One or two sentences on what the reason means, in plain words.
    pub fn explanation(self, lang: Lang) -> &'static str {
        use ReasonCode::*;
        match self {
            OverdueUnpaid => lang.pick(
                "有分期已过还款日仍未还清。逾期期间，额度会被降低以免欠款继续增加。",
                "An installment was past its due date and still unpaid. While something is overdue, the limit is lowered so the debt does not grow.",
            ),
            OverdueHistory => lang.pick(
                "过去 12 个月内有分期晚于还款日才还清。按时还款一段时间后，额度会逐步恢复。",
                "In the last 12 months some installments were paid after their due date. A run of on-time repayments restores the limit over time.",
            ),
            IdentityUnverified => lang.pick(
                "实名认证缺失或已过期。完成认证前，额度会受到限制。",
                "Real-name verification is missing or has expired. Until it is complete, the limit is restricted.",
            ),
            AccountSecurity => lang.pick(
                "账户出现了不寻常的登录、设备或地点。为保护你的资金，额度被暂时冻结。",
                "Your account saw unusual sign-ins, devices or locations. To protect your money, the limit was frozen for now.",
            ),
            FrequentBindingChanges => lang.pick(
                "近 30 天内多次更换了绑定的手机号或银行卡，这常见于账户被他人控制的情况。",
                "The linked phone number or bank card changed several times in 30 days, which often happens when someone else controls an account.",
            ),
            CreditReassessment => lang.pick(
                "定期的综合信用评估结果发生了变化，额度随之调整。",
                "The periodic overall credit assessment changed, and the limit was adjusted with it.",
            ),
            RuleViolation => lang.pick(
                "账户有违反平台规则的记录，例如虚假交易或恶意评价。",
                "The account has records of breaking platform rules, such as fake orders or abusive reviews.",
            ),
            SuspectedCashOut => lang.pick(
                "消费方式与把额度变成现金（套现）的常见做法相似。额度只能用于真实购物，套现是被禁止的。",
                "The spending pattern looks like turning credit into cash (cash-out). The limit is for genuine purchases only; cash-out is forbidden.",
            ),
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown reason code `{0}`")]
pub struct UnknownReasonCode(pub String);

impl FromStr for ReasonCode {
    type Err = UnknownReasonCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReasonCode::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownReasonCode(s.to_owned()))
    }
}

/// An installment that was overdue when the decision was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueItem {
    pub order_id: Uuid,
    pub installment_id: Uuid,
    /// The order's description, as the customer knows it.
    pub order: String,
    pub seq: u32,
    pub amount: Money,
    pub due_on: NaiveDate,
    /// Days late when the decision was made, exactly as the notice said.
    pub days_late: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IdentityProblem {
    Missing,
    Expired { on: NaiveDate },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityEventKind {
    NewDevice,
    UnusualLocation,
    RepeatedFailedSignIns,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub on: NaiveDate,
    pub kind: SecurityEventKind,
    /// City or device name as reported, e.g. "深圳" or "iPhone 15".
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binding {
    Phone,
    BankCard,
}

impl Binding {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Binding::Phone => lang.pick("手机号", "phone number"),
            Binding::BankCard => lang.pick("银行卡", "bank card"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReassessmentFactor {
    HighUtilisation,
    ShortHistory,
    IncomeUnverified,
    ManyRecentApplications,
}

impl ReassessmentFactor {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            ReassessmentFactor::HighUtilisation => lang.pick(
                "额度使用率长期偏高",
                "limit used close to the maximum for a long time",
            ),
            ReassessmentFactor::ShortHistory => lang.pick("信用记录较短", "short credit history"),
            ReassessmentFactor::IncomeUnverified => {
                lang.pick("收入信息未核实", "income not verified")
            }
            ReassessmentFactor::ManyRecentApplications => {
                lang.pick("近期多次申请信贷", "many recent credit applications")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrikeKind {
    AbusiveReview,
    FakeOrder,
    PolicyStrike,
}

impl StrikeKind {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            StrikeKind::AbusiveReview => lang.pick("恶意评价", "abusive review"),
            StrikeKind::FakeOrder => lang.pick("虚假交易", "fake order"),
            StrikeKind::PolicyStrike => lang.pick("违反平台规则", "policy strike"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strike {
    pub on: NaiveDate,
    pub kind: StrikeKind,
}

/// A purchase that looked like cash-out, as the credit system reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedPurchase {
    pub on: NaiveDate,
    pub merchant: String,
    /// What was bought, e.g. "礼品卡" / "gift cards", kept as notified.
    pub item: String,
    pub amount: Money,
}

/// One principal reason with the facts that triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    OverdueUnpaid {
        items: Vec<OverdueItem>,
    },
    OverdueHistory {
        late_count: u32,
        worst_days_late: u32,
    },
    IdentityUnverified {
        problem: IdentityProblem,
    },
    AccountSecurity {
        events: Vec<SecurityEvent>,
    },
    FrequentBindingChanges {
        binding: Binding,
        changes: u32,
        window_days: u32,
        last_change_on: NaiveDate,
    },
    CreditReassessment {
        band_before: String,
        band_after: String,
        factors: Vec<ReassessmentFactor>,
    },
    RuleViolation {
        strikes: Vec<Strike>,
    },
    SuspectedCashOut {
        purchases: Vec<FlaggedPurchase>,
    },
}

/// A labelled fact for display: `label` names it, `value` states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.to_owned(),
        value: value.into(),
    }
}

fn days(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{n} 天"),
        _ if n == 1 => "1 day".to_owned(),
        _ => format!("{n} days"),
    }
}

impl Reason {
    pub fn code(&self) -> ReasonCode {
        match self {
            Reason::OverdueUnpaid { .. } => ReasonCode::OverdueUnpaid,
            Reason::OverdueHistory { .. } => ReasonCode::OverdueHistory,
            Reason::IdentityUnverified { .. } => ReasonCode::IdentityUnverified,
            Reason::AccountSecurity { .. } => ReasonCode::AccountSecurity,
            Reason::FrequentBindingChanges { .. } => ReasonCode::FrequentBindingChanges,
            Reason::CreditReassessment { .. } => ReasonCode::CreditReassessment,
            Reason::RuleViolation { .. } => ReasonCode::RuleViolation,
            Reason::SuspectedCashOut { .. } => ReasonCode::SuspectedCashOut,
        }
    }

    /// The facts behind the reason, as the customer was notified, ready to show.
    pub fn facts(&self, lang: Lang) -> Vec<Fact> {
        let l = |zh, en| lang.pick(zh, en);
        match self {
            Reason::OverdueUnpaid { items } => items
                .iter()
                .flat_map(|i| {
                    [
                        fact(
                            l("订单", "Order"),
                            format!("{} · {}", i.order, installment_label(i.seq, lang)),
                        ),
                        fact(l("逾期金额", "Overdue amount"), i.amount.to_string()),
                        fact(l("还款日", "Due date"), i.due_on.to_string()),
                        fact(
                            l("通知时已逾期", "Days overdue when notified"),
                            days(i.days_late, lang),
                        ),
                    ]
                })
                .collect(),
            Reason::OverdueHistory {
                late_count,
                worst_days_late,
            } => vec![
                fact(
                    l("近 12 个月逾期次数", "Late payments in 12 months"),
                    late_count.to_string(),
                ),
                fact(l("最长逾期", "Longest delay"), days(*worst_days_late, lang)),
            ],
            Reason::IdentityUnverified { problem } => vec![fact(
                l("实名认证", "Real-name verification"),
                match problem {
                    IdentityProblem::Missing => l("未完成", "not done").to_owned(),
                    IdentityProblem::Expired { on } => match lang {
                        Lang::Zh => format!("已于 {on} 过期"),
                        _ => format!("expired on {on}"),
                    },
                },
            )],
            Reason::AccountSecurity { events } => events
                .iter()
                .map(|e| {
                    let what = match e.kind {
                        SecurityEventKind::NewDevice => {
                            l("新设备登录", "sign-in from a new device")
                        }
                        SecurityEventKind::UnusualLocation => {
                            l("异地登录", "sign-in from an unusual location")
                        }
                        SecurityEventKind::RepeatedFailedSignIns => {
                            l("多次登录失败", "repeated failed sign-ins")
                        }
                    };
                    fact(
                        &e.on.to_string(),
                        match lang {
                            Lang::Zh => format!("{what}（{}）", e.detail),
                            _ => format!("{what} ({})", e.detail),
                        },
                    )
                })
                .collect(),
            Reason::FrequentBindingChanges {
                binding,
                changes,
                window_days,
                last_change_on,
            } => vec![
                fact(
                    l("更换次数", "Changes"),
                    match lang {
                        Lang::Zh => {
                            format!("{window_days} 天内更换{} {changes} 次", binding.name(lang))
                        }
                        _ => format!(
                            "{} changed {changes} times in {window_days} days",
                            binding.name(lang)
                        ),
                    },
                ),
                fact(l("最近一次更换", "Last change"), last_change_on.to_string()),
            ],
            Reason::CreditReassessment {
                band_before,
                band_after,
                factors,
            } => {
                let mut facts = vec![fact(
                    l("信用等级", "Credit band"),
                    format!("{band_before} → {band_after}"),
                )];
                facts.extend(
                    factors
                        .iter()
                        .map(|f| fact(l("主要因素", "Main factor"), f.text(lang))),
                );
                facts
            }
            Reason::RuleViolation { strikes } => strikes
                .iter()
                .map(|s| fact(&s.on.to_string(), s.kind.text(lang)))
                .collect(),
            Reason::SuspectedCashOut { purchases } => purchases
                .iter()
                .map(|p| {
                    fact(
                        &p.on.to_string(),
                        format!("{} · {} · {}", p.merchant, p.item, p.amount),
                    )
                })
                .collect(),
        }
    }
}

/// "第 2 期" / "installment 2".
pub fn installment_label(seq: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {seq} 期"),
        _ => format!("installment {seq}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_has_both_languages() {
        for code in ReasonCode::ALL {
            assert_eq!(code.as_str().parse::<ReasonCode>().unwrap(), code);
            for lang in Lang::ALL {
                assert!(!code.title(lang).is_empty());
                assert!(!code.explanation(lang).is_empty());
            }
            assert_ne!(code.title(Lang::Zh), code.title(Lang::En));
        }
        assert!("WITHDRAW".parse::<ReasonCode>().is_err());
    }

    #[test]
    fn the_code_travels_with_the_facts_in_json() {
        let reason = Reason::OverdueHistory {
            late_count: 2,
            worst_days_late: 9,
        };
        let json = serde_json::to_value(&reason).unwrap();
        assert_eq!(json["code"], "OVERDUE_HISTORY");
        let back: Reason = serde_json::from_value(json).unwrap();
        assert_eq!(back.code(), ReasonCode::OverdueHistory);
    }

    #[test]
    fn overdue_facts_state_amount_due_date_and_days_late() {
        let reason = Reason::OverdueUnpaid {
            items: vec![OverdueItem {
                order_id: Uuid::nil(),
                installment_id: Uuid::nil(),
                order: "手机壳".into(),
                seq: 2,
                amount: Money::yuan(600),
                due_on: NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(),
                days_late: 12,
            }],
        };
        let facts = reason.facts(Lang::Zh);
        let values: Vec<&str> = facts.iter().map(|f| f.value.as_str()).collect();
        assert!(values.contains(&"¥600.00"));
        assert!(values.contains(&"2026-10-08"));
        assert!(values.contains(&"12 天"));
        let en = reason.facts(Lang::En);
        assert!(en.iter().any(|f| f.value == "12 days"));
    }
}
