//! The API reference as a plain HTML page, drawn from the OpenAPI document at
//! start: no script and no CDN, so it reads offline and under the strict CSP.

use serde_json::Value;
use utoipa::openapi::OpenApi as Document;

use super::problem::ProblemKind;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The page, in English (the integrators' language; the customers' pages are zh-CN first).
pub fn reference_page(document: &Document, stylesheet: &str) -> String {
    let doc = serde_json::to_value(document).unwrap_or(Value::Null);
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>LimitDesk API reference</title>\
         <link rel=\"stylesheet\" href=\"",
    );
    html.push_str(&escape(stylesheet));
    html.push_str("\"></head><body><main class=\"container api-docs\">");
    let info = &doc["info"];
    html.push_str(&format!(
        "<h1>{} <small>v{}</small></h1><p>{}</p>\
         <p>The machine-readable document: <a href=\"/api/v1/openapi.json\"><code>/api/v1/openapi.json</code></a> (OpenAPI {}).</p>",
        escape(text(info, "title")),
        escape(text(info, "version")),
        escape(text(info, "description")),
        escape(text(&doc, "openapi")),
    ));
    html.push_str("<h2>Endpoints</h2>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            let Some(methods) = item.as_object() else {
                continue;
            };
            for (method, op) in methods {
                html.push_str(&format!(
                    "<section class=\"card\"><h3><code>{} {}</code></h3><p>{}</p>",
                    escape(&method.to_uppercase()),
                    escape(path),
                    escape(text(op, "description")),
                ));
                if let Some(security) = op["security"].as_array() {
                    let scopes: Vec<String> = security
                        .iter()
                        .filter_map(|s| s["bearer"].as_array())
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|s| format!("<code>{}</code>", escape(s)))
                        .collect();
                    if !scopes.is_empty() {
                        html.push_str(&format!("<p>Token scope: {}</p>", scopes.join(", ")));
                    }
                }
                if let Some(params) = op["parameters"].as_array() {
                    html.push_str("<table class=\"table\"><thead><tr><th scope=\"col\">parameter</th><th scope=\"col\">in</th><th scope=\"col\">meaning</th></tr></thead><tbody>");
                    for p in params {
                        html.push_str(&format!(
                            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                            escape(text(p, "name")),
                            escape(text(p, "in")),
                            escape(text(p, "description")),
                        ));
                    }
                    html.push_str("</tbody></table>");
                }
                if let Some(responses) = op["responses"].as_object() {
                    html.push_str("<ul>");
                    for (status, r) in responses {
                        html.push_str(&format!(
                            "<li><code>{}</code> {}</li>",
                            escape(status),
                            escape(text(r, "description"))
                        ));
                    }
                    html.push_str("</ul>");
                }
                html.push_str("</section>");
            }
        }
    }
    html.push_str("<h2>Problems</h2><p>Every error is <code>application/problem+json</code> (RFC 9457); nothing is stored on any error.</p>");
    for kind in ProblemKind::ALL {
        html.push_str(&format!(
            "<section class=\"card\" id=\"problem-{}\"><h3>{} <code>{}</code></h3><p>{}</p></section>",
            kind.slug(),
            kind.status().as_u16(),
            kind.slug(),
            escape(&format!("{}. {}", kind.title(), kind.advice())),
        ));
    }
    html.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            html.push_str(&format!(
                "<section class=\"card\" id=\"schema-{0}\"><h3>{0}</h3><pre>{1}</pre></section>",
                escape(name),
                escape(&serde_json::to_string_pretty(schema).unwrap_or_default()),
            ));
        }
    }
    html.push_str("</main></body></html>");
    html
}
