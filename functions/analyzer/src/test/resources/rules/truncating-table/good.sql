-- In batches, each its own short transaction, until it deletes nothing.
DELETE FROM order_notes WHERE id IN (SELECT id FROM order_notes ORDER BY id LIMIT 1000);

-- A table created in this migration.
CREATE TABLE staging_orders (id bigint PRIMARY KEY);
TRUNCATE staging_orders;
