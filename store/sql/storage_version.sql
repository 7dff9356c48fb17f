-- One row: the storage version of the connection's current database file, e.g. 'v1.0.0+' (DuckDB
-- 2.0's own format is 'v2.0.0+'). Asked of DuckDB, so the file is never opened a second time. No params.
select tags['storage_version'] as storage_version,
from duckdb_databases()
where database_name = current_database()
