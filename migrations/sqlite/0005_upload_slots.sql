-- One upload in flight per account, across every app server: an appeal or a
-- reply with photos holds its account's row while its images are decoded, so
-- parallel submits cannot each decode five images. A row older than a few
-- minutes belongs to a server that died mid-upload and is taken over.
CREATE TABLE upload_slots (
    account_id BLOB PRIMARY KEY REFERENCES accounts (id),
    started_at TEXT NOT NULL
);
