//! The demo world (README, "Two commands on a fresh machine"), dated relative
//! to the day it is seeded so the story never ages out of the appeal window.
//!
//! It is built the way an integration builds it: the credit system's data
//! goes through the ingest API's parsing, validation and store
//! (`api::batch::apply`), arriving when the credit system would have sent
//! it; the appeals go through the store calls and `domain` rules the pages
//! use. Only the sign-in of the four demo customers and the staff accounts
//! are set up directly.

mod casework;
mod customers;
mod world;

use app::model::Role;
use app::ssr::store::{Actor, NewAccount};
use app::ssr::{Clock, Store, StoreError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::api::batch::{self, Operation};
use crate::staff_auth::random_totp_secret;
use world::World;

pub const CUSTOMERS: [&str; 4] = ["xiaozhang", "zhangsan", "lisi", "wangwu"];
pub const STAFF: [&str; 2] = ["agent", "supervisor"];
/// The other customers, whose appeals fill the console (portal sign-in only).
pub const OTHER_CUSTOMERS: usize = 7;

#[derive(Debug)]
pub enum Seeded {
    Created { staff_totp: Vec<(String, String)> },
    AlreadyPresent,
}

/// Creates the demo world unless it is already there. Every account with a
/// password gets `password_hash`; staff get `totp_secret` or a fresh random
/// one each.
pub async fn seed_demo(
    store: &dyn Store,
    clock: Clock,
    password_hash: &str,
    totp_secret: Option<&str>,
) -> Result<Seeded, StoreError> {
    if store.credentials(CUSTOMERS[0]).await?.is_some() {
        return Ok(Seeded::AlreadyPresent);
    }
    let world = World::new(clock);
    let system = Actor::system("seed-demo");
    // Staff first: they worked the older appeals.
    let joined = world.at(-60);
    let mut staff = Vec::new();
    let mut staff_totp = Vec::new();
    for (username, name, role) in [
        ("agent", "客服 小刘", Role::Agent),
        ("supervisor", "主管 老陈", Role::Supervisor),
    ] {
        let secret = totp_secret
            .map(str::to_owned)
            .unwrap_or_else(random_totp_secret);
        let account = NewAccount {
            id: Uuid::now_v7(),
            username: username.to_owned(),
            display_name: name.to_owned(),
            role,
            password_hash: password_hash.to_owned(),
            totp_secret: Some(secret.clone()),
            id_number_masked: None,
            phone_masked: None,
            identity_verified_until: None,
            created_at: joined,
        };
        staff.push(store.create_account(account, &system).await?);
        staff_totp.push((username.to_owned(), secret));
    }
    let Some(agent) = staff.into_iter().next() else {
        return Err(StoreError::Corrupt("demo world: no staff".into()));
    };
    casework::Desk {
        store,
        world: &world,
        agent,
        system: system.clone(),
    }
    .play()
    .await?;
    // The four of PRODUCT.md arrive in the backfill that switches LimitDesk
    // on, and sign in by password as well.
    send(store, &system, world.now, customers::backfill(&world)).await?;
    for (external, username) in customers::SIGN_IN {
        let account = store
            .customer_by_external_id(external)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("demo world: no customer {external}")))?;
        store
            .set_customer_sign_in(account, username, password_hash, world.now, &system)
            .await?;
    }
    Ok(Seeded::Created { staff_totp })
}

/// The credit system's writes arriving at `at`, through the batch endpoint's
/// code; any refusal is a defect of the demo world, named with its problem.
async fn send(
    store: &dyn Store,
    actor: &Actor,
    at: DateTime<Utc>,
    operations: Vec<Operation>,
) -> Result<(), StoreError> {
    let today = app::ssr::clock::local_date(at);
    let ids: Vec<String> = operations.iter().map(|op| op.id.clone()).collect();
    for answer in batch::apply(store, operations, actor, at, today).await? {
        if let Some(problem) = answer.problem {
            let id = ids.get(answer.index).map_or("?", String::as_str);
            let fields: Vec<String> = problem
                .errors
                .iter()
                .map(|e| format!("{} {}", e.pointer.as_deref().unwrap_or(""), e.detail))
                .collect();
            return Err(StoreError::Corrupt(format!(
                "demo world: `{id}` refused: {} {}",
                problem.detail,
                fields.join("; ")
            )));
        }
    }
    Ok(())
}
