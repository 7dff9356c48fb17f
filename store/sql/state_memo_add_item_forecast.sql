-- Add the plan's forecasts at $dates, computed by the file's item_forecast (one date at a time: it takes
-- one), to the memo (store/state_memo.py).
-- Params: $plan_id VARCHAR, $dates DATE[], $red_after_days INTEGER
insert into state_memo.item_forecast_rows
select data_version() as memo_version, $red_after_days::integer as memo_red_after_days, d.as_of as memo_as_of, f.*
from (select unnest($dates::date[]) as as_of) as d,
    lateral (select * from item_forecast($plan_id, d.as_of, $red_after_days)) as f
