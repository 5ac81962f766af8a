//! Customer sign-in, sign-out and the language preference: plain form posts that
//! answer with a redirect, so they work with or without the wasm.

use std::net::SocketAddr;

use app::login_form::SignInRefusal;
use app::ssr::session::{session_cookie_name, token_hash, LANG_COOKIE};
use app::ssr::store::{Actor, FailureScope, LoginLimit};
use app::ssr::{AppContext, Store};
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::Engine;
use chrono::Duration;
use domain::Lang;
use rand::RngCore;
use serde::Deserialize;

use crate::error::HandlerResult;
use crate::password;
use crate::state::AppState;

/// Failed attempts per account within the window before sign-in is refused.
pub const ACCOUNT_MAX_FAILURES: u32 = 5;
/// Failed attempts per client address within the window (many accounts, one attacker).
pub const ADDRESS_MAX_FAILURES: u32 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
const MAX_USERNAME: usize = 64;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[tracing::instrument(skip_all, fields(username = %form.username.trim()))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> HandlerResult {
    let username = form.username.trim().to_owned();
    let address = client_address(&headers, peer, state.trust_proxy);
    match sign_in(&state.ctx, &username, &form.password, &address, false).await {
        Ok(verified) => {
            signed_in(
                state.ctx.store.as_ref(),
                &verified,
                &address,
                state.ctx.clock.now(),
            )
            .await?;
            start_session(&state, jar, verified.account.id, false, "/").await
        }
        Err(Err(e)) => Err(e.into()),
        Err(Ok(refusal)) => Ok(refuse("/login", refusal, &username)),
    }
}

/// Sends the visitor back to a sign-in page with why, keeping the username.
pub(crate) fn refuse(page: &str, refusal: SignInRefusal, username: &str) -> Response {
    let code = refusal.code();
    tracing::info!(reason = code, "sign-in refused");
    let mut query = vec![("error", code.as_str())];
    if !username.is_empty() && username.chars().count() <= MAX_USERNAME {
        query.push(("username", username));
    }
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    Redirect::to(&format!("{page}?{query}")).into_response()
}

/// A new session for the account: a fresh id at every sign-in, and the session
/// the browser came with (if any) ends. `second_factor`: the sign-in included
/// one, which four-eyes approvals count for a while.
pub(crate) async fn start_session(
    state: &AppState,
    jar: CookieJar,
    account: uuid::Uuid,
    second_factor: bool,
    to: &str,
) -> HandlerResult {
    if let Some(old) = jar.get(session_cookie_name(state.ctx.secure_cookies)) {
        if let Err(e) = state
            .ctx
            .store
            .delete_session(&token_hash(old.value()))
            .await
        {
            tracing::warn!(error = %e, "could not end the previous session");
        }
    }
    let token = new_token();
    let now = state.ctx.clock.now();
    let expires = now + Duration::hours(i64::from(state.session_hours));
    state
        .ctx
        .store
        .create_session(&token_hash(&token), account, now, expires)
        .await?;
    if second_factor {
        state
            .ctx
            .store
            .set_session_factor(&token_hash(&token), now)
            .await?;
    }
    tracing::info!("signed in");
    let max_age = i64::from(state.session_hours) * 3600;
    let cookie = session_cookie(token, max_age, state.ctx.secure_cookies);
    Ok((jar.add(cookie), Redirect::to(to)).into_response())
}

/// A password accepted, and the attempts it reserved against the limits: the
/// caller gives them back with [`signed_in`] once every factor has passed.
pub(crate) struct Verified {
    pub account: app::ssr::store::Account,
    attempts: Vec<i64>,
    account_key: String,
}

/// Reserves an attempt against the account's and the address's limits, then
/// checks the password; `Err(Ok(_))` is a refusal to show the person,
/// `Err(Err(_))` a failure of ours. A refused attempt stays counted.
pub(crate) async fn sign_in(
    ctx: &AppContext,
    username: &str,
    password: &str,
    address: &str,
    staff: bool,
) -> Result<Verified, Result<SignInRefusal, app::ssr::StoreError>> {
    if username.is_empty() || password.is_empty() {
        return Err(Ok(SignInRefusal::Missing));
    }
    let store = &ctx.store;
    let now = ctx.clock.now();
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let account_key = username.to_lowercase();
    let limits = [
        LoginLimit {
            scope: FailureScope::Account,
            key: &account_key,
            max: ACCOUNT_MAX_FAILURES,
        },
        LoginLimit {
            scope: FailureScope::Address,
            key: address,
            max: ADDRESS_MAX_FAILURES,
        },
    ];
    let Some(attempts) = store
        .reserve_login_attempt(&limits, since, now)
        .await
        .map_err(Err)?
    else {
        sign_in_failed(ctx, &account_key, address, staff, "rate_limited").await;
        return Err(Ok(SignInRefusal::RateLimited));
    };

    let credentials = if username.chars().count() <= MAX_USERNAME {
        store.credentials(username).await.map_err(Err)?
    } else {
        None
    };
    let stored_hash = credentials
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_owned());
    let matches = password::verify_bounded(password.to_owned(), stored_hash).await;
    // Staff sign in through their own console, with a second factor; customers
    // through theirs. Either page refuses the other kind of account.
    match credentials {
        Some(c) if matches && c.account.role.is_staff() == staff => Ok(Verified {
            account: c.account,
            attempts,
            account_key,
        }),
        _ => {
            sign_in_failed(ctx, &account_key, address, staff, "credentials").await;
            Err(Ok(SignInRefusal::Credentials))
        }
    }
}

