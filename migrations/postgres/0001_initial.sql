-- LimitDesk schema, PostgreSQL dialect. Same tables and columns as the SQLite
-- migration; money is whole fen (BIGINT) in both so one store body serves both.

CREATE TABLE accounts (
    id                      UUID PRIMARY KEY,
    username                TEXT NOT NULL UNIQUE,
    display_name            TEXT NOT NULL,
    role                    TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'supervisor', 'admin')),
    password_hash           TEXT NOT NULL,
    password_changed_at     TIMESTAMPTZ NOT NULL,
    totp_secret             TEXT,
    id_number_masked        TEXT,
    phone_masked            TEXT,
    identity_verified_until DATE,
    created_at              TIMESTAMPTZ NOT NULL
);

CREATE TABLE account_events (
    id          UUID PRIMARY KEY,
    account_id  UUID NOT NULL REFERENCES accounts (id),
    kind        TEXT NOT NULL CHECK (kind IN ('binding_changed', 'identity_confirmed', 'identity_verified', 'new_device_sign_in', 'unusual_location_sign_in')),
    occurred_at TIMESTAMPTZ NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_events_by_account ON account_events (account_id, kind, occurred_at);

CREATE TABLE credit_lines (
    account_id UUID PRIMARY KEY REFERENCES accounts (id),
    limit_fen  BIGINT NOT NULL CHECK (limit_fen >= 0),
    status     TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed')),
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE limit_decisions (
    id               UUID PRIMARY KEY,
    account_id       UUID NOT NULL REFERENCES accounts (id),
    external_id      TEXT NOT NULL UNIQUE,
    model_version    TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('reduce', 'freeze', 'unfreeze', 'restore')),
    limit_before_fen BIGINT NOT NULL CHECK (limit_before_fen >= 0),
    limit_after_fen  BIGINT NOT NULL CHECK (limit_after_fen >= 0),
    notice           TEXT NOT NULL,
    decided_at       TIMESTAMPTZ NOT NULL,
    decided_on       DATE NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX limit_decisions_by_account ON limit_decisions (account_id, decided_at DESC);

CREATE TABLE decision_reasons (
    decision_id UUID NOT NULL REFERENCES limit_decisions (id),
    position    INTEGER NOT NULL CHECK (position BETWEEN 1 AND 4),
    code        TEXT NOT NULL,
    facts       JSONB NOT NULL,
    PRIMARY KEY (decision_id, position),
    UNIQUE (decision_id, code)
);
CREATE INDEX decision_reasons_by_code ON decision_reasons (code);

CREATE TABLE orders (
    id          UUID PRIMARY KEY,
    account_id  UUID NOT NULL REFERENCES accounts (id),
    description TEXT NOT NULL,
    placed_on   DATE NOT NULL,
    total_fen   BIGINT NOT NULL CHECK (total_fen >= 0)
);
CREATE INDEX orders_by_account ON orders (account_id, placed_on DESC);

CREATE TABLE installments (
    id         UUID PRIMARY KEY,
    order_id   UUID NOT NULL REFERENCES orders (id),
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    due_on     DATE NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    paid_on    DATE,
    UNIQUE (order_id, seq)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id UUID NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE login_failures (
    id    BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key   TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (scope, key, at);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    UUID,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      JSONB,
    after       JSONB
);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, id);

-- Append-only, enforced by the database: run the app as a role that does not
-- own this table and it cannot drop the trigger either (see README).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
