-- One row per table of the current database: its name. No params.
select table_name,
from duckdb_tables()
where database_name = current_database() and schema_name = 'main'
order by table_name
