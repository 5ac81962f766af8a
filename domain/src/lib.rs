//! LimitDesk's domain: everything that decides what a customer is told and what
//! restores their limit. Pure code only (no I/O, no clock): callers pass "today",
//! so the customer's checklist on the server, in the browser and in tests agree.

pub mod appeal;
pub mod casework;
pub mod checklist;
pub mod credit_line;
pub mod decision;
#[cfg(test)]
mod fixtures;
pub mod identity;
pub mod lang;
pub mod money;
pub mod reason;
pub mod repayment;
pub mod resolution;
pub mod review;
pub mod role;
pub mod scope;
pub mod staffing;

pub use checklist::{restoration_checklist, ChecklistItem, CustomerState, Step, StepStatus};
pub use credit_line::{CreditLine, LineStatus};
pub use decision::{DecisionError, DecisionKind, LimitDecision, Reasons, MAX_REASONS};
pub use lang::Lang;
pub use money::{Money, MoneyError};
pub use reason::{Binding, IdentityProblem, OverdueItem, Reason, ReasonCode, SecurityEvent};
pub use repayment::{Installment, Order};
pub use role::Role;
