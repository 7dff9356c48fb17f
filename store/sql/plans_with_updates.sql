-- Plans with progress updates: those whose item_span store.build.upgrade_schema rebuilds in a file made
-- before item_span carried the updates' forecasts (store/sql/spans_without_moves.sql). No params.
select distinct plan_id
from progress_update
order by plan_id
