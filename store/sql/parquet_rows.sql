-- One row: how many rows a Parquet file holds. Params: $path VARCHAR
select count(*) as row_count,
from read_parquet($path)
