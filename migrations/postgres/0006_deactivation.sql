-- A staff member who has left: no sign-in, no session, no cases. The row
-- stays, because the audit log and decided appeals name it.
ALTER TABLE accounts ADD COLUMN disabled_at TIMESTAMPTZ;
