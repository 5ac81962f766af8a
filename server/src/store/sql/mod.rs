//! The store's SQL, written once for both databases.
//!
//! Everything here is SQL both SQLite and PostgreSQL accept (`$n` parameters,
//! `ON CONFLICT`, `CAST(… AS BIGINT)`). `sqlite.rs` and `postgres.rs` each
//! include this directory as their own module, with their own `Db` and
//! `Backend`, so the same code is compiled and type-checked once per driver
//! (SQLx's generic-over-database bounds would be heavier, and `sqlx::Any` has no
//! Uuid or chrono types). Multi-row changes run in one transaction that also
//! writes the audit log.

mod accounts;
mod appeals;
mod audit;
mod cases;
mod customers;
mod factors;
mod import;
mod login_limits;
mod outbox;
mod rows;
mod sessions;

use super::{Backend, Db};

type Tx = sqlx::Transaction<'static, Db>;
