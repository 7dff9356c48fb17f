-- One row about the memo (store/state_memo.py): the dates its $memo (item_states, item_forecast or
-- forecast_pool) holds for this plan at this red threshold at the current data version, how many slices
-- (memo, plan, threshold, date) of the $sized memos (those holding a row per item) it holds at that
-- version in all, and whether it still holds rows of an earlier version
-- (stale: something was written since they were computed).
-- Params: $memo VARCHAR, $plan_id VARCHAR, $red_after_days INTEGER, $sized VARCHAR[]
with
    slices as (
        select *, memo_version = data_version() as is_current, from state_memo.main.slices
    )
select
    coalesce(list(as_of order by as_of) filter (
        where is_current and memo = $memo and plan_id = $plan_id and memo_red_after_days = $red_after_days),
        []) as held,
    count(*) filter (where is_current and list_contains($sized, memo)) as slices,
    coalesce(bool_or(not is_current), false) as has_stale,
from slices
