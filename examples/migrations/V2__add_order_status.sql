-- Orders get an explicit status. Existing orders are 'shipped' when they have a shipping date,
-- 'placed' otherwise; from the next release on the application writes the status itself.
ALTER TABLE orders ADD COLUMN status text;

UPDATE orders SET status = CASE WHEN shipped_at IS NULL THEN 'placed' ELSE 'shipped' END;

ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('placed', 'shipped', 'cancelled'));
