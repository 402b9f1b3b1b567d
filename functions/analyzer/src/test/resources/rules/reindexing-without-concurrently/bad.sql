-- expect: reindexing-without-concurrently
REINDEX INDEX accounts_email_key;

-- expect: reindexing-without-concurrently
REINDEX (VERBOSE) TABLE orders;
