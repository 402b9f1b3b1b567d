-- The constraint goes on an empty copy at once; rows move in batches, then the names swap.
CREATE TABLE reservations_new (LIKE reservations INCLUDING ALL);
ALTER TABLE reservations_new ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&);
