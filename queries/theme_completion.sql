-- One row per theme with any item passing the filters, then one row for all themes (theme_code NULL):
-- the headline figures of every page and export (components.rules.headline reads the all-themes row).
-- Actions and milestones total, complete, complete on time, in progress, not started, share complete;
-- actions by RAG (after the milestone roll-up); red and amber milestones and items (actions and
-- milestones); stale items; open items due between the as-of date and $due_by (the next review, as in
-- due_soon.sql); the median slippage of actions and the worst slippage of any action or milestone, with
-- that item's ref (ongoing items have none); whether illustrative (demo) updates are counted.
-- Params: $plan_id VARCHAR, $as_of DATE, $due_by DATE, $red_after_days INTEGER,
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
            count(*) filter (where item_kind = 'milestone' and rag = 'red') as milestones_red,
            count(*) filter (where item_kind = 'milestone' and rag = 'amber') as milestones_amber,
            count(*) filter (where is_stale) as items_stale,
            count(*) filter (where is_due_between(is_open, due_on, $as_of::date, $due_by::date)) as items_due,
            median(slippage_days) filter (where item_kind = 'action') as median_slippage_days,
            max(slippage_days) as worst_slippage_days,
            -- the most slipped item; ties go to the first in plan order
            arg_max(items.item_ref, (items.slippage_days, -items.position, -coalesce(items.seq, 0))) filter (where items.slippage_days is not null)
                as worst_slippage_ref,
            coalesce(bool_or(is_demo), false) as uses_demo_progress,
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
    milestones_red,
    milestones_amber,
    actions_red + milestones_red as items_red,
    actions_amber + milestones_amber as items_amber,
    items_stale,
    items_due,
    median_slippage_days,
    worst_slippage_days,
    worst_slippage_ref,
    uses_demo_progress,
from counted
order by is_all_themes, position
