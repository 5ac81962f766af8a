-- The feed's events with "appeal_opened" and "closed_no_reply" among their
-- kinds, rows and index as they were. Run with foreign keys off, in one transaction.
CREATE TABLE outcome_events_rebuilt (
    seq         BIGINT PRIMARY KEY,
    id          BLOB NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('appeal_decided', 'appeal_opened', 'closed_no_reply')),
    account_id  BLOB NOT NULL REFERENCES accounts (id),
    appeal_id   BLOB REFERENCES appeals (id),
    decision_id BLOB REFERENCES limit_decisions (id),
    staff_id    BLOB REFERENCES accounts (id),
    outcome     TEXT,
    occurred_at TEXT NOT NULL
);
INSERT INTO outcome_events_rebuilt (seq, id, kind, account_id, appeal_id, decision_id, staff_id, outcome, occurred_at)
SELECT seq, id, kind, account_id, appeal_id, decision_id, staff_id, outcome, occurred_at FROM outcome_events;
DROP TABLE outcome_events;
ALTER TABLE outcome_events_rebuilt RENAME TO outcome_events;
CREATE INDEX outcome_events_by_account ON outcome_events (account_id, seq);
