-- One row per open action or milestone an officer owns, as of $as_of (today when they update): its state
-- and whether it has been updated in this review cycle (an update after $cycle_start, the latest review
-- held), the ones not yet updated first. The rows of an officer's "My updates" grid.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $officer_id VARCHAR, $cycle_start DATE (NULL = no review held yet)
with
    last_ids as (
        select ref, seq, max(update_id) as last_update_id,
        from progress_update
        where plan_id = $plan_id and update_id not in (select update_id from progress_retraction)
        group by all
    )
select
    s.item_kind,
    s.item_ref,
    s.item_label,
    s.ref,
    s.seq,
    s.title,
    s.owners,
    s.owner_ids,
    s.status,
    s.percent_complete,
    s.baseline_end,
    s.forecast_end,
    s.actual_end,
    s.rag,
    s.rag_reason,
    s.slippage_days,
    s.last_update_on,
    s.last_commentary,
    coalesce($cycle_start::date is null or s.last_update_on > $cycle_start::date, false) as is_updated_this_cycle,
    l.last_update_id,
from item_state($plan_id, $as_of, $red_after_days) as s
left join last_ids as l on l.ref = s.ref and l.seq is not distinct from s.seq
where s.is_open and list_contains(s.owner_ids, $officer_id)
order by is_updated_this_cycle, s.position, s.seq nulls first
