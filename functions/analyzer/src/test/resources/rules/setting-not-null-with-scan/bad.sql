-- expect: setting-not-null-with-scan
ALTER TABLE accounts ALTER COLUMN status SET NOT NULL;

-- Every partition is scanned.
-- expect: setting-not-null-with-scan
ALTER TABLE events ALTER COLUMN kind SET NOT NULL;

-- A CHECK added NOT VALID proves nothing until it is validated.
ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note IS NOT NULL) NOT VALID;
-- expect: setting-not-null-with-scan
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
