-- One row per sequence of the current database: its name and the last value it gave. No params.
select sequence_name, last_value,
from duckdb_sequences()
where database_name = current_database()
order by sequence_name
