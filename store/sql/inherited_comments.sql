-- One row per column of item_state_at_review without a comment of its own, with the comment of the
-- same-named column of item_state_today: both views carry item_state's columns, described once.
-- No params. store/build.py applies them (COMMENT ON cannot take a bound value).
select v.table_name as view_name, v.column_name, t.comment,
from duckdb_columns() as v
join duckdb_columns() as t
    on t.database_name = v.database_name and t.table_name = 'item_state_today' and t.column_name = v.column_name
where v.database_name = current_database() and v.table_name = 'item_state_at_review'
    and v.comment is null and t.comment is not null
order by v.column_index
