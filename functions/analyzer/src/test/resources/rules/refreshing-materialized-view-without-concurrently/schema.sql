CREATE MATERIALIZED VIEW order_days AS
  SELECT date_trunc('day', o.placed_at) AS day, count(*) AS orders
  FROM orders o JOIN accounts a ON a.id = o.account_id
  GROUP BY 1;
