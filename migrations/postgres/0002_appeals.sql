-- Appeals (申诉), their message thread, evidence files, the paused clock and the timeline.

CREATE TABLE appeals (
    id           UUID PRIMARY KEY,
    decision_id  UUID NOT NULL REFERENCES limit_decisions (id),
    account_id   UUID NOT NULL REFERENCES accounts (id),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval',
                                                 'approved', 'partially_approved', 'rejected', 'withdrawn', 'closed_no_reply')),
    ground       TEXT NOT NULL CHECK (ground IN ('paid_not_recorded', 'bank_delay', 'activity_was_me', 'information_now_complete', 'other')),
    is_reappeal  BOOLEAN NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX appeals_by_account ON appeals (account_id, submitted_at DESC);
CREATE INDEX appeals_by_decision ON appeals (decision_id);
CREATE UNIQUE INDEX appeals_one_open_per_decision ON appeals (decision_id)
    WHERE status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');

CREATE TABLE appeal_messages (
    id         UUID PRIMARY KEY,
    appeal_id  UUID NOT NULL REFERENCES appeals (id),
    author_id  UUID NOT NULL REFERENCES accounts (id),
    from_staff BOOLEAN NOT NULL,
    internal   BOOLEAN NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX appeal_messages_by_appeal ON appeal_messages (appeal_id, created_at);

CREATE TABLE evidence_files (
    id            UUID PRIMARY KEY,
    appeal_id     UUID NOT NULL REFERENCES appeals (id),
    message_id    UUID NOT NULL REFERENCES appeal_messages (id),
    account_id    UUID NOT NULL REFERENCES accounts (id),
    sha256        TEXT NOT NULL,
    media_type    TEXT NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'application/pdf')),
    size_bytes    BIGINT NOT NULL CHECK (size_bytes > 0),
    original_name TEXT NOT NULL,
    storage_key   TEXT NOT NULL UNIQUE,
    thumbnail_key TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX evidence_files_by_appeal ON evidence_files (appeal_id);

CREATE TABLE appeal_pauses (
    appeal_id  UUID NOT NULL REFERENCES appeals (id),
    paused_at  TIMESTAMPTZ NOT NULL,
    resumed_at TIMESTAMPTZ,
    PRIMARY KEY (appeal_id, paused_at)
);

CREATE TABLE appeal_events (
    id          UUID PRIMARY KEY,
    appeal_id   UUID NOT NULL REFERENCES appeals (id),
    at          TIMESTAMPTZ NOT NULL,
    actor_id    UUID REFERENCES accounts (id),
    from_status TEXT,
    to_status   TEXT NOT NULL
);
CREATE INDEX appeal_events_by_appeal ON appeal_events (appeal_id, at);

CREATE TABLE appeal_drafts (
    account_id  UUID NOT NULL REFERENCES accounts (id),
    decision_id UUID NOT NULL REFERENCES limit_decisions (id),
    ground      TEXT NOT NULL,
    statement   TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, decision_id)
);
