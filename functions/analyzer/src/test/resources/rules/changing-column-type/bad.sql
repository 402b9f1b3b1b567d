-- expect: changing-column-type
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;

-- Narrowing checks every value, so it rewrites as well.
-- expect: changing-column-type
ALTER TABLE orders ALTER COLUMN note TYPE varchar(20);

-- expect: changing-column-type
ALTER TABLE accounts ALTER COLUMN legacy_flag TYPE integer USING legacy_flag::integer;

-- Every partition is rewritten.
-- expect: changing-column-type
ALTER TABLE events ALTER COLUMN kind TYPE varchar(40);

-- Array elements are converted one by one: even text[] to varchar[] rewrites.
-- expect: changing-column-type
ALTER TABLE networks ALTER COLUMN labels TYPE varchar[];

-- The analyzer cannot see the columns of a table created from a query.
-- expect: changing-column-type
ALTER TABLE order_archive ALTER COLUMN quantity TYPE bigint;
