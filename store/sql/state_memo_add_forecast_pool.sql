-- Add how the sample's past forecasts fared as of each of $dates, computed by the file's forecast_pool in one
-- pass, to the memo (store/state_memo.py). {plan_db} is the plan file's catalog (a name, quoted by
-- store.storage.quote_identifier), so that forecast_pool is the file's.
-- Params: $plan_id VARCHAR, $dates DATE[]
insert into state_memo.forecast_pool_rows
select data_version() as memo_version, $plan_id as plan_id, p.*
from {plan_db}.main.forecast_pool($plan_id, $dates::date[]) as p
