REFRESH MATERIALIZED VIEW CONCURRENTLY account_totals;

-- A view created in this migration.
CREATE MATERIALIZED VIEW plan_counts AS SELECT plan, count(*) AS accounts FROM accounts GROUP BY plan;
REFRESH MATERIALIZED VIEW plan_counts;
