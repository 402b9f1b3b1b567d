-- fixture: pg=18 transaction=none
-- A sequence DEFAULT numbers new rows; existing rows are numbered by the backfill.
CREATE SEQUENCE orders_line_no_seq;
ALTER TABLE orders ADD COLUMN line_no bigint;
ALTER TABLE orders ALTER COLUMN line_no SET DEFAULT nextval('orders_line_no_seq');
UPDATE orders SET line_no = nextval('orders_line_no_seq') WHERE line_no IS NULL;

-- PostgreSQL 18: a VIRTUAL generated column (the default kind) is computed when read.
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) VIRTUAL;
ALTER TABLE orders ADD COLUMN total_tenths bigint GENERATED ALWAYS AS ((total * 10)::bigint);

-- A table created in this migration has no rows to rewrite.
CREATE TABLE refunds (amount numeric(10, 2));
ALTER TABLE refunds ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
