-- Replace the memo (store/state_memo.py) with the plan's states at $dates at the current data version.
-- Params: $plan_id VARCHAR, $dates DATE[], $red_after_days INTEGER
create or replace table state_memo.item_state_rows as
select data_version() as memo_version, $red_after_days::integer as memo_red_after_days, *
from item_states($plan_id, $dates::date[], $red_after_days)
