-- expect: full-table-update
UPDATE accounts SET status = 'active';

-- expect: full-table-update
UPDATE orders SET note = NULL WHERE (true);

-- expect: full-table-update
DELETE FROM orders;

-- expect: full-table-update
UPDATE accounts SET plan = 'free', status = 'trial' WHERE 1 = 1 RETURNING id;
