-- expect: dropping-column
ALTER TABLE accounts DROP COLUMN legacy_flag;

-- expect: dropping-column
ALTER TABLE orders DROP COLUMN IF EXISTS payload, DROP COLUMN quantity;
