CREATE TABLE coupons (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, code text NOT NULL);
CREATE TABLE tags (id bigserial PRIMARY KEY, name text);

-- Integer columns that are not keys, and integers in a composite key.
CREATE TABLE order_lines (order_id bigint, line integer, quantity integer, PRIMARY KEY (order_id, line));
