-- fixture: transaction=none
ALTER TABLE orders ADD CONSTRAINT orders_account_id_fkey
  FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_account_id_fkey;

-- A new table references an existing one: no rows to check.
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE refunds ADD CONSTRAINT refunds_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
