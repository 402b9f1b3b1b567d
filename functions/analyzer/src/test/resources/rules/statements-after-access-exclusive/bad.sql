-- The runner wraps the file in one transaction: ACCESS EXCLUSIVE on accounts is held to the end.
ALTER TABLE accounts ADD COLUMN nickname text;

-- expect: statements-after-access-exclusive, full-table-update
UPDATE accounts SET nickname = name;

-- expect: statements-after-access-exclusive
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;

-- expect: statements-after-access-exclusive, creating-index-without-concurrently
CREATE INDEX accounts_nickname_idx ON accounts (nickname);
