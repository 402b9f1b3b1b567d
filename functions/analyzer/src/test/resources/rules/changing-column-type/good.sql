-- Binary-coercible changes keep the stored data as it is: no rewrite.
ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
ALTER TABLE orders ALTER COLUMN note TYPE text;
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(16, 2);
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamp(6);
ALTER TABLE networks ALTER COLUMN block TYPE inet;
ALTER TABLE networks ALTER COLUMN tags TYPE varchar[];
ALTER TABLE networks ALTER COLUMN retention TYPE interval;

-- A table created in this migration has no rows to rewrite.
CREATE TABLE refunds (id integer PRIMARY KEY, amount numeric(10, 2));
ALTER TABLE refunds ALTER COLUMN id TYPE bigint;
