-- The figures built on item_state (store/sql/macros.sql), defined once: queries/theme_completion.sql and
-- queries/owner_load.sql select from them with the page's filters, and the analysts' views
-- (store/sql/views.sql) select from them at each review or as of today.

-- theme_completion(p_plan_id, p_as_of, p_due_by, p_red_after_days, f_themes, f_officers, f_statuses, f_rags):
-- one row per theme with any item passing the filters, then one row for all themes (theme_code NULL):
-- the headline figures of every page and export (components.rules.headline reads the all-themes row).
-- Actions and milestones total, complete, complete on time, in progress, not started, share complete;
-- actions by RAG (after the milestone roll-up); red and amber milestones and items (actions and
-- milestones); stale items; open items due between the as-of date and p_due_by (the next review, as in
-- due_soon.sql); the median slippage of actions and the worst slippage of any action or milestone, with
-- that item's ref (ongoing items have none); whether illustrative (demo) updates are counted.
-- The f_ lists are the sidebar's filters (NULL = all), as in passes_filters.
create or replace macro theme_completion(p_plan_id, p_as_of, p_due_by, p_red_after_days,
                                         f_themes, f_officers, f_statuses, f_rags) as table
with
    items as (
        select *
        from item_state(p_plan_id, p_as_of, p_red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, f_themes, f_officers, f_statuses, f_rags)
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
            count(*) filter (where is_due_between(is_open, due_on, p_as_of::date, p_due_by::date)) as items_due,
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
order by is_all_themes, position;

-- owner_load(p_plan_id, p_as_of, p_red_after_days, p_window_start, p_window_end, p_overload_threshold,
--            f_themes, f_officers, f_statuses, f_rags):
-- one row per officer and month from p_window_start to p_window_end (every officer owning an item that
-- passes the filters, every month, zeros included): open actions and milestones whose window overlaps
-- the month, open actions weighted by 1/number of owners, milestones due that month, red items, and
-- whether the weighted load is over p_overload_threshold.
-- An item's window runs from its baseline start (its end month when it has none) to its actual end when
-- complete, its cancellation when cancelled, the window's end when ongoing, else its effective finish.
create or replace macro owner_load(p_plan_id, p_as_of, p_red_after_days, p_window_start, p_window_end,
                                   p_overload_threshold, f_themes, f_officers, f_statuses, f_rags) as table
with
    items as (
        select
            item_kind, owner_ids, owner_count, rag,
            coalesce(baseline_start, date_trunc('month', coalesce(baseline_end, p_as_of::date)))::date as span_start,
            case
                when status = 'complete' then actual_end
                when status = 'cancelled' then last_update_on
                when effective_finish is null then p_window_end::date
                else effective_finish
            end as span_end,
            coalesce(actual_end, due_on) as finish_or_due_on,
        from item_state(p_plan_id, p_as_of, p_red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, f_themes, f_officers, f_statuses, f_rags)
    ),
    owned as (
        select *, unnest(owner_ids) as officer_id
        from items
    ),
    months as (
        -- numbered from the window's first month (0)
        select (date_trunc('month', p_window_start::date) + to_months(month_no))::date as month_start, month_no,
        from range(date_diff('month', date_trunc('month', p_window_start::date),
                             date_trunc('month', p_window_end::date)) + 1) as m(month_no)
    ),
    officers as (
        -- numbered in the order they are listed: grouping and joining on a number, not on the officer's id
        -- and a date, took 10-15% off at scale 1000 (1.2 million item-months)
        select officer_id, officer.name as officer_name, officer.kind as officer_kind,
            row_number() over (order by officer.name, officer_id) as officer_no,
        from (select distinct officer_id
              from owned
              where f_officers::varchar[] is null or list_contains(f_officers::varchar[], officer_id))
        join officer using (officer_id)
    ),
    numbered as (
        select f.officer_no, o.item_kind, o.owner_count, o.rag, o.span_start, o.span_end, o.finish_or_due_on,
        from owned as o
        join officers as f using (officer_id)
    ),
    load as (
        -- an item's window overlaps a month exactly when the month lies between the months of its start and
        -- its end, so each item lists its months by number (clipped to the window) instead of being compared
        -- with every month of the window; none when its end is unknown (least() would skip a NULL)
        select
            o.officer_no,
            o.month_no,
            count(*) filter (where o.item_kind = 'action') as open_actions,
            sum(1.0 / o.owner_count) filter (where o.item_kind = 'action') as open_actions_weighted,
            count(*) filter (where o.item_kind = 'milestone') as open_milestones,
            count(*) filter (where o.rag = 'red') as red_items,
        from (
            select officer_no, item_kind, owner_count, rag,
                unnest(range(
                    greatest(date_diff('month', date_trunc('month', p_window_start::date), span_start), 0),
                    least(date_diff('month', date_trunc('month', p_window_start::date), span_end),
                          date_diff('month', date_trunc('month', p_window_start::date),
                                    date_trunc('month', p_window_end::date))) + 1
                )) as month_no,
            from numbered
            where span_start is not null and span_end is not null
        ) as o
        group by all
    ),
    due as (
        select o.officer_no, date_trunc('month', o.finish_or_due_on)::date as month_start, count(*) as milestones_due,
        from numbered as o
        where o.item_kind = 'milestone' and o.finish_or_due_on between p_window_start::date and p_window_end::date
        group by all
    )
select
    f.officer_id,
    f.officer_name,
    f.officer_kind,
    m.month_start,
    coalesce(load.open_actions, 0) as open_actions,
    round(coalesce(load.open_actions_weighted, 0), 2) as open_actions_weighted,
    coalesce(load.open_milestones, 0) as open_milestones,
    coalesce(due.milestones_due, 0) as milestones_due,
    coalesce(load.red_items, 0) as red_items,
    round(coalesce(load.open_actions_weighted, 0), 2) > p_overload_threshold as is_overloaded,
from officers as f
cross join months as m
left join load on load.officer_no = f.officer_no and load.month_no = m.month_no
left join due on due.officer_no = f.officer_no and due.month_start = m.month_start
order by f.officer_no, m.month_start;
