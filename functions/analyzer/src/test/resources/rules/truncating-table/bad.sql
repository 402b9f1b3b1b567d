-- expect: truncating-table
TRUNCATE order_notes;

-- expect: truncating-table
TRUNCATE TABLE orders RESTART IDENTITY CASCADE;

-- expect: truncating-table
TRUNCATE events;
