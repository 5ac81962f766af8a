//! A plain HTTP client for tests: cookies kept, redirects not followed, so
//! every test sees exactly what the server answered.

use reqwest::redirect::Policy;
use reqwest::Client;

use crate::TestServer;

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// The `Location` of a redirect, or "".
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Posts the sign-in form as a browser on the same site would.
pub async fn sign_in(
    server: &TestServer,
    client: &Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(server.at("/auth/login"))
        .header("origin", &server.url)
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .expect("sign-in request")
}
