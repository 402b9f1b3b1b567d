-- The constraint is committed first; the validation runs in a transaction of its own.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total >= 0) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;

-- Earlier locks that let writes through are harmless.
BEGIN;
ALTER TABLE accounts SET (fillfactor = 90);
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_plan_known;
COMMIT;

-- Write-blocking locks on tables the validation does not touch hold nothing up.
BEGIN;
ALTER TABLE events ADD COLUMN source text;
ALTER TABLE orders VALIDATE CONSTRAINT orders_account_id_fkey;
COMMIT;

-- A table created in this migration has no rows to scan.
BEGIN;
CREATE TABLE coupons (id bigint PRIMARY KEY, percent integer);
ALTER TABLE coupons ADD CONSTRAINT coupons_percent_range CHECK (percent BETWEEN 0 AND 100) NOT VALID;
ALTER TABLE coupons VALIDATE CONSTRAINT coupons_percent_range;
COMMIT;
