-- One row: how many rows the named table of the current database holds. Params: $name VARCHAR
select count(*) as row_count,
from query_table($name)
