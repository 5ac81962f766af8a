-- Staff enrol themselves through a one-time link: the admin who adds them
-- never sees their password or authenticator. Until the link is used the
-- account has no usable password ('!') and no authenticator.
CREATE TABLE enrolments (
    -- SHA-256 of the link's token; the token itself is only in the link.
    token_hash     TEXT PRIMARY KEY,
    account_id     BLOB NOT NULL REFERENCES accounts (id),
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    -- The authenticator secret and recovery codes offered on the link's page,
    -- sealed like accounts.totp_secret; cleared once the link is used.
    totp_secret    TEXT,
    recovery_codes TEXT
);
CREATE INDEX enrolments_by_account ON enrolments (account_id);

-- Raising someone to supervisor or admin waits for a second admin.
CREATE TABLE role_grants (
    id           BLOB PRIMARY KEY,
    account_id   BLOB NOT NULL REFERENCES accounts (id),
    role         TEXT NOT NULL CHECK (role IN ('supervisor', 'admin')),
    requested_by BLOB NOT NULL REFERENCES accounts (id),
    requested_at TEXT NOT NULL,
    decided_by   BLOB REFERENCES accounts (id),
    decided_at   TEXT,
    outcome      TEXT CHECK (outcome IN ('approved', 'declined', 'withdrawn')),
    CHECK ((decided_at IS NULL) = (outcome IS NULL))
);
-- At most one open request per account.
CREATE UNIQUE INDEX role_grants_one_open ON role_grants (account_id) WHERE decided_at IS NULL;
