-- One row: the name of the connection's current database (catalog). No params.
select current_database() as name
