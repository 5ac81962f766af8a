-- The credit system's records by its own ids (credit lines, orders,
-- repayments, account events, decisions) and a new final appeal status,
-- "resolved by re-assessment".
ALTER TABLE appeals DROP CONSTRAINT appeals_status_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_status_check CHECK (status IN (
    'submitted', 'in_review', 'awaiting_customer', 'pending_approval',
    'approved', 'partially_approved', 'rejected', 'withdrawn', 'closed_no_reply',
    'resolved_by_reassessment'));

-- The credit line as the credit system last reported it, by its version.
ALTER TABLE credit_lines ADD COLUMN outstanding_fen BIGINT CHECK (outstanding_fen >= 0);
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
    id             UUID PRIMARY KEY,
    external_id    TEXT NOT NULL UNIQUE,
    account_id     UUID NOT NULL REFERENCES accounts (id),
    installment_id UUID NOT NULL REFERENCES installments (id),
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on        DATE NOT NULL,
    digest         TEXT NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX repayments_by_installment ON repayments (installment_id, paid_on);

-- A portal link may land on one decision rather than the overview.
ALTER TABLE portal_sessions ADD COLUMN decision_id UUID REFERENCES limit_decisions (id);

-- The feed also tells of appeals opened and closed for no reply.
ALTER TABLE outcome_events DROP CONSTRAINT outcome_events_kind_check;
ALTER TABLE outcome_events ADD CONSTRAINT outcome_events_kind_check
    CHECK (kind IN ('appeal_decided', 'appeal_opened', 'closed_no_reply'));
