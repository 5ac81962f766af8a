//! The API fuzzed from its own OpenAPI document: Schemathesis generates
//! requests (valid and invalid) for every operation and checks that the real
//! binary never answers 5xx and that every answer (status, content type and
//! body) is one the document describes.
//!
//! `scripts/test` installs Schemathesis in a virtual environment and sets
//! `LIMITDESK_FUZZER` to its `st`; without it the test says so and skips,
//! unless `LIMITDESK_REQUIRE_FUZZER` is set.

use std::process::Command;

use limitdesk_tests::TestServer;

#[test]
fn the_api_answers_every_generated_request_as_its_document_says() {
    let Some(st) = std::env::var_os("LIMITDESK_FUZZER") else {
        assert!(
            std::env::var_os("LIMITDESK_REQUIRE_FUZZER").is_none(),
            "LIMITDESK_REQUIRE_FUZZER is set but LIMITDESK_FUZZER is not"
        );
        eprintln!("LIMITDESK_FUZZER not set: skipping the API fuzzer (scripts/test installs it)");
        return;
    };
    let server = TestServer::start();
    let token = server.api_token("fuzzer", &["ingest", "outcomes", "portal"]);
    let out = Command::new(st)
        .args([
            "--no-color",
            "run",
            &server.at("/api/v1/openapi.json"),
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "60",
            "--workers",
            "2",
            "--seed",
            "2026",
            "--generation-database",
            "none",
        ])
        .output()
        .expect("run schemathesis");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(out.status.success(), "the fuzzer found problems:\n{report}");
}
