-- expect: adding-exclusion-constraint
ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&);

-- expect: adding-exclusion-constraint
ALTER TABLE reservations ADD EXCLUDE (room_id WITH =);
