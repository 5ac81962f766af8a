//! Which pages carry islands, and so load the wasm at all.

/// The routes (as `App` declares them, `*` for a parameter) whose page holds an
/// `#[island]`. Every other page is complete as server-rendered HTML and links
/// no script, so a customer on mobile data spends nothing on wasm there. A new
/// island's page goes here, or its island never comes alive.
pub const PAGES_WITH_ISLANDS: &[&str] = &[
    // UploadWithProgress (app/src/pages/appeal_form.rs)
    "/decisions/*/appeal",
    // StaffAccounts (app/src/pages/staff/accounts.rs)
    "/admin/staff",
    // ApiTokens (app/src/pages/staff/tokens.rs)
    "/admin/tokens",
];

/// Whether the page at `path` (no query) holds an island.
pub fn has_islands(path: &str) -> bool {
    let path = match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    };
    PAGES_WITH_ISLANDS.iter().any(|pattern| {
        let (mut want, mut got) = (pattern.split('/'), path.split('/'));
        loop {
            match (want.next(), got.next()) {
                (None, None) => return true,
                (Some("*"), Some(segment)) if !segment.is_empty() => {}
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    })
}
