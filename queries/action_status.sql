-- One row per action of a plan as of a date: status, percent, forecast and actual end, current and
-- original baseline end, slippage against both, RAG with its reason, override flag, last update, stale.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select
    s.item_ref,
    s.item_label,
    s.ref,
    s.theme_code,
    t.title as theme_title,
    s.title as action_text,
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
    s.is_demo,
from item_state($plan_id, $as_of, $red_after_days) as s
join theme as t on t.plan_id = s.plan_id and t.code = s.theme_code
where
    s.item_kind = 'action'
    and passes_filters(s.theme_code, s.owner_ids, s.status, s.rag, $themes, $officers, $statuses, $rags)
order by s.position
