-- The credit system's API: its tokens, its ids for our customers, and the
-- feed of support's outcomes that replaces the outbox.

CREATE TABLE api_tokens (
    id           BLOB PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    -- The token's first characters, shown in lists to tell tokens apart.
    prefix       TEXT NOT NULL,
    -- SHA-256 of the whole token; the token itself is shown once, at creation.
    token_hash   TEXT NOT NULL UNIQUE,
    -- Space-separated: ingest, outcomes, portal.
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- The credit system's own id for a customer, and the language it writes to them in.
ALTER TABLE accounts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX accounts_by_external_id ON accounts (external_id);
ALTER TABLE accounts ADD COLUMN preferred_lang TEXT NOT NULL DEFAULT 'zh-CN' CHECK (preferred_lang IN ('zh-CN', 'en'));
-- The credit system's version of the customer: an older write arriving late is not applied.
ALTER TABLE accounts ADD COLUMN external_version BIGINT;

-- Feed positions are handed out by this one row, taken last in each writing
-- transaction: a second writer waits for the first to commit, so positions
-- become visible in order and a reader polling "after N" never skips one
-- (a sequence would hand out 11 before 10 commits).
CREATE TABLE feed_counter (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);

CREATE TABLE outcome_events (
    seq         BIGINT PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('appeal_decided')),
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    appeal_id   BLOB REFERENCES appeals (id),
    decision_id BLOB REFERENCES limit_decisions (id),
    staff_id    BLOB REFERENCES accounts (id),
    outcome     TEXT,
    occurred_at TEXT NOT NULL
);
CREATE INDEX outcome_events_by_account ON outcome_events (account_id, seq);

-- The outbox's rows become the feed's first events, in their order; the
-- deciding staff member by id rather than by username.
INSERT INTO outcome_events (seq, id, kind, account_id, appeal_id, decision_id, staff_id, outcome, occurred_at)
SELECT ROW_NUMBER() OVER (ORDER BY o.id), randomblob(16), 'appeal_decided', o.account_id, o.appeal_id,
       o.decision_id, a.decided_by, json_extract(o.payload, '$.outcome'), o.created_at
FROM outbox o JOIN appeals a ON a.id = o.appeal_id;
INSERT INTO feed_counter (id, last_seq) SELECT 1, COUNT(*) FROM outcome_events;
DROP TABLE outbox;
