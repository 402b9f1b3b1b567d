-- fixture: pg=18 transaction=none
-- PostgreSQL 12 to 17: a validated CHECK proves there is no NULL, so SET NOT NULL skips its scan.
ALTER TABLE accounts ADD CONSTRAINT accounts_status_not_null CHECK (status IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_status_not_null;
ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_status_not_null;

-- The same on a partitioned table: the CHECK and its validation reach every partition.
ALTER TABLE events ADD CONSTRAINT events_kind_not_null CHECK (kind IS NOT NULL) NOT VALID;
ALTER TABLE events VALIDATE CONSTRAINT events_kind_not_null;
ALTER TABLE events ALTER COLUMN kind SET NOT NULL;
ALTER TABLE events DROP CONSTRAINT events_kind_not_null;

-- PostgreSQL 18: the NOT NULL constraint itself, added NOT VALID, then validated.
ALTER TABLE orders ADD CONSTRAINT orders_note_not_null NOT NULL note NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_not_null;

-- Already NOT NULL: nothing to check.
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
