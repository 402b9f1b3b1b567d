-- fixture: transaction=none
BEGIN;
ALTER TABLE accounts ADD COLUMN nickname text;
COMMIT;

START TRANSACTION;
ALTER TABLE accounts ALTER COLUMN nickname SET DEFAULT '';
END;

BEGIN;
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ROLLBACK;
