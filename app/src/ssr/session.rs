//! Who is asking: the session cookie, resolved against the store.

use base64::Engine;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::use_context;
use sha2::{Digest, Sha256};

use super::once::RequestOnce;
use super::store::Account;
use super::{app_context, AppContext};
use crate::error::AppError;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "ld_session";
/// The session cookie's name behind HTTPS: browsers accept a `__Host-` cookie
/// only if it is Secure, for this host alone and the whole site, so no
/// subdomain or plain-HTTP page can plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-ld_session";

/// The session cookie's name for this deployment.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}
pub const LANG_COOKIE: &str = "ld_lang";

/// The store keeps SHA-256 of the token, so a copy of the sessions table
/// cannot be replayed as cookies.
pub fn token_hash(token: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// The value of cookie `name` in the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value_trimmed().to_owned())
}

/// The language for this request: the cookie, else zh-CN.
pub fn request_lang() -> Lang {
    use_context::<Parts>()
        .and_then(|parts| cookie(&parts.headers, LANG_COOKIE))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// The account behind the request's session cookie, if it is valid now.
pub async fn current_account() -> Result<Option<Account>, AppError> {
    let Some(parts) = use_context::<Parts>() else {
        return Ok(None);
    };
    let ctx = app_context()?;
    match use_context::<RequestOnce>() {
        Some(once) => once.account(&ctx, &parts.headers).await,
        None => session_account(&ctx, &parts.headers).await,
    }
}

/// Whether this request's session gave its second factor recently enough
/// that a four-eyes step needs no code.
pub async fn factor_is_fresh(ctx: &AppContext) -> Result<bool, AppError> {
    let Some(parts) = use_context::<Parts>() else {
        return Ok(false);
    };
    let at = match use_context::<RequestOnce>() {
        Some(once) => once.factor_at(ctx, &parts.headers).await?,
        None => match current_session_hash(ctx) {
            Some(hash) => ctx.store.session_factor_at(&hash).await?,
            None => None,
        },
    };
    Ok(domain::casework::factor_is_fresh(at, ctx.clock.now()))
}

/// The stored hash of this request's session token, if it has one.
fn current_session_hash(ctx: &AppContext) -> Option<String> {
    let parts = use_context::<Parts>()?;
    cookie(&parts.headers, session_cookie_name(ctx.secure_cookies)).map(|t| token_hash(&t))
}

/// The account behind a session cookie in `headers`, if it is valid now.
pub async fn session_account(
    ctx: &AppContext,
    headers: &HeaderMap,
) -> Result<Option<Account>, AppError> {
    let Some(token) = cookie(headers, session_cookie_name(ctx.secure_cookies)) else {
        return Ok(None);
    };
    Ok(ctx
        .store
        .session_account(&token_hash(&token), ctx.clock.now())
        .await?)
}
