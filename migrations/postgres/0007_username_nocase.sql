-- Usernames are unique whatever their case: "Supervisor" beside "supervisor"
-- would let one person pass for another. The server refuses to start, naming
-- them, if existing accounts clash (see store/mod.rs), rather than letting
-- this index fail.
CREATE UNIQUE INDEX accounts_username_nocase ON accounts (lower(username));
