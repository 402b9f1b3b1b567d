-- expect: prefer-jsonb
ALTER TABLE accounts ADD COLUMN settings json;

-- expect: prefer-jsonb
CREATE TABLE webhooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  headers json NOT NULL DEFAULT '{}',
  payloads json[]
);
