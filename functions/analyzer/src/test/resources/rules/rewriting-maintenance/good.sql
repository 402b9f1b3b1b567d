-- fixture: transaction=none
-- Plain VACUUM makes dead space reusable without a rewrite and without blocking.
VACUUM (ANALYZE) orders;
-- Marking the clustered index is catalog only; pg_repack then rewrites online in its order.
ALTER TABLE accounts CLUSTER ON accounts_pkey;

-- A table created in this migration.
CREATE TABLE staging_orders (id bigint PRIMARY KEY);
CLUSTER staging_orders USING staging_orders_pkey;
