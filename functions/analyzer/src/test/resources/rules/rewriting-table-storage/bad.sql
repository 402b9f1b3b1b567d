-- expect: rewriting-table-storage
ALTER TABLE orders SET UNLOGGED;

-- expect: rewriting-table-storage
ALTER TABLE orders SET LOGGED;
