-- The appeals table with "resolved_by_reassessment" among its statuses, its
-- rows and indexes as they were. Run with foreign keys off, in one transaction.
CREATE TABLE appeals_rebuilt (
    id           BLOB PRIMARY KEY,
    decision_id  BLOB NOT NULL REFERENCES limit_decisions (id),
    account_id   BLOB NOT NULL REFERENCES accounts (id),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval',
                                                 'approved', 'partially_approved', 'rejected', 'withdrawn', 'closed_no_reply',
                                                 'resolved_by_reassessment')),
    ground       TEXT NOT NULL CHECK (ground IN ('paid_not_recorded', 'bank_delay', 'activity_was_me', 'information_now_complete', 'other')),
    is_reappeal  INTEGER NOT NULL CHECK (is_reappeal IN (0, 1)),
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    -- Optimistic concurrency: every change bumps it.
    version      INTEGER NOT NULL DEFAULT 1,
    due_at       TEXT,
    assigned_to  BLOB REFERENCES accounts (id),
    proposal     TEXT,
    proposed_by  BLOB REFERENCES accounts (id),
    decided_by   BLOB REFERENCES accounts (id),
    outcome      TEXT
);
INSERT INTO appeals_rebuilt (id, decision_id, account_id, status, ground, is_reappeal, submitted_at, updated_at,
                             version, due_at, assigned_to, proposal, proposed_by, decided_by, outcome)
SELECT id, decision_id, account_id, status, ground, is_reappeal, submitted_at, updated_at,
       version, due_at, assigned_to, proposal, proposed_by, decided_by, outcome
FROM appeals;
DROP TABLE appeals;
ALTER TABLE appeals_rebuilt RENAME TO appeals;
CREATE INDEX appeals_by_account ON appeals (account_id, submitted_at DESC);
CREATE INDEX appeals_by_decision ON appeals (decision_id);
CREATE UNIQUE INDEX appeals_one_open_per_decision ON appeals (decision_id)
    WHERE status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');
CREATE INDEX appeals_open_by_due ON appeals (due_at, id)
    WHERE status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');
CREATE INDEX appeals_by_status_due ON appeals (status, due_at, id);
CREATE INDEX appeals_by_assignee_due ON appeals (assigned_to, due_at, id);
CREATE INDEX appeals_open_unassigned ON appeals (due_at, id)
    WHERE assigned_to IS NULL AND status IN ('submitted', 'in_review', 'awaiting_customer', 'pending_approval');
CREATE INDEX appeals_by_assignee_status ON appeals (assigned_to, status);
CREATE INDEX appeals_by_reappeal_status ON appeals (is_reappeal, status);
