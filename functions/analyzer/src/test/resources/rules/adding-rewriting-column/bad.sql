-- expect: adding-rewriting-column
ALTER TABLE orders ADD COLUMN line_no bigserial;

-- expect: adding-rewriting-column
ALTER TABLE accounts ADD COLUMN external_id bigint GENERATED ALWAYS AS IDENTITY;

-- expect: adding-rewriting-column
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED;
