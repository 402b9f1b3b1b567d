-- fixture: pg=14
-- The runner wraps the whole file in one transaction (Flyway, Rails, Django, dbmate by default).

-- expect: concurrently-in-transaction
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);

-- expect: concurrently-in-transaction
DROP INDEX CONCURRENTLY orders_account_id_idx;

-- expect: concurrently-in-transaction
REINDEX INDEX CONCURRENTLY accounts_email_key;

-- expect: concurrently-in-transaction
ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;

-- expect: concurrently-in-transaction
VACUUM (ANALYZE) orders;
