CREATE DOMAIN amount AS numeric(12, 2);
CREATE TABLE ledger_entries (id bigint PRIMARY KEY, account_id bigint NOT NULL, value amount NOT NULL);
CREATE TABLE refunds (id bigint PRIMARY KEY, value amount);
CREATE DOMAIN country_code AS text;
