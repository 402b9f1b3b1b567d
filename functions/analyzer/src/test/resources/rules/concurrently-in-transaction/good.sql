-- fixture: pg=14
-- A file that opens its own transactions runs without the runner's: between them, each
-- statement commits on its own.
BEGIN;
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
COMMIT;

CREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders (shipped_at);
DROP INDEX CONCURRENTLY orders_account_id_idx;
REINDEX (CONCURRENTLY) INDEX accounts_email_key;
ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;
VACUUM (ANALYZE) orders;
