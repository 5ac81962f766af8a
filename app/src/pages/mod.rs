pub mod decision;
pub mod help;
pub mod history;
pub mod login;
pub mod not_found;
pub mod overview;
pub mod repayments;
