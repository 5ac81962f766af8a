//! The sign-in steps browser tests share: each waits for the page it leads to.

use crate::{Browser, TestServer, PASSWORD, TOTP_SECRET};

/// Signs in through the customers' form and waits for the page it leads to.
pub async fn sign_in(b: &Browser, server: &TestServer, username: &str, password: &str) {
    b.open(&server.at("/login")).await;
    b.fill(&[("#username", username), ("#password", password)])
        .await;
    b.submit("form.form button[type=submit]").await;
}

/// Signs a demo staff member in with the tests' password and authenticator.
pub async fn staff_sign_in(b: &Browser, server: &TestServer, username: &str) {
    staff_sign_in_with(b, server, username, PASSWORD, TOTP_SECRET).await;
}

/// The staff sign-in form with the code an authenticator holding `secret` shows now.
pub async fn staff_sign_in_with(
    b: &Browser,
    server: &TestServer,
    username: &str,
    password: &str,
    secret: &str,
) {
    b.open(&server.at("/admin/login")).await;
    let code = server::staff_auth::totp_code(secret, chrono::Utc::now()).expect("a TOTP code");
    b.fill(&[
        ("#username", username),
        ("#password", password),
        ("#code", code.as_str()),
    ])
    .await;
    b.submit("form.form button[type=submit]").await;
    b.wait("[data-testid=staff-who]").await;
}
