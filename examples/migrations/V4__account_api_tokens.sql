-- Every account gets an API token.
ALTER TABLE accounts ADD COLUMN api_token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE accounts ADD CONSTRAINT accounts_api_token_key UNIQUE (api_token);
