-- One row per action and milestone for the Gantt chart: the baseline bar (current baseline), the
-- forecast/actual bar (start to effective finish), the original end, RAG, theme and owners.
-- Items with no start begin in their end month; open-ended (ongoing) bars run to the as-of date.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    items as (
        select
            *,
            coalesce(baseline_start, date_trunc('month', coalesce(baseline_end, $as_of::date)))::date as bar_start,
        from item_state($plan_id, $as_of, $red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    )
select
    i.item_kind,
    i.item_ref,
    i.item_label,
    i.ref,
    i.seq,
    i.theme_code,
    t.title as theme_title,
    t.position as theme_position,
    i.position,
    i.title,
    i.owners,
    i.status,
    i.percent_complete,
    i.rag,
    i.rag_reason,
    i.bar_start,
    coalesce(i.baseline_end, greatest($as_of::date, i.bar_start)) as baseline_bar_end,
    coalesce(i.effective_finish, greatest($as_of::date, i.bar_start)) as progress_bar_end,
    i.baseline_start,
    i.baseline_end,
    i.original_end,
    i.forecast_end,
    i.actual_end,
    i.slippage_days,
    i.is_ongoing,
    i.is_rebaselined,
    i.is_demo,
from items as i
join theme as t on t.plan_id = i.plan_id and t.code = i.theme_code
order by t.position, i.position, i.seq nulls first
