//! Who someone is to LimitDesk: a customer, or staff with one role.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Customer,
    /// Works appeals.
    Agent,
    /// Works appeals and approves the sensitive decisions (four-eyes).
    Supervisor,
    /// Manages staff accounts; works no cases.
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

    /// Supervisors watch the decisions; admins answer for the accounts.
    pub fn may_browse_audit(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}
