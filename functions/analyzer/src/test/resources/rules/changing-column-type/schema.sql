-- A table created from a query: the analyzer cannot see its columns.
CREATE TABLE order_archive AS SELECT * FROM orders;

CREATE TABLE networks (
  id bigint PRIMARY KEY,
  block cidr,
  tags varchar(20)[],
  labels text[],
  retention interval(3)
);
