//! Staff sign-in: the customer rules (argon2id, database sessions, rate limits)
//! plus a second factor, a time-based one-time code (RFC 6238) or a one-time
//! recovery code.

use std::net::SocketAddr;

use app::ssr::session::token_hash;
use app::ssr::store::{Actor, EnrolmentDone, Store};
use app::ssr::StoreError;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};
use uuid::Uuid;

use crate::auth::{client_address, refuse, sign_in, sign_in_failed, signed_in, start_session};
use crate::error::{HandlerError, HandlerResult};
use crate::password::{self, PasswordError};
use crate::state::AppState;
use app::login_form::{PasswordRefusal, SignInRefusal};
use app::ssr::Staff;
use app::staff_accounts::EnrolRefusal;

/// Codes one step either side of now are accepted (clock drift on phones).
const SKEW_STEPS: i64 = 1;
const STEP_SECONDS: i64 = 30;
pub const RECOVERY_CODES: usize = 10;

#[derive(Deserialize)]
pub struct StaffLoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

#[tracing::instrument(skip_all, fields(username = %form.username.trim()))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<StaffLoginForm>,
) -> HandlerResult {
    let username = form.username.trim().to_owned();
    let address = client_address(&headers, peer, state.trust_proxy);
    let verified = match sign_in(&state.ctx, &username, &form.password, &address, true).await {
        Ok(verified) => verified,
        Err(Ok(refusal)) => return Ok(refuse("/admin/login", refusal, &username)),
        Err(Err(e)) => return Err(e.into()),
    };
    // Real time, not the app's (possibly pinned) clock: the authenticator on the
    // phone knows only real time.
    let now = Utc::now();
    let store = state.ctx.store.as_ref();
    if second_factor(store, verified.account.id, form.code.trim(), now).await? {
        signed_in(store, &verified, &address, state.ctx.clock.now()).await?;
        start_session(&state, jar, verified.account.id, true, "/admin").await
    } else {
        // The same answer as a wrong password, so that a guess at the password
        // learns nothing from the reply; the reserved attempt stays counted.
        sign_in_failed(&state.ctx, &username.to_lowercase(), &address, true, "code").await;
        Ok(refuse(
            "/admin/login",
            SignInRefusal::Credentials,
            &username,
        ))
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /admin/auth/password`: a staff member changes their own password.
/// The current one is checked like a sign-in (the same limits), every session
/// of the account ends, and this browser goes on under a new one.
#[tracing::instrument(skip_all, fields(staff = %me.username))]
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Staff(me): Staff,
    Form(form): Form<PasswordForm>,
) -> HandlerResult {
    let refuse = |why: PasswordRefusal| -> HandlerResult {
        tracing::info!(reason = %why.code(), "password change refused");
        Err(HandlerError::Refused(format!(
            "/admin/password?error={}",
            why.code()
        )))
    };
    if form.new != form.repeat {
        return refuse(PasswordRefusal::Mismatch);
    }
    let address = client_address(&headers, peer, state.trust_proxy);
    let store = state.ctx.store.as_ref();
    match sign_in(&state.ctx, &me.username, &form.current, &address, true).await {
        Ok(verified) => signed_in(store, &verified, &address, state.ctx.clock.now()).await?,
        Err(Ok(SignInRefusal::RateLimited)) => return refuse(PasswordRefusal::RateLimited),
        Err(Ok(_)) => return refuse(PasswordRefusal::Current),
        Err(Err(e)) => return Err(e.into()),
    }
    let new = form.new;
    let hashed = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(HandlerError::internal)?;
    let hash = match hashed {
        Ok(hash) => hash,
        Err(PasswordError::TooShort) => return refuse(PasswordRefusal::TooShort),
        Err(PasswordError::TooLong) => return refuse(PasswordRefusal::TooLong),
        Err(e) => return Err(HandlerError::internal(e)),
    };
    // Ends every session of the account, this one included (audited)…
    store
        .set_password(me.id, &hash, state.ctx.clock.now(), &me.actor())
        .await?;
    // …so that only this browser goes on, under a new id.
    // No code was given here: the next approval asks for one.
    start_session(&state, jar, me.id, false, "/admin/password?done=1").await
}

#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    code: String,
}

/// `POST /admin/auth/enrol`: a new (or reset) staff member finishes their
/// enrolment link: their own password, and a code from the authenticator
/// the page showed, which proves the app holds it. Signs them in.
#[tracing::instrument(skip_all)]
pub async fn enrol(
    State(state): State<AppState>,
    jar: CookieJar,
    Form(form): Form<EnrolForm>,
) -> HandlerResult {
    // The token goes back into a URL: only its own alphabet.
    let token: String = form
        .token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect();
    let page = format!("/admin/enrol?token={token}");
    let refuse = |why: EnrolRefusal| -> HandlerResult {
        tracing::info!(reason = %why.code(), "enrolment refused");
        Err(HandlerError::Refused(format!(
            "{page}&error={}",
            why.code()
        )))
    };
    let store = state.ctx.store.as_ref();
    let now = state.ctx.clock.now();
    let hash = token_hash(&token);
    // A used, expired or unknown link: its page says which.
    let Ok(offer) = store.enrolment(&hash, now).await? else {
        return Err(HandlerError::Refused(page));
    };
    if form.password != form.repeat {
        return refuse(EnrolRefusal::Mismatch);
    }
    // Real time, as at sign-in: the phone's authenticator knows no other.
    let Some(step) = matching_step(&offer.totp_secret, form.code.trim(), Utc::now()) else {
        return refuse(EnrolRefusal::Code);
    };
    let new = form.password;
    let hashed = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(HandlerError::internal)?;
    let password_hash = match hashed {
        Ok(hash) => hash,
        Err(PasswordError::TooShort) => return refuse(EnrolRefusal::TooShort),
        Err(PasswordError::TooLong) => return refuse(EnrolRefusal::TooLong),
        Err(e) => return Err(HandlerError::internal(e)),
    };
    let done = EnrolmentDone {
        token_hash: hash,
        password_hash,
        totp_step: step,
        recovery_hashes: recovery_hashes(&offer.recovery_codes),
        at: now,
    };
    match store.complete_enrolment(done).await? {
        // Both factors were just given: a session that counts for approvals.
        Ok(account) => start_session(&state, jar, account.id, true, "/admin").await,
        // Someone used the link a moment ago: the page tells them.
        Err(_) => Err(HandlerError::Refused(page)),
    }
}

/// Whether the session has given a second factor recently enough for a
/// sensitive step (a four-eyes approval, a role grant:
/// `domain::casework::STEP_UP_MINUTES`), or `code` is a good one now, which
/// then counts for the session. A session left open cannot approve alone.
pub(crate) async fn step_up(
    state: &AppState,
    jar: &CookieJar,
    staff: &app::ssr::store::Account,
    code: &str,
) -> Result<bool, HandlerError> {
    let store = state.ctx.store.as_ref();
    let now = state.ctx.clock.now();
    let hash = jar
        .get(app::ssr::session::session_cookie_name(
            state.ctx.secure_cookies,
        ))
        .map(|c| token_hash(c.value()))
        .ok_or(HandlerError::NotFound)?;
    if domain::casework::factor_is_fresh(store.session_factor_at(&hash).await?, now) {
        return Ok(true);
    }
    let code = code.trim();
    // Real time for the code, as at sign-in: the authenticator knows no other.
    if code.is_empty() || !second_factor(store, staff.id, code, Utc::now()).await? {
        return Ok(false);
    }
    store.set_session_factor(&hash, now).await?;
    Ok(true)
}

/// A six-digit code from the authenticator, each time step good once; or one of
/// the account's unused recovery codes.
pub(crate) async fn second_factor(
    store: &dyn Store,
    account: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(totp) = store.totp(account).await? else {
        return Ok(false);
    };
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        let Some(step) = matching_step(&totp.secret, code, now) else {
            return Ok(false);
        };
        if totp.last_step.is_some_and(|last| step <= last) {
            return Ok(false);
        }
        return store.use_totp_step(account, step).await;
    }
    let normalized = normalize_recovery_code(code);
    if normalized.len() != 12 {
        return Ok(false);
    }
    store
        .use_recovery_code(account, &recovery_code_hash(&normalized), now)
        .await
}

fn totp_for(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECONDS as u64,
        bytes,
        Some("LimitDesk".to_owned()),
        "staff".to_owned(),
    )
    .ok()
}

/// The time step whose code is `code`, within the allowed skew.
pub(crate) fn matching_step(secret: &str, code: &str, now: DateTime<Utc>) -> Option<i64> {
    let totp = totp_for(secret)?;
    let current = now.timestamp().div_euclid(STEP_SECONDS);
    (-SKEW_STEPS..=SKEW_STEPS)
        .map(|offset| current + offset)
        .find(|step| {
            u64::try_from(step * STEP_SECONDS)
                .is_ok_and(|t| constant_time_eq(totp.generate(t).as_bytes(), code.as_bytes()))
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 160 random bits in base32, the usual size of a TOTP secret (RFC 4226).
pub fn random_totp_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

/// The code an authenticator shows at `at` (tests and the benchmark sign in with it).
pub fn totp_code(secret: &str, at: DateTime<Utc>) -> Option<String> {
    let totp = totp_for(secret)?;
    let step = at.timestamp().div_euclid(STEP_SECONDS);
    u64::try_from(step * STEP_SECONDS)
        .ok()
        .map(|t| totp.generate(t))
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(secret: &str, username: &str) -> Option<String> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECONDS as u64,
        bytes,
        Some("LimitDesk".to_owned()),
        username.replace(':', "_"),
    )
    .ok()
    .map(|t| t.get_url())
}

/// The QR code of `url` drawn with block characters, for a terminal.
pub fn qr_for_terminal(url: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

/// The QR code of `url` as an SVG image, for the enrolment page.
pub fn qr_svg(url: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// Recovery codes are typed by hand: case, dashes and spaces don't matter.
fn normalize_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Stored as SHA-256: the codes are random and long, so a fast hash suffices.
pub fn recovery_code_hash(normalized: &str) -> String {
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Ten fresh codes like `k7mq-2xrd-p9tb`, to show once.
pub fn generate_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..12)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
        })
        .collect()
}

/// What the store keeps of `codes`.
pub fn recovery_hashes(codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|c| recovery_code_hash(&normalize_recovery_code(c)))
        .collect()
}

/// Ten fresh codes replacing the account's old ones; their hashes are stored.
pub async fn new_recovery_codes(
    store: &dyn Store,
    account: Uuid,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    let codes = generate_recovery_codes();
    store
        .set_recovery_codes(account, &recovery_hashes(&codes), actor, at)
        .await?;
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn rfc6238_sha1_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) → 287082 (6).
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        let at = Utc.timestamp_opt(59, 0).single().unwrap();
        assert_eq!(totp_code(&secret, at).as_deref(), Some("287082"));
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 10).unwrap();
        let code = totp_code(SECRET, now).unwrap();
        let step = now.timestamp() / 30;
        assert_eq!(matching_step(SECRET, &code, now), Some(step));
        let later = now + chrono::Duration::seconds(30);
        assert_eq!(matching_step(SECRET, &code, later), Some(step));
        let much_later = now + chrono::Duration::seconds(120);
        assert_eq!(matching_step(SECRET, &code, much_later), None);
    }

    #[test]
    fn recovery_codes_ignore_case_and_dashes() {
        assert_eq!(normalize_recovery_code("K7MQ-2xrd p9tb"), "k7mq2xrdp9tb");
        assert_ne!(recovery_code_hash("a"), recovery_code_hash("b"));
    }

    #[test]
    fn the_enrolment_address_names_the_issuer() {
        let url = otpauth_url(SECRET, "agent").unwrap();
        assert!(url.starts_with("otpauth://totp/LimitDesk:agent?"), "{url}");
        assert!(qr_svg(&url).unwrap().contains("<svg"));
    }
}
