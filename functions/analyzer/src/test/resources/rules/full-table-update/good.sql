-- A keyset batch: the rollout's backfill phase runs one after another.
UPDATE accounts SET status = 'active'
WHERE id IN (SELECT id FROM accounts WHERE id > 0 ORDER BY id LIMIT 1000);
DELETE FROM orders WHERE placed_at < '2020-01-01';

-- A table created in this migration.
CREATE TABLE invoices (id bigint PRIMARY KEY, paid boolean);
UPDATE invoices SET paid = false;
