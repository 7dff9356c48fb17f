-- Create a new database file in a storage version DuckDB 1.x reads (store/storage.py, the only caller).
-- Params: $path VARCHAR (the new file; it must not exist), $storage_version VARCHAR (e.g. 'v1.0.0')
attach $path as new_database_file (storage_version $storage_version)
