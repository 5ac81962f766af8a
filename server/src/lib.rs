//! LimitDesk's server: configuration, the HTTP router, sign-in, the stores and
//! the command-line tasks. `main.rs` only dispatches.

pub mod api;
pub mod appeals;
pub mod assets;
pub mod auth;
pub mod blobs;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod jobs;
pub mod load;
pub mod password;
pub mod review;
pub mod roles;
pub mod router;
pub mod secrets;
pub mod seed;
pub mod staff_accounts;
pub mod staff_auth;
pub mod state;
pub mod store;
