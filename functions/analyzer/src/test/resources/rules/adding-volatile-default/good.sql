-- Non-volatile defaults are stored in the catalog: instant since PostgreSQL 11.
ALTER TABLE accounts ADD COLUMN region text DEFAULT 'eu-west-1';
ALTER TABLE accounts ADD COLUMN joined_at timestamptz DEFAULT now();

-- The safe form of a volatile default: add, set the default for new rows, backfill.
ALTER TABLE accounts ADD COLUMN api_token uuid;
ALTER TABLE accounts ALTER COLUMN api_token SET DEFAULT gen_random_uuid();

-- A table created in this migration is empty: nothing to rewrite.
CREATE TABLE sessions (id bigint PRIMARY KEY);
ALTER TABLE sessions ADD COLUMN token uuid DEFAULT gen_random_uuid();
