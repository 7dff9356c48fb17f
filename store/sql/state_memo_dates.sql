-- One row: whether every row of the memo (store/state_memo.py) is this plan's at this red threshold at
-- the current data version (same_key: it holds one key at a time), the dates it holds for that key,
-- and that version.
-- Params: $plan_id VARCHAR, $red_after_days INTEGER
with
    memo as (
        select as_of, plan_id = $plan_id and memo_red_after_days = $red_after_days
            and memo_version = data_version() as is_key,
        from state_memo.main.item_state_rows
    )
select coalesce(bool_and(is_key), false) as same_key, list(distinct as_of order by as_of) filter (where is_key) as held,
    data_version() as version,
from memo
