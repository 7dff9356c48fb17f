-- One row per table and view an analyst can read, tables first. No params.
select table_name as name, 'table' as kind,
from duckdb_tables()
where database_name = current_database() and schema_name = 'main'
union all
select view_name, 'view',
from duckdb_views()
where database_name = current_database() and schema_name = 'main' and not internal
order by kind, name
