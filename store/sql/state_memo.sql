-- The app's memo of item_states (store/state_memo.py): the state of every item at the dates a page run
-- needs, computed once and read by each of its queries instead of computed by each. Lives in an in-memory
-- database attached to the app's connection (state_memo), never in the plan file, so the file's own
-- item_states stays the one definition and anyone opening the file gets it. The app's query cursors
-- put state_memo first on their search path, so every query's item_states (and item_state, and every
-- figure built on them) resolves to the macro below: the memo's rows for the dates it holds at the
-- current data_version(), and the file's item_states, computed, for any other date.
-- {plan_db} is the plan file's catalog, quoted by store.storage.quote_identifier: a name, not a value,
-- so it cannot be a bound parameter.
create or replace table state_memo.item_state_rows as
select 0 as memo_version, 0 as memo_red_after_days, *
from {plan_db}.main.item_states('', []::date[], 0)
limit 0;

create or replace macro state_memo.main.item_states(p_plan_id, p_dates, p_red_after_days) as table
-- (no CTE for the memo's rows of this key: DuckDB would materialise every column of them first)
select * exclude (memo_version, memo_red_after_days)
from state_memo.main.item_state_rows
where plan_id = p_plan_id and memo_red_after_days = p_red_after_days and memo_version = {plan_db}.main.data_version()
    and list_contains(p_dates::date[], as_of)
union all by name
select *
from {plan_db}.main.item_states(
    p_plan_id,
    (select coalesce(list(d), []::date[]) from unnest(p_dates::date[]) as u(d)
     where d not in (select as_of from state_memo.main.item_state_rows
                     where plan_id = p_plan_id and memo_red_after_days = p_red_after_days
                         and memo_version = {plan_db}.main.data_version())),
    p_red_after_days
);
