-- fixture: transaction=none
BEGIN;
ALTER TABLE accounts ADD COLUMN nickname text;
COMMIT;

-- expect: unterminated-transaction
BEGIN;
ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
-- A BEGIN inside the open transaction only draws a warning: the first one is reported, once.
BEGIN;
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
