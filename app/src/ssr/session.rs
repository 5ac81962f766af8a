//! Who is asking: the session cookie, resolved against the store.

use base64::Engine;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::use_context;
use sha2::{Digest, Sha256};

use super::app_context;
use super::store::Account;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::Role;

pub const SESSION_COOKIE: &str = "ld_session";
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
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_owned())
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
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let ctx = app_context()?;
    Ok(ctx
        .store
        .session_account(&token_hash(&token), ctx.clock.now())
        .await?)
}

/// The signed-in customer, or `NotSignedIn`. Staff sessions do not count: staff
/// have their own console and never act as a customer.
pub async fn require_customer() -> Result<Account, AppError> {
    match current_account().await? {
        Some(account) if account.role == Role::Customer => Ok(account),
        _ => Err(AppError::NotSignedIn),
    }
}

/// The signed-in staff member, or `NotSignedIn`. Customer sessions never count.
pub async fn require_staff() -> Result<Account, AppError> {
    match current_account().await? {
        Some(account) if account.role.is_staff() => Ok(account),
        _ => Err(AppError::NotSignedIn),
    }
}
