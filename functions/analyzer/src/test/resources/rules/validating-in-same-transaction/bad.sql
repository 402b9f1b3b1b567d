BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total >= 0) NOT VALID;
-- expect: validating-in-same-transaction
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;
COMMIT;

-- Any lock that blocks writes, taken earlier in the transaction, is held through the scan.
BEGIN;
ALTER TABLE accounts ADD COLUMN tier text;
-- expect: validating-in-same-transaction
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_plan_known;
COMMIT;

-- Validating a foreign key also reads the referenced table, whose writes wait too.
BEGIN;
LOCK TABLE accounts IN SHARE MODE;
-- expect: validating-in-same-transaction
ALTER TABLE orders VALIDATE CONSTRAINT orders_account_id_fkey;
COMMIT;
