//! The `limitdesk` command line.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use app::model::Role;
use app::ssr::context::NewStaff;
use app::ssr::store::{CustomerRecord, NewAccount};
use app::ssr::{AppContext, StoreError};
use app::staff_accounts::Enrolment;
use clap::{Parser, Subcommand};
use domain::{LineStatus, Money};
use uuid::Uuid;

use crate::blobs::FsBlobStore;
use crate::config::{DbArgs, ServeArgs};
use crate::seed::{seed_demo, Seeded, CUSTOMERS, OTHER_CUSTOMERS, STAFF};
use crate::staff_accounts::StaffAccounts;
use crate::state::AppState;
use crate::{auth, password};

#[derive(Debug, Parser)]
#[command(
    name = "limitdesk",
    version,
    about = "LimitDesk: why a credit limit changed, and how to restore it."
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo world (customers 小张, 张三, 李四, 王五; staff agent, supervisor).
    SeedDemo {
        /// Password for every demo account; printed at random if not given.
        #[arg(long, env = "LIMITDESK_DEMO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Base32 TOTP secret for the demo staff (for tests); random if not given.
        #[arg(long)]
        totp_secret: Option<String>,
    },
    /// Fill the database with a synthetic population for load tests.
    SeedLoad {
        /// How many customers (load-000001 …), each with one adverse decision.
        #[arg(long)]
        customers: u32,
        /// How many appeals on their decisions, in every status; at most one per customer.
        #[arg(long)]
        appeals: u32,
        /// Password for every synthetic customer; printed at random if not given.
        #[arg(long, env = "LIMITDESK_DEMO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Print a new random key for LIMITDESK_SECRET_KEY (give every app server the same one).
    SecretKey,
    /// Manage the credit system's API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token; it is printed once, as the last line of standard output.
    Create {
        #[arg(long)]
        name: String,
        /// ingest, outcomes or portal; repeat for several.
        #[arg(long = "scope", required = true, value_parser = parse_scope)]
        scopes: Vec<domain::scope::Scope>,
    },
    /// List every token with its scopes and last use (never the token).
    List,
    /// Revoke a token: it is refused from now on.
    Revoke {
        #[arg(long)]
        name: String,
    },
}

