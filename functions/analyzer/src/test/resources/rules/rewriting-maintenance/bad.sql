-- fixture: transaction=none
-- expect: rewriting-maintenance
VACUUM FULL orders;

-- expect: rewriting-maintenance
VACUUM (FULL, ANALYZE) accounts, orders;

-- expect: rewriting-maintenance
CLUSTER accounts USING accounts_pkey;
