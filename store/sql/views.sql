-- The analysts' views: what a BI tool lists and a person can pick without knowing SQL. Each selects
-- from the macros that define the figures (item_state in macros.sql; theme_completion and owner_load
-- in figures.sql), so a view and the dashboard cannot disagree. Thresholds come from view_setting.
-- Re-created whenever the app opens the database; their comments are in view_comments.sql.

-- One row per action and milestone of every plan, as of today.
create or replace view item_state_today as
select current_date as as_of, s.*,
from plan as p
cross join view_setting as vs,
    item_state(p.plan_id, current_date, vs.red_after_days) as s;

-- One row per action and milestone per review meeting: each item as the meeting saw it.
create or replace view item_state_at_review as
select r.review_date, r.title as review_title, s.*,
from review as r
cross join view_setting as vs,
    item_state(r.plan_id, r.review_date, vs.red_after_days) as s;

-- One row per theme per review meeting, and one for all themes (theme_code NULL). "Due before the next
-- review" looks ahead to the next meeting, else review_interval_days on (components/rules.py
-- next_review_after gives the same date for a review day).
create or replace view theme_completion_at_review as
with
    reviews as (
        select
            r.plan_id, r.review_date, r.title,
            coalesce(lead(r.review_date) over (partition by r.plan_id order by r.review_date),
                     r.review_date + vs.review_interval_days) as next_review_date,
        from review as r
        cross join view_setting as vs
    )
select r.plan_id, r.review_date, r.title as review_title, r.next_review_date, t.*,
from reviews as r
cross join view_setting as vs,
    theme_completion(r.plan_id, r.review_date, r.next_review_date, vs.red_after_days,
                     null::varchar[], null::varchar[], null::varchar[], null::varchar[]) as t;

-- One row per plan, officer and month, as of today, over the months of the plan (its first baseline
-- start to the later of its last baseline end and this month).
create or replace view officer_load_by_month as
with
    spans as (
        select
            plan_id,
            min(coalesce(original_start, original_end)) as first_day,
            greatest(max(coalesce(original_end, original_start)), current_date) as last_day,
        from item
        group by plan_id
    )
select sp.plan_id, current_date as as_of, l.*,
from spans as sp
cross join view_setting as vs,
    owner_load(sp.plan_id, current_date, vs.red_after_days, sp.first_day, sp.last_day, vs.overload_threshold,
               null::varchar[], null::varchar[], null::varchar[], null::varchar[]) as l;

-- One row per table and view of this database, and per column of each, with its comment: the data
-- dictionary, for tools that do not show comments (Power BI, Excel).
create or replace view data_dictionary as
with
    objects as (
        select table_name as object_name, 'table' as object_kind, comment,
        from duckdb_tables()
        where database_name = current_database() and schema_name = 'main'
        union all
        select view_name, 'view', comment,
        from duckdb_views()
        where database_name = current_database() and schema_name = 'main' and not internal
    ),
    described as (
        select object_name, object_kind, null::varchar as column_name, null::varchar as data_type,
            comment as description, -1 as column_index,
        from objects
        union all
        select o.object_name, o.object_kind, c.column_name, c.data_type, c.comment, c.column_index,
        from objects as o
        join duckdb_columns() as c
            on c.database_name = current_database() and c.schema_name = 'main' and c.table_name = o.object_name
    )
select object_name, object_kind, column_name, data_type, description,
from described
order by object_kind, object_name, column_index;
