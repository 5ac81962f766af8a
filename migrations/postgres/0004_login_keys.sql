-- One row per sign-in key (an account's name, a client address). A sign-in
-- attempt holds its keys' rows while it counts and reserves, so parallel
-- attempts on one key queue instead of all reading the same count.
CREATE TABLE login_keys (
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
