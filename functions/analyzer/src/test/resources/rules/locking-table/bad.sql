-- expect: locking-table
LOCK TABLE accounts;

-- expect: locking-table
LOCK TABLE events IN SHARE MODE;

-- expect: locking-table
LOCK TABLE ONLY orders IN EXCLUSIVE MODE NOWAIT;
