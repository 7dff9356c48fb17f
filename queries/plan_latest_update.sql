-- One row: the day of a plan's latest counted progress update (NULL when none), so the view can offer
-- "as of today" when updates arrived after the latest review. Params: $plan_id VARCHAR
select max(reported_on) as latest_update_on,
from progress_update
where plan_id = $plan_id and update_id not in (select update_id from progress_retraction)
