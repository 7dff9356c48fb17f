-- Add the plan's states at $dates, computed by the file's item_states, to the memo (store/state_memo.py).
-- Params: $plan_id VARCHAR, $dates DATE[], $red_after_days INTEGER
insert into state_memo.item_state_rows
select data_version() as memo_version, $red_after_days::integer as memo_red_after_days, *
from item_states($plan_id, $dates::date[], $red_after_days)
