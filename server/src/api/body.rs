//! Reading a JSON body the API's way: the right content type, at most 1 MB,
//! and any mistake named by a JSON pointer in a problem document.

use axum::body::Bytes;
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;

use super::problem::{ApiError, FieldProblem, ProblemKind};

/// The largest body any endpoint reads.
pub const MAX_BYTES: usize = 1024 * 1024;

/// `serde_path_to_error`'s path (`reasons[4].code`) as a JSON pointer (`/reasons/4/code`).
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => out.push('-'),
        }
    }
    out
}

pub fn invalid_field(pointer: &str, detail: impl Into<String>) -> ApiError {
    let detail = detail.into();
    ApiError::Problem(
        ProblemKind::Invalid,
        format!("`{pointer}` is not valid: {detail}"),
        vec![FieldProblem {
            pointer: Some(pointer.to_owned()),
            parameter: None,
            detail,
        }],
    )
}

/// Whether the JSON text escapes U+0000 somewhere (`\u0000` not itself
/// escaped). PostgreSQL can store NUL in neither text nor jsonb, so it is
/// refused at the edge on both databases rather than failing on one.
fn escapes_nul(json: &[u8]) -> bool {
    let needle = b"\\u0000";
    json.windows(needle.len()).enumerate().any(|(i, w)| {
        w == needle && json[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    })
}

fn nul_refused() -> ApiError {
    ApiError::new(
        ProblemKind::Invalid,
        "Text may not contain U+0000 (NUL) anywhere in the body.",
    )
}

/// The body as `T`, or a problem naming what is wrong with it.
pub fn json<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiError::new(
            ProblemKind::UnsupportedMediaType,
            "Send the body as `Content-Type: application/json`.",
        ));
    }
    if body.len() > MAX_BYTES {
        return Err(ApiError::new(
            ProblemKind::TooLarge,
            "The body is larger than 1 MB; for many records use the batch endpoint in parts.",
        ));
    }
    if escapes_nul(body) {
        return Err(nul_refused());
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => de.end().map(|()| value).map_err(|e| {
            ApiError::new(
                ProblemKind::Invalid,
                format!("The body is not one JSON document: {e}"),
            )
        }),
        Err(e) => {
            let path = e.path().clone();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                Err(ApiError::new(
                    ProblemKind::Invalid,
                    format!("The body is not valid JSON: {inner}"),
                ))
            } else {
                Err(invalid_field(&pointer(&path), inner.to_string()))
            }
        }
    }
}

/// One part of a body (a batch operation's `body`) as `T`, or a problem
/// naming the field by its pointer within that part.
pub fn value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().clone();
        invalid_field(&pointer(&path), e.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::escapes_nul;

    #[test]
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(escapes_nul(br#"{"a": "x\u0000y"}"#));
        assert!(
            escapes_nul(br#"{"a": "\\\u0000"}"#),
            "an escaped backslash, then NUL"
        );
        assert!(
            !escapes_nul(br#"{"a": "\\u0000"}"#),
            "a backslash, then the text u0000"
        );
        assert!(!escapes_nul(br#"{"a": "u0000"}"#));
    }
}
