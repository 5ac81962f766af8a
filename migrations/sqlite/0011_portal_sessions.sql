-- One-time sign-in links the credit product's app opens for its customer
-- (POST /api/v1/customers/{id}/portal-sessions). SHA-256 of the token only.
CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BLOB NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX portal_sessions_by_account ON portal_sessions (account_id);
