//! What server functions send to pages. Built from domain types on the server,
//! rendered with the same domain code in the browser.

use chrono::NaiveDate;
use domain::{ChecklistItem, CreditLine, LimitDecision, Order};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    Agent,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Customer, Role::Agent, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        self != Role::Customer
    }
}

/// The signed-in person, for the page header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub username: String,
    pub display_name: String,
}

/// A decision with the steps that restore it, as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub decision: LimitDecision,
    pub checklist: Vec<ChecklistItem>,
    /// The decision in force now: the newest one, if it lowered or froze the limit.
    pub in_force: bool,
    /// "2026-10-20 10:00", Asia/Shanghai.
    pub decided_at_local: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub viewer: Viewer,
    pub line: CreditLine,
    /// The adverse decision still in force, if any.
    pub adverse: Option<DecisionView>,
    /// Past due and unpaid now.
    pub overdue_now: domain::Money,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub decision: LimitDecision,
    pub decided_at_local: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repayments {
    pub orders: Vec<Order>,
    pub today: NaiveDate,
}
