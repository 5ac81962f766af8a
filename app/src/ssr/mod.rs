//! Server-only parts of the app: the storage contract that `server` implements,
//! the clock, and the session lookup server functions use to know who is asking.

pub mod clock;
pub mod context;
pub mod session;
pub mod store;

pub use clock::Clock;
pub use context::{app_context, AppContext};
pub use store::{Store, StoreError};
