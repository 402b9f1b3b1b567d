-- expect: dropping-table
DROP TABLE order_notes;

-- expect: dropping-table
DROP TABLE IF EXISTS legacy_imports CASCADE;
