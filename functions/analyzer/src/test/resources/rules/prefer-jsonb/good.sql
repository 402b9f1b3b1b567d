ALTER TABLE accounts ADD COLUMN settings jsonb;
CREATE TABLE webhooks (id bigint PRIMARY KEY, headers jsonb NOT NULL DEFAULT '{}');

-- A temporary table holds raw input only for the session.
CREATE TEMPORARY TABLE webhook_import (body json);
