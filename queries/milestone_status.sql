-- One row per milestone of a plan as of a date, with the same measures as action_status.
-- A milestone with no own dates is measured against its action's window.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select
    s.item_ref,
    s.item_label,
    s.ref,
    s.seq,
    s.theme_code,
    s.title as milestone_title,
    s.owners,
    s.owner_ids,
    s.status,
    s.percent_complete,
    s.baseline_start,
    s.baseline_end,
    s.original_end,
    s.forecast_end,
    s.actual_end,
    s.slippage_days,
    s.original_slippage_days,
    s.rag,
    s.rag_reason,
    s.own_rag,
    s.is_rolled_up,
    s.is_overridden,
    s.is_ongoing,
    s.is_rebaselined,
    s.last_update_on,
    s.last_commentary,
    s.is_stale,
from item_state($plan_id, $as_of, $red_after_days) as s
where
    s.item_kind = 'milestone'
    and passes_filters(s.theme_code, s.owner_ids, s.status, s.rag, $themes, $officers, $statuses, $rags)
order by s.position, s.seq
