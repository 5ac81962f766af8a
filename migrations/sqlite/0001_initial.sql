-- LimitDesk schema, SQLite dialect. Money is whole fen (INTEGER): SQLite has no
-- exact decimal type and would sum TEXT amounts as floats. UUIDs are 16-byte
-- BLOBs, instants RFC 3339 UTC text, calendar dates YYYY-MM-DD text.

CREATE TABLE accounts (
    id                      BLOB PRIMARY KEY,
    username                TEXT NOT NULL UNIQUE,
    display_name            TEXT NOT NULL,
    role                    TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'supervisor', 'admin')),
    password_hash           TEXT NOT NULL,
    password_changed_at     TEXT NOT NULL,
    -- Staff only: base32 TOTP secret.
    totp_secret             TEXT,
    -- Stored masked only; the credit system keeps the full numbers.
    id_number_masked        TEXT,
    phone_masked            TEXT,
    identity_verified_until TEXT,
    created_at              TEXT NOT NULL
);

CREATE TABLE account_events (
    id          BLOB PRIMARY KEY,
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('binding_changed', 'identity_confirmed', 'identity_verified', 'new_device_sign_in', 'unusual_location_sign_in')),
    occurred_at TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_events_by_account ON account_events (account_id, kind, occurred_at);

CREATE TABLE credit_lines (
    account_id BLOB PRIMARY KEY REFERENCES accounts (id),
    limit_fen  INTEGER NOT NULL CHECK (limit_fen >= 0),
    status     TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
    -- Optimistic concurrency: every update bumps it.
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE limit_decisions (
    id               BLOB PRIMARY KEY,
    account_id       BLOB NOT NULL REFERENCES accounts (id),
    external_id      TEXT NOT NULL UNIQUE,
    model_version    TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('reduce', 'freeze', 'unfreeze', 'restore')),
    limit_before_fen INTEGER NOT NULL CHECK (limit_before_fen >= 0),
    limit_after_fen  INTEGER NOT NULL CHECK (limit_after_fen >= 0),
    notice           TEXT NOT NULL,
    decided_at       TEXT NOT NULL,
    decided_on       TEXT NOT NULL,
    received_at      TEXT NOT NULL
);
CREATE INDEX limit_decisions_by_account ON limit_decisions (account_id, decided_at DESC);

CREATE TABLE decision_reasons (
    decision_id BLOB NOT NULL REFERENCES limit_decisions (id),
    position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
    code        TEXT NOT NULL,
    -- The reason with its facts exactly as notified (domain::Reason as JSON).
    facts       TEXT NOT NULL,
    PRIMARY KEY (decision_id, position),
    UNIQUE (decision_id, code)
);
CREATE INDEX decision_reasons_by_code ON decision_reasons (code);

CREATE TABLE orders (
    id          BLOB PRIMARY KEY,
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    description TEXT NOT NULL,
    placed_on   TEXT NOT NULL,
    total_fen   INTEGER NOT NULL CHECK (total_fen >= 0)
);
CREATE INDEX orders_by_account ON orders (account_id, placed_on DESC);

CREATE TABLE installments (
    id         BLOB PRIMARY KEY,
    order_id   BLOB NOT NULL REFERENCES orders (id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    due_on     TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    paid_on    TEXT,
    UNIQUE (order_id, seq)
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a leaked table cannot be replayed.
    token_hash   TEXT PRIMARY KEY,
    account_id   BLOB NOT NULL REFERENCES accounts (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key   TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (scope, key, at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor_id    BLOB,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
