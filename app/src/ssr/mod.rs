//! Server-only parts of the app: the storage contract that `server` implements,
//! the clock, the session lookup, the stylesheet's URL, what a request reads once, and the guards that say who may call what.

pub mod clock;
pub mod context;
pub mod guard;
pub mod headers;
pub mod once;
pub mod session;
pub mod store;
pub mod stylesheet;

pub use clock::Clock;
pub use context::{app_context, AppContext};
pub use guard::{require, Admin, AuditReader, CaseWorker, Customer, Guard, Staff};
pub use store::{Store, StoreError};
