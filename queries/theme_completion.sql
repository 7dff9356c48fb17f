-- One row per theme with any item passing the filters, then one row for all themes (theme_code NULL):
-- actions and milestones total, complete, complete on time, in progress, not started, share complete,
-- actions by RAG, stale actions and milestones, and the median and worst slippage of its actions
-- (ongoing actions have none).
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    items as (
        select *
        from item_state($plan_id, $as_of, $red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    ),
    counted as (
        select
            t.code as theme_code,
            t.title as theme_title,
            t.position,
            count(*) filter (where item_kind = 'action') as actions_total,
            count(*) filter (where item_kind = 'action' and status = 'complete') as actions_complete,
            count(*) filter (where item_kind = 'action' and is_complete_on_time) as actions_complete_on_time,
            count(*) filter (where item_kind = 'action' and status = 'in_progress') as actions_in_progress,
            count(*) filter (where item_kind = 'action' and status = 'not_started') as actions_not_started,
            count(*) filter (where item_kind = 'action' and status in ('on_hold', 'cancelled')) as actions_on_hold_or_cancelled,
            count(*) filter (where item_kind = 'milestone') as milestones_total,
            count(*) filter (where item_kind = 'milestone' and status = 'complete') as milestones_complete,
            count(*) filter (where item_kind = 'milestone' and is_complete_on_time) as milestones_complete_on_time,
            count(*) filter (where item_kind = 'action' and rag = 'red') as actions_red,
            count(*) filter (where item_kind = 'action' and rag = 'amber') as actions_amber,
            count(*) filter (where item_kind = 'action' and rag = 'green') as actions_green,
            count(*) filter (where item_kind = 'action' and rag = 'blue') as actions_blue,
            count(*) filter (where item_kind = 'action' and rag = 'grey') as actions_grey,
            count(*) filter (where is_stale) as items_stale,
            median(slippage_days) filter (where item_kind = 'action') as median_slippage_days,
            max(slippage_days) filter (where item_kind = 'action') as worst_slippage_days,
            grouping(t.code) = 1 as is_all_themes,
        from items
        join theme as t on t.plan_id = items.plan_id and t.code = items.theme_code
        group by grouping sets ((t.code, t.title, t.position), ())
    )
select
    theme_code,
    coalesce(theme_title, 'All themes') as theme_title,
    actions_total,
    actions_complete,
    actions_complete_on_time,
    actions_in_progress,
    actions_not_started,
    actions_on_hold_or_cancelled,
    round(100.0 * actions_complete / nullif(actions_total, 0), 1) as percent_actions_complete,
    round(100.0 * actions_complete_on_time / nullif(actions_complete, 0), 1) as percent_complete_on_time,
    milestones_total,
    milestones_complete,
    milestones_complete_on_time,
    round(100.0 * milestones_complete / nullif(milestones_total, 0), 1) as percent_milestones_complete,
    actions_red,
    actions_amber,
    actions_green,
    actions_blue,
    actions_grey,
    items_stale,
    median_slippage_days,
    worst_slippage_days,
from counted
order by is_all_themes, position
