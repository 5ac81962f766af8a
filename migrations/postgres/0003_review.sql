-- The support side: staff second factor, queue order and assignment, proposals
-- awaiting a supervisor, outcomes, and the outbox the credit system reads.

-- The last TOTP time step accepted: a code works once (RFC 6238 §5.2).
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
CREATE INDEX accounts_by_display_name ON accounts (display_name);

-- One-time recovery codes for staff who lose their authenticator; SHA-256 only.
CREATE TABLE recovery_codes (
    account_id UUID NOT NULL REFERENCES accounts (id),
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (account_id, code_hash)
);

-- When the decision is due (15 days plus time waiting on the customer), for the queue.
ALTER TABLE appeals ADD COLUMN due_at TIMESTAMPTZ;
UPDATE appeals SET due_at = submitted_at + INTERVAL '15 days';
ALTER TABLE appeals ADD COLUMN assigned_to UUID REFERENCES accounts (id);
-- A decision waiting for a supervisor (domain::resolution::Verdict as JSON) and who proposed it.
ALTER TABLE appeals ADD COLUMN proposal JSONB;
ALTER TABLE appeals ADD COLUMN proposed_by UUID REFERENCES accounts (id);
ALTER TABLE appeals ADD COLUMN decided_by UUID REFERENCES accounts (id);
-- domain::resolution::Outcome as JSON, once decided.
ALTER TABLE appeals ADD COLUMN outcome JSONB;

CREATE INDEX appeals_open_by_due ON appeals (due_at, id)
    WHERE status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');
CREATE INDEX appeals_by_status_due ON appeals (status, due_at, id);
CREATE INDEX appeals_by_assignee_due ON appeals (assigned_to, due_at, id);
-- The queue's counts, each read from an index: unassigned, mine, re-appeals.
CREATE INDEX appeals_open_unassigned ON appeals (due_at, id)
    WHERE assigned_to IS NULL AND status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');
CREATE INDEX appeals_by_assignee_status ON appeals (assigned_to, status);
CREATE INDEX appeals_by_reappeal_status ON appeals (is_reappeal, status);
-- Staff lists (assign-to) without reading every customer.
CREATE INDEX accounts_by_role ON accounts (role);

-- Support's decisions for the credit system to apply, written in the decision's
-- transaction. One per appeal: an appeal is decided once.
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    appeal_id    UUID NOT NULL UNIQUE REFERENCES appeals (id),
    account_id   UUID NOT NULL REFERENCES accounts (id),
    decision_id  UUID NOT NULL REFERENCES limit_decisions (id),
    payload      JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX outbox_undelivered ON outbox (id) WHERE delivered_at IS NULL;

CREATE INDEX audit_log_by_time ON audit_log (at, id);
