-- One row for the table named $name: its row count and an order-independent fingerprint of every
-- row's contents. It reads every row, so a damaged or cut-short file fails here rather than later.
-- Params: $name VARCHAR (a table of the main schema, from user_tables.sql)
select
    count(*) as row_count,
    bit_xor(hash(t)) as fingerprint,
from query_table($name) as t
