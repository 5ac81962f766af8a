-- When the session last gave a second factor (staff only): a four-eyes
-- approval asks for a fresh code once this is more than 15 minutes old.
ALTER TABLE sessions ADD COLUMN factor_at TEXT;
