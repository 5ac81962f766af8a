-- Appeals (申诉), their message thread, evidence files, the paused clock and the timeline.

CREATE TABLE appeals (
    id           BLOB PRIMARY KEY,
    decision_id  BLOB NOT NULL REFERENCES limit_decisions (id),
    account_id   BLOB NOT NULL REFERENCES accounts (id),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval',
                                                 'approved', 'partially_approved', 'rejected', 'withdrawn', 'closed_no_reply')),
    ground       TEXT NOT NULL CHECK (ground IN ('paid_not_recorded', 'bank_delay', 'activity_was_me', 'information_now_complete', 'other')),
    is_reappeal  INTEGER NOT NULL CHECK (is_reappeal IN (0, 1)),
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    -- Optimistic concurrency: every change bumps it.
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX appeals_by_account ON appeals (account_id, submitted_at DESC);
CREATE INDEX appeals_by_decision ON appeals (decision_id);
-- One open appeal per decision, whatever races the application loses.
CREATE UNIQUE INDEX appeals_one_open_per_decision ON appeals (decision_id)
    WHERE status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');

CREATE TABLE appeal_messages (
    id         BLOB PRIMARY KEY,
    appeal_id  BLOB NOT NULL REFERENCES appeals (id),
    author_id  BLOB NOT NULL REFERENCES accounts (id),
    from_staff INTEGER NOT NULL CHECK (from_staff IN (0, 1)),
    -- Internal notes are never shown to the customer.
    internal   INTEGER NOT NULL CHECK (internal IN (0, 1)),
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX appeal_messages_by_appeal ON appeal_messages (appeal_id, created_at);

CREATE TABLE evidence_files (
    id            BLOB PRIMARY KEY,
    appeal_id     BLOB NOT NULL REFERENCES appeals (id),
    message_id    BLOB NOT NULL REFERENCES appeal_messages (id),
    account_id    BLOB NOT NULL REFERENCES accounts (id),
    -- SHA-256 of the stored content, hex: "new evidence" is judged by content.
    sha256        TEXT NOT NULL,
    media_type    TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'application/pdf')),
    size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
    original_name TEXT NOT NULL,
    -- Key in the blob store (outside the database).
    storage_key   TEXT NOT NULL UNIQUE,
    thumbnail_key TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX evidence_files_by_appeal ON evidence_files (appeal_id);

CREATE TABLE appeal_pauses (
    appeal_id  BLOB NOT NULL REFERENCES appeals (id),
    paused_at  TEXT NOT NULL,
    resumed_at TEXT,
    PRIMARY KEY (appeal_id, paused_at)
);

CREATE TABLE appeal_events (
    id          BLOB PRIMARY KEY,
    appeal_id   BLOB NOT NULL REFERENCES appeals (id),
    at          TEXT NOT NULL,
    actor_id    BLOB REFERENCES accounts (id),
    from_status TEXT,
    to_status   TEXT NOT NULL
);
CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, at);

-- What the customer typed into an appeal form that was refused, so the form can
-- show it again after a plain (no-wasm) post and redirect. Deleted on submit.
CREATE TABLE appeal_drafts (
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    decision_id BLOB NOT NULL REFERENCES limit_decisions (id),
    ground      TEXT NOT NULL,
    statement   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, decision_id)
);
