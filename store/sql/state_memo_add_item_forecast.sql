-- Add the plan's forecasts at $as_of, computed by the file's item_forecast, to the memo
-- (store/state_memo.py). One date a statement: item_forecast takes one, and calling it for a list of
-- dates (a lateral join) cost 0.1-0.15 s more at scale 1000 than this. Run with the memo first on the
-- search path, so the item_state it starts from is the memo's (held first); {plan_db} is the plan file's
-- catalog (a name, quoted by store.storage.quote_identifier), so that item_forecast is the file's.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER
insert into state_memo.item_forecast_rows
select data_version() as memo_version, $red_after_days::integer as memo_red_after_days, $as_of::date as memo_as_of, f.*
from {plan_db}.main.item_forecast($plan_id, $as_of::date, $red_after_days) as f
