//! Server functions: who is asking → one store call → a page model.
//!
//! Their errors are logged at `warn`: most are a visitor not signed in or not
//! allowed, and an internal failure is logged at `error` with its cause where it
//! becomes `AppError::Internal`.

pub mod api_tokens;
pub mod appeal;
pub mod customer;
pub mod staff;
pub mod staff_accounts;
