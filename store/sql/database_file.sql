-- One row: the file of the connection's current database (NULL when it lives in memory). No params.
select path,
from duckdb_databases()
where database_name = current_database()
