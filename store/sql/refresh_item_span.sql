-- Rebuild the derived item_span rows of one plan (of the actions in $refs and their milestones; NULL =
-- every item): each counted update (not retracted) with the day it starts to count and the day the
-- item's next counted update replaces it. Run in the same transaction as every write to progress_update
-- or progress_retraction (store.db.refresh_item_span). Params: $plan_id VARCHAR, $refs VARCHAR[]
delete from item_span where plan_id = $plan_id and ($refs::varchar[] is null or list_contains($refs::varchar[], ref));
insert into item_span by name
with
    spans as (
        select
            plan_id, ref, seq, update_id, status, forecast_end, actual_end,
            reported_on as counts_from,
            -- the next counted update in (reported_on, update_id) order; an earlier update on the same day
            -- gets counts_until = counts_from, an empty span, as "the latest on or before" never picks it
            lead(reported_on) over (partition by ref, seq order by reported_on, update_id) as counts_until,
        from progress_update
        where plan_id = $plan_id
            and ($refs::varchar[] is null or list_contains($refs::varchar[], ref))
            and update_id not in (select update_id from progress_retraction)
    ),
    marked as (
        select *, counts_until is null or counts_until > counts_from as counts_for_a_day,
        from spans
    )
select
    * exclude (counts_for_a_day),
    -- of the updates that count for a day or more (one a day), the one before
    case when counts_for_a_day then lag(status) over day_latest end as previous_status,
    case when counts_for_a_day then lag(forecast_end) over day_latest end as previous_forecast_end,
from marked
window day_latest as (partition by ref, seq, counts_for_a_day order by counts_from);
