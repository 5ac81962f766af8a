-- The credit system's records by its own ids (credit lines, orders,
-- repayments, account events, decisions). The new final appeal status,
-- "resolved by re-assessment", and the feed's new kinds of event need the
-- appeals and outcome_events tables rebuilt (SQLite cannot alter a CHECK
-- constraint), with foreign keys off, which SQLite ignores inside a
-- transaction, and SQLx runs every SQLite migration in one: those steps are
-- `server/src/store/*_rebuild.sql`, run by `SqliteStore::connect` after these.

-- The credit line as the credit system last reported it, by its version.
ALTER TABLE credit_lines ADD COLUMN outstanding_fen INTEGER CHECK (outstanding_fen >= 0);
ALTER TABLE credit_lines ADD COLUMN external_version BIGINT;

ALTER TABLE orders ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX orders_by_external_id ON orders (external_id);
ALTER TABLE orders ADD COLUMN external_version BIGINT;

ALTER TABLE account_events ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX account_events_by_external_id ON account_events (external_id);

-- SHA-256 of an immutable record's body as first received: the same id with
-- the same body again is a no-op, with another body a conflict.
ALTER TABLE account_events ADD COLUMN digest TEXT;
ALTER TABLE limit_decisions ADD COLUMN digest TEXT;

-- Money the customer paid against one installment. The installment counts as
-- paid on the day its repayments first add up to its amount.
CREATE TABLE repayments (
    id             BLOB PRIMARY KEY,
    external_id    TEXT NOT NULL UNIQUE,
    account_id     BLOB NOT NULL REFERENCES accounts (id),
    installment_id BLOB NOT NULL REFERENCES installments (id),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    paid_on        TEXT NOT NULL,
    digest         TEXT NOT NULL,
    received_at    TEXT NOT NULL
);
CREATE INDEX repayments_by_installment ON repayments (installment_id, paid_on);

-- A portal link may land on one decision rather than the overview.
ALTER TABLE portal_sessions ADD COLUMN decision_id BLOB REFERENCES limit_decisions (id);
