//! Server functions: who is asking → one store call → a page model.

pub mod appeal;
pub mod customer;
pub mod staff;
pub mod staff_accounts;
