//! What an API token may do: the credit system's three kinds of access.

use serde::{Deserialize, Serialize};

/// How long a portal sign-in link works: long enough to open it from the
/// app, too short to be worth forwarding.
pub const PORTAL_LINK_MINUTES: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Write the credit system's data: customers, lines, repayments, decisions.
    Ingest,
    /// Read the feed of support's outcomes.
    Outcomes,
    /// Sign customers in from the credit product's app.
    Portal,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Ingest, Scope::Outcomes, Scope::Portal];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Ingest => "ingest",
            Scope::Outcomes => "outcomes",
            Scope::Portal => "portal",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == s)
    }

    /// Scopes as stored: sorted, space-separated, each once.
    pub fn join(scopes: &[Scope]) -> String {
        let mut sorted = scopes.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The stored form back; `None` if any part is not a scope.
    pub fn split(text: &str) -> Option<Vec<Scope>> {
        text.split_whitespace().map(Scope::parse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_survive_their_stored_form() {
        let stored = Scope::join(&[Scope::Portal, Scope::Ingest, Scope::Portal]);
        assert_eq!(stored, "ingest portal");
        assert_eq!(
            Scope::split(&stored),
            Some(vec![Scope::Ingest, Scope::Portal])
        );
        assert_eq!(Scope::split("ingest admin"), None);
    }
}
