-- The app's memo (store/state_memo.py): every item's state (item_states) and forecast (item_forecast), and
-- how past forecasts fared (forecast_pool), at the dates the app's queries ask for, computed once per data version by the file's own macros (the one
-- definition) and read by every query after. Lives in an in-memory database attached to the app's
-- connection (state_memo), never in the plan file, so anyone opening the file gets its own macros.
-- The app's query cursors put state_memo first on their search path, so every query's item_states (and
-- item_state, and every figure built on them) and item_forecast resolve to the macros below, which only
-- read: the memo's rows for the plan, threshold and dates asked, at the current data_version(). When any
-- of those is not held they raise an error naming them ("state_memo wants {...}") instead of computing:
-- the app's runner (state_memo.read_through) fills the memo with them and runs the query again.
-- Reading, not computing, is what makes the memo pay: DuckDB plans the file's item_states for 10-20 ms on
-- every query, even for 37 actions, and computes it for 0.3-0.5 s at scale 1000.
-- The guards are uncorrelated one-row subqueries, which DuckDB runs before the rows are read (even when
-- the memo holds none: state_memo.attach turns off the optimizer pass that dropped them with an empty
-- memo's rows); CASE runs error() only when something is missing.
-- The rows need no version filter of their own: the memo holds one data version at a time (a fill that
-- finds an earlier version held starts afresh before it adds), so when the guard finds every date held at
-- the current version, every row held for them is of it. A second filter cost 1-2 ms of planning a query.
-- (The guard is one aggregate over the slices, the dates held, and list functions: it used to unnest the
-- dates asked and anti-join them with the slices, because an aggregate was dropped with an empty memo's
-- rows; that was DuckDB's empty_result_pullup, now off, and the simpler guard plans faster.)
-- {plan_db} is the plan file's catalog, quoted by store.storage.quote_identifier: a name, not a value,
-- so it cannot be a bound parameter.
create or replace table state_memo.item_state_rows as
select 0 as memo_version, 0 as memo_red_after_days, *
from {plan_db}.main.item_states('', []::date[], 0)
limit 0;

create or replace table state_memo.item_forecast_rows as
select 0 as memo_version, 0 as memo_red_after_days, null::date as memo_as_of, *
from {plan_db}.main.item_forecast('', null::date, 0)
limit 0;

-- the sample's past forecasts as of each date (forecast.sql's forecast_pool): two rows a date, whatever the
-- plan's size, and the red threshold plays no part (held under 0: POOL_RED_AFTER_DAYS in state_memo.py)
create or replace table state_memo.forecast_pool_rows as
select 0 as memo_version, '' as plan_id, *
from {plan_db}.main.forecast_pool('', []::date[])
limit 0;

-- one row per slice held (memo, plan, threshold, date, version), written with its rows in one transaction:
-- a slice with no rows (no open item to forecast) is held all the same, not computed again and again
create or replace table state_memo.main.slices (
    memo varchar, plan_id varchar, memo_red_after_days integer, as_of date, memo_version bigint
);

-- wants(...): true when every one of p_dates is held, else an error naming what is missing
create or replace macro state_memo.main.wants(p_memo, p_plan_id, p_dates, p_red_after_days) as (
    select case
        when list_has_all(held, p_dates::date[]) then true
        else error('state_memo wants ' || to_json({
            'memo': p_memo::varchar, 'plan_id': p_plan_id::varchar, 'red_after_days': p_red_after_days::integer,
            'dates': list_sort(list_distinct(list_filter(p_dates::date[], lambda d: not list_contains(held, d))))}))
    end
    from (select coalesce(list(as_of), []) as held
          from state_memo.main.slices
          where memo = p_memo and plan_id = p_plan_id and memo_red_after_days = p_red_after_days
              and memo_version = {plan_db}.main.data_version())
);

create or replace macro state_memo.main.item_states(p_plan_id, p_dates, p_red_after_days) as table
select * exclude (memo_version, memo_red_after_days)
from state_memo.main.item_state_rows
where plan_id = p_plan_id and memo_red_after_days = p_red_after_days and list_contains(p_dates::date[], as_of)
    and state_memo.main.wants('item_states', p_plan_id, p_dates, p_red_after_days);

create or replace macro state_memo.main.item_forecast(p_plan_id, p_as_of, p_red_after_days) as table
select * exclude (memo_version, memo_red_after_days, memo_as_of)
from state_memo.main.item_forecast_rows
where plan_id = p_plan_id and memo_red_after_days = p_red_after_days and memo_as_of = p_as_of::date
    and state_memo.main.wants('item_forecast', p_plan_id, [p_as_of::date], p_red_after_days);

create or replace macro state_memo.main.forecast_pool(p_plan_id, p_dates) as table
select * exclude (memo_version, plan_id)
from state_memo.forecast_pool_rows
where plan_id = p_plan_id and list_contains(p_dates::date[], as_of)
    and state_memo.main.wants('forecast_pool', p_plan_id, p_dates, 0);