/// A refused sign-in, for the access log supervisors read. A failure to
/// write it is logged, not shown: the person was refused either way.
pub(crate) async fn sign_in_failed(
    ctx: &AppContext,
    account_key: &str,
    address: &str,
    staff: bool,
    why: &str,
) {
    let detail = serde_json::json!({ "address": address, "console": if staff { "staff" } else { "customer" }, "why": why });
    if let Err(e) = ctx
        .store
        .record_event(
            &Actor::system("sign-in"),
            "sign_in.failed",
            ("username", account_key.to_owned()),
            Some(detail),
            ctx.clock.now(),
        )
        .await
    {
        tracing::warn!(error = %e, "could not log a failed sign-in");
    }
}

/// Every factor passed: the reserved attempts are given back and the
/// account's earlier failures forgotten (the address's stay counted).
pub(crate) async fn signed_in(
    store: &dyn Store,
    verified: &Verified,
    address: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), app::ssr::StoreError> {
    store
        .record_event(
            &verified.account.actor(),
            "sign_in.succeeded",
            ("account", verified.account.id.to_string()),
            Some(serde_json::json!({ "address": address })),
            at,
        )
        .await?;
    store.release_login_attempts(&verified.attempts).await?;
    store
        .clear_login_failures(FailureScope::Account, &verified.account_key)
        .await
}

/// `GET /portal/{token}`: a customer arriving from the credit product's app
/// with a one-time link (`POST /api/v1/customers/{id}/portal-sessions`).
/// A good link signs them in, once; a used, expired or unknown one gives the
/// sign-in page saying so, never a session.
#[tracing::instrument(skip_all)]
pub async fn portal(
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
    jar: CookieJar,
) -> HandlerResult {
    let now = state.ctx.clock.now();
    match state
        .ctx
        .store
        .use_portal_session(&token_hash(&token), now)
        .await?
    {
        Some(link) => {
            tracing::info!(account = %link.account, "signed in through a portal link");
            let to = link
                .decision
                .map_or_else(|| "/".to_owned(), |d| format!("/decisions/{d}"));
            start_session(&state, jar, link.account, false, &to).await
        }
        None => Ok(Redirect::to("/login?reason=link").into_response()),
    }
}

pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> HandlerResult {
    let mut to = "/login?signed_out=1";
    if let Some(token) = jar.get(session_cookie_name(state.ctx.secure_cookies)) {
        let hash = token_hash(token.value());
        // Staff go back to their own sign-in page.
        if let Ok(Some(account)) = state
            .ctx
            .store
            .session_account(&hash, state.ctx.clock.now())
            .await
        {
            if account.role.is_staff() {
                to = "/admin/login?signed_out=1";
            }
        }
        state.ctx.store.delete_session(&hash).await?;
    }
    let ended = session_cookie(String::new(), 0, state.ctx.secure_cookies);
    Ok((jar.remove(ended), Redirect::to(to)).into_response())
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    next: String,
}

pub async fn set_lang(
    State(state): State<AppState>,
    jar: CookieJar,
    Form(form): Form<LangForm>,
) -> Response {
    let lang = Lang::from_tag(&form.lang).unwrap_or_default();
    let next = safe_next(&form.next);
    let cookie = Cookie::build((LANG_COOKIE, lang.tag()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.ctx.secure_cookies);
    (jar.add(cookie), Redirect::to(next)).into_response()
}

/// Only same-site paths: `/history` yes; `//evil.example`, `https://…`, and
/// anything with a backslash, whitespace or a control character no (browsers
/// drop tabs and newlines from a `Location`, so `/\t/evil.example` would
/// become `//evil.example`).
fn safe_next(next: &str) -> &str {
    let plain = next
        .chars()
        .all(|c| !c.is_control() && !c.is_whitespace() && c != '\\');
    if plain && next.starts_with('/') && !next.starts_with("//") {
        next
    } else {
        "/"
    }
}

/// The session cookie: script cannot read it, and other sites' requests do
/// not carry it on anything but a top-level navigation.
pub(crate) fn session_cookie(token: String, max_age_seconds: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((session_cookie_name(secure), token))
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_seconds))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// 256 random bits, URL-safe.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The client's address: the peer, or behind a trusted proxy the address it appended.
pub(crate) fn client_address(headers: &HeaderMap, peer: SocketAddr, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            return forwarded.to_owned();
        }
    }
    peer.ip().to_string()
}

/// Makes sure a new account's actor label names who created it.
pub fn cli_actor(what: &str) -> Actor {
    Actor {
        id: None,
        label: format!("cli:{what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next("/history"), "/history");
        assert_eq!(safe_next("//evil.example/x"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/decisions/1?tab=a"), "/decisions/1?tab=a");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn session_cookie_is_http_only_and_same_site() {
        let c = session_cookie("abc".to_owned(), 60, true).to_string();
        // Behind HTTPS: a `__Host-` cookie, which browsers take only if Secure,
        // host-only and for the whole site.
        assert!(
            c.starts_with("__Host-ld_session=abc") && c.contains("Path=/"),
            "{c}"
        );
        assert!(!c.contains("Domain"), "{c}");
        assert!(session_cookie("abc".to_owned(), 60, false)
            .to_string()
            .starts_with("ld_session=abc"));
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!session_cookie("abc".to_owned(), 60, false)
            .to_string()
            .contains("Secure"));
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
    }
}
