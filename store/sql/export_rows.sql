-- Every row of one table or view of the current database. Params: $name VARCHAR (from export_objects.sql)
select *
from query_table($name)
