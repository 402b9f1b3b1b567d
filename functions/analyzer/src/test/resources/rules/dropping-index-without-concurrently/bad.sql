-- expect: dropping-index-without-concurrently
DROP INDEX orders_account_id_idx;

-- expect: dropping-index-without-concurrently
DROP INDEX IF EXISTS public.accounts_email_key;
