-- Instant changes to the table already locked add nothing to the wait.
ALTER TABLE accounts ADD COLUMN nickname text;
ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
COMMENT ON COLUMN accounts.nickname IS 'shown instead of the name';
CREATE TABLE nicknames_audit (account_id bigint, nickname text);