fn parse_scope(s: &str) -> Result<domain::scope::Scope, String> {
    domain::scope::Scope::parse(s).ok_or_else(|| "expected ingest, outcomes or portal".to_owned())
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from the terminal, or from the
    /// first line of standard input when it is not a terminal, never from arguments.
    Add {
        #[arg(long)]
        username: String,
        /// customer, agent, supervisor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The name shown in the app; the username if not given.
        #[arg(long)]
        name: Option<String>,
    },
    /// Give a staff member a new authenticator secret (lost phone): prints the
    /// QR code and new recovery codes, and ends their sessions.
    ResetTotp {
        #[arg(long)]
        username: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "expected customer, agent, supervisor or admin".to_owned())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let clock = cli.db.clock();
    match cli.command.unwrap_or(Command::Serve(ServeArgs {
        addr: std::env::var("LIMITDESK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned()),
        secure_cookies: env_flag("LIMITDESK_SECURE_COOKIES"),
        trust_proxy: env_flag("LIMITDESK_TRUST_PROXY"),
        public_url: std::env::var("LIMITDESK_PUBLIC_URL").ok(),
        session_hours: std::env::var("LIMITDESK_SESSION_HOURS")
            .ok()
            .and_then(|h| h.parse().ok())
            .unwrap_or(12),
    })) {
        Command::Serve(args) => {
            if let Some(now) = cli.db.now {
                // Sessions never expire and lockouts never lift under a pinned
                // clock: fine for a demo or a test, never for real customers.
                tracing::warn!(%now, "the clock is pinned (LIMITDESK_NOW): for demos and tests only");
                eprintln!(
                    "warning: the clock is pinned at {now} (LIMITDESK_NOW); sessions will not \
                     expire and sign-in lockouts will not lift. For demos and tests only."
                );
            }
            let store = cli.db.open_store().await?;
            let mut leptos_options = leptos::config::get_configuration(None)?.leptos_options;
            let assets = crate::assets::Assets::load(&mut leptos_options);
            let state = AppState {
                leptos_options,
                assets,
                ctx: AppContext {
                    // Its links' origin is known once the listener is bound: `router::serve`
                    // replaces it then.
                    staff: Arc::new(StaffAccounts::new(store.clone(), "")),
                    tokens: Arc::new(crate::api::tokens::Tokens {
                        store: store.clone(),
                    }),
                    store,
                    clock,
                    secure_cookies: args.secure_cookies,
                },
                session_hours: args.session_hours.max(1),
                trust_proxy: args.trust_proxy,
                origins: match &args.public_url {
                    Some(url) => vec![crate::csrf::origin_of(url).ok_or_else(|| {
                        anyhow::anyhow!(
                            "LIMITDESK_PUBLIC_URL must look like https://host[:port], not {url:?}"
                        )
                    })?]
                    .into(),
                    // Known once the listener is bound (`router::serve`).
                    None => Arc::from(Vec::new()),
                },
                blobs: Arc::new(FsBlobStore::new(cli.db.data_dir.join("evidence"))?),
            };
            crate::router::serve(state, &args.addr).await
        }
        Command::Token(command) => token_command(&cli.db, command, clock.now()).await,
        Command::SecretKey => {
            println!("{}", crate::secrets::SecretKey::generate().to_text());
            Ok(())
        }
        Command::Migrate => {
            let store = cli.db.open_store().await?;
            println!("Migrations applied ({}).", store.backend());
            Ok(())
        }
        Command::SeedDemo {
            password,
            totp_secret,
        } => {
            let store = cli.db.open_store().await?;
            if store
                .credentials(crate::seed::CUSTOMERS[0])
                .await?
                .is_some()
            {
                println!("The demo world is already in this database; nothing changed.");
                return Ok(());
            }
            if let Some(secret) = &totp_secret {
                if data_encoding::BASE32_NOPAD
                    .decode(secret.trim_end_matches('=').as_bytes())
                    .is_err()
                {
                    anyhow::bail!("--totp-secret must be base32 (A–Z, 2–7)");
                }
            }
            let (password, generated) = match password {
                Some(p) => (p, false),
                None => (random_password(), true),
            };
            let hash = password::hash(&password)?;
            match seed_demo(store.as_ref(), clock, &hash, totp_secret.as_deref()).await? {
                Seeded::AlreadyPresent => {
                    println!("The demo world is already in this database; nothing changed.");
                }
                Seeded::Created { staff_totp } => {
                    println!("Demo world created ({}).", store.backend());
                    println!("Customers: {}", CUSTOMERS.join(", "));
                    println!(
                        "           and {OTHER_CUSTOMERS} more with appeals in the console (they sign in by portal link)"
                    );
                    println!("Staff:     {}", STAFF.join(", "));
                    if generated {
                        println!("Password for every demo account: {password}");
                    } else {
                        println!("Every demo account uses the password you gave.");
                    }
                    for (user, secret) in staff_totp {
                        println!("TOTP secret for {user}: {secret}");
                        if let Some(c) = store.credentials(&user).await? {
                            let codes = crate::staff_auth::new_recovery_codes(
                                store.as_ref(),
                                c.account.id,
                                &auth::cli_actor("seed-demo"),
                                clock.now(),
                            )
                            .await?;
                            println!(
                                "Recovery codes for {user} (each works once): {}",
                                codes.join(" ")
                            );
                        }
                    }
                }
            }
            Ok(())
        }
        Command::SeedLoad {
            customers,
            appeals,
            password,
        } => {
            if appeals > customers {
                anyhow::bail!(
                    "--appeals ({appeals}) cannot exceed --customers ({customers}): \
                     each customer has one decision, and it takes at most one appeal"
                );
            }
            let store = cli.db.open_store().await?;
            let (password, generated) = match password {
                Some(p) => (p, false),
                None => (random_password(), true),
            };
            // One hash for every account: hashing 100,000 passwords would take hours.
            let hash = password::hash(&password)?;
            let staff: Vec<Uuid> = store
                .staff_accounts()
                .await?
                .into_iter()
                .filter(|a| matches!(a.role, Role::Agent | Role::Supervisor))
                .map(|a| a.id)
                .collect();
            let report = match crate::load::seed_load(
                store.as_ref(),
                clock,
                &hash,
                customers,
                appeals,
                &staff,
            )
            .await
            {
                Err(StoreError::Conflict(_)) => anyhow::bail!(
                    "this database already holds a synthetic population ({}); use a fresh one",
                    crate::load::username(1)
                ),
                other => other?,
            };
            println!(
                "Synthetic population created ({}): {} customers, {} appeals in {:.1} s.",
                store.backend(),
                report.customers,
                report.appeals,
                report.seconds
            );
            if generated {
                println!("Password for every synthetic customer: {password}");
            } else {
                println!("Every synthetic customer uses the password you gave.");
            }
            Ok(())
        }
        Command::User(UserCommand::Add {
            username,
            role,
            name,
        }) => {
            let username = app::staff_accounts::normalize_username(&username);
            app::staff_accounts::check_username(&username)
                .map_err(|r| anyhow::anyhow!(r.message(app::i18n::Lang::En)))?;
            let password = read_password()?;
            let store = cli.db.open_store().await?;
            let now = clock.now();
            let actor = auth::cli_actor("user-add");
            let display_name = name.unwrap_or_else(|| username.clone());
            if role.is_staff() {
                let staff = NewStaff {
                    username: username.clone(),
                    display_name,
                    role,
                };
                let enrolment = StaffAccounts::new(store, "")
                    .add_directly(staff, password, &actor, now)
                    .await?
                    .map_err(|r| anyhow::anyhow!(r.message(app::i18n::Lang::En)))?;
                println!("Created {} account {username}.", role.as_str());
                print_enrolment(&enrolment);
                return Ok(());
            }
            // A customer always has a credit line; until the credit system sets one it is zero.
            let account = NewAccount {
                id: Uuid::now_v7(),
                display_name,
                username: username.clone(),
                role,
                password_hash: password::hash(&password)?,
                totp_secret: None,
                id_number_masked: None,
                phone_masked: None,
                identity_verified_until: None,
                created_at: now,
            };
            let result = store
                .import_customer(
                    CustomerRecord {
                        account,
                        limit: Money::ZERO,
                        status: LineStatus::Active,
                        decisions: Vec::new(),
                        orders: Vec::new(),
                        events: Vec::new(),
                    },
                    &actor,
                )
                .await;
            match result {
                Err(StoreError::Conflict(_)) => anyhow::bail!("the username {username} is taken"),
                other => other?,
            }
            println!("Created {} account {username}.", role.as_str());
            Ok(())
        }
        Command::User(UserCommand::ResetTotp { username }) => {
            let store = cli.db.open_store().await?;
            let Some(c) = store.credentials(username.trim()).await? else {
                anyhow::bail!("no account {username}");
            };
            let enrolment = StaffAccounts::new(store, "")
                .reset_directly(
                    c.account.id,
                    &auth::cli_actor("user-reset-totp"),
                    clock.now(),
                )
                .await?
                .map_err(|r| anyhow::anyhow!(r.message(app::i18n::Lang::En)))?;
            print_enrolment(&enrolment);
            Ok(())
        }
    }
}

async fn token_command(
    db: &DbArgs,
    command: TokenCommand,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let store = db.open_store().await?;
    match command {
        TokenCommand::Create { name, scopes } => {
            let actor = auth::cli_actor("token-create");
            let (token, secret) =
                crate::api::tokens::create(store.as_ref(), &name, &scopes, &actor, now)
                    .await?
                    .map_err(|refusal| anyhow::anyhow!(refusal))?;
            println!(
                "Created token {} ({}). It is shown this once; keep it in the credit system's secret store:",
                token.name,
                domain::scope::Scope::join(&token.scopes)
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            for t in store.api_tokens().await? {
                let last = t
                    .last_used_at
                    .map_or("never used".to_owned(), |at| format!("last used {at}"));
                let state = t
                    .revoked_at
                    .map_or("live".to_owned(), |at| format!("revoked {at}"));
                println!(
                    "{}\t{}…\t{}\t{}\t{}",
                    t.name,
                    t.prefix,
                    domain::scope::Scope::join(&t.scopes),
                    last,
                    state
                );
            }
        }
        TokenCommand::Revoke { name } => {
            match store
                .revoke_api_token(&name, &auth::cli_actor("token-revoke"), now)
                .await
            {
                Ok(t) => println!("Revoked token {}.", t.name),
                Err(StoreError::NotFound) => anyhow::bail!("no live token named {name}"),
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

/// What a new staff member needs: the QR code for their authenticator app (and
/// the secret, for typing in), and recovery codes, each shown this once.
fn print_enrolment(e: &Enrolment) {
    if let Some(url) = crate::staff_auth::otpauth_url(&e.secret, &e.username) {
        println!(
            "Scan this with an authenticator app (or enter the secret {}):",
            e.secret
        );
        if let Some(qr) = crate::staff_auth::qr_for_terminal(&url) {
            println!("{qr}");
        }
        println!("{url}");
    }
    println!("Recovery codes (each works once; keep them somewhere safe):");
    for code in &e.recovery_codes {
        println!("  {code}");
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "yes"))
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat it: ")?;
        if first != second {
            anyhow::bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

/// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
