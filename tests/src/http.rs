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

/// The body of `GET path` as `client` sees it, whatever its status: the
/// callers assert on what the page says.
pub async fn get_page(server: &TestServer, client: &Client, path: &str) -> String {
    client
        .get(server.at(path))
        .send()
        .await
        .expect("GET request")
        .text()
        .await
        .expect("response body")
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

/// A client signed in to the staff console as `username`, with the demo
/// password and the tests' authenticator code for now.
pub async fn staff_client(server: &TestServer, username: &str) -> Client {
    let c = client();
    let code = server::staff_auth::totp_code(crate::TOTP_SECRET, chrono::Utc::now())
        .expect("a code for now");
    let r = c
        .post(server.at("/admin/auth/login"))
        .header("origin", &server.url)
        .form(&[
            ("username", username),
            ("password", crate::PASSWORD),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .expect("staff sign-in request");
    assert_eq!(location(&r), "/admin", "{username} signs in");
    c
}

/// A server function's answer, as its page reads it: the JSON body of a 200,
/// or the status otherwise.
pub async fn call(
    server: &TestServer,
    c: &Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Result<serde_json::Value, reqwest::StatusCode> {
    let r = c
        .post(server.at(&format!("/api/{endpoint}")))
        .header("origin", &server.url)
        .form(form)
        .send()
        .await
        .expect("server function request");
    if r.status() != reqwest::StatusCode::OK {
        return Err(r.status());
    }
    Ok(r.json().await.expect("a JSON answer"))
}

/// A JSON write to the API with a bearer token, sent as `kind`: the status
/// and the JSON answer (`null` if there is none).
pub async fn send_json(
    method: reqwest::Method,
    server: &TestServer,
    token: &str,
    path: &str,
    body: &str,
    kind: &str,
) -> (reqwest::StatusCode, serde_json::Value) {
    let r = client()
        .request(method, server.at(path))
        .bearer_auth(token)
        .header("content-type", kind)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

/// `PUT` with a JSON body sent as `kind`.
pub async fn put_json(
    server: &TestServer,
    token: &str,
    path: &str,
    body: &str,
    kind: &str,
) -> (reqwest::StatusCode, serde_json::Value) {
    send_json(reqwest::Method::PUT, server, token, path, body, kind).await
}

/// The signed-in customer appeals `decision` on its form (ground: paid but
/// not recorded); the new appeal's id.
pub async fn file_appeal(
    server: &TestServer,
    customer: &Client,
    decision: uuid::Uuid,
) -> uuid::Uuid {
    let form = reqwest::multipart::Form::new()
        .text("ground", "paid_not_recorded")
        .text(
            "statement",
            "我在 10 月 21 日已经还清了这一期，请恢复额度。",
        );
    let r = customer
        .post(server.at(&format!("/decisions/{decision}/appeal")))
        .header("origin", &server.url)
        .multipart(form)
        .send()
        .await
        .expect("appeal request");
    location(&r)
        .trim_start_matches("/appeals/")
        .parse()
        .expect("redirected to the new appeal")
}
