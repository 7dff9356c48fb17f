-- One row when the current database's item_span was made before it carried each update's status and
-- forecast and those of the one before it (it has no previous_forecast_end column): a file built by an
-- earlier version, whose item_span store.build.upgrade_schema rebuilds after schema.sql adds them. No params.
select 1
from duckdb_tables() as t
where t.database_name = current_database() and t.schema_name = 'main' and t.table_name = 'item_span'
    and not exists (
        select 1
        from duckdb_columns() as c
        where c.database_name = t.database_name and c.schema_name = 'main' and c.table_name = 'item_span'
            and c.column_name = 'previous_forecast_end'
    )
