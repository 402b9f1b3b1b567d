-- expect: refreshing-materialized-view-without-concurrently
REFRESH MATERIALIZED VIEW account_totals;

-- A view without a unique index cannot be refreshed concurrently yet.
-- expect: refreshing-materialized-view-without-concurrently
REFRESH MATERIALIZED VIEW order_days WITH DATA;
