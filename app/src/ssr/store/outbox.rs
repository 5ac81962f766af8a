//! The feed of support's outcomes that the credit system reads, and the
//! tokens it reads (and writes) with.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::resolution::Outcome;
use domain::scope::Scope;
use domain::Lang;
use uuid::Uuid;

use super::{Actor, StoreResult};

/// What a feed event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// Support decided the appeal (the outcome says how).
    AppealDecided,
    /// The customer appealed a decision.
    AppealOpened,
    /// The appeal waited on the customer too long and closed.
    ClosedNoReply,
}

impl FeedKind {
    pub const ALL: [FeedKind; 3] = [
        FeedKind::AppealDecided,
        FeedKind::AppealOpened,
        FeedKind::ClosedNoReply,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::AppealDecided => "appeal_decided",
            FeedKind::AppealOpened => "appeal_opened",
            FeedKind::ClosedNoReply => "closed_no_reply",
        }
    }

    pub fn parse(s: &str) -> Option<FeedKind> {
        FeedKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One event of the feed, at its gap-free position `seq`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeEvent {
    pub seq: i64,
    /// Stable across reads, for the reader's de-duplication.
    pub id: Uuid,
    pub kind: FeedKind,
    pub account: Uuid,
    /// The credit system's id for the customer, once it has sent one.
    pub customer_external_id: Option<String>,
    /// The language the customer is written to in.
    pub customer_lang: Lang,
    pub appeal: Option<Uuid>,
    pub decision_external_id: Option<String>,
    /// Who decided: an id, never a name.
    pub staff: Option<Uuid>,
    pub outcome: Option<Outcome>,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct NewApiToken {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub token_hash: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
}

/// A token as lists show it: never the token, never its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// This token as the audit log names it.
    pub fn actor(&self) -> Actor {
        Actor {
            id: None,
            label: format!("api:{}", self.name),
        }
    }
}

impl std::fmt::Debug for NewApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiToken")
            .field("name", &self.name)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Up to `limit` events after position `after`, oldest first. Positions
    /// become visible in order: a reader never sees one before an earlier one.
    async fn outcome_events(&self, after: i64, limit: u32) -> StoreResult<Vec<OutcomeEvent>>;
}

#[async_trait]
pub trait ApiTokenStore: Send + Sync {
    /// `Conflict` if the name is taken.
    async fn create_api_token(&self, token: NewApiToken, actor: &Actor) -> StoreResult<ApiToken>;
    /// Every token, revoked ones too, by name.
    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>>;
    async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn touch_api_token(&self, token: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// `NotFound` unless a token of that name is live.
    async fn revoke_api_token(
        &self,
        name: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> StoreResult<ApiToken>;
}
