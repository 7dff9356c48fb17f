-- One row per officer and month from $window_start to $window_end (every officer owning an item that
-- passes the filters, every month, zeros included): open actions and milestones whose window overlaps
-- the month, open actions weighted by 1/number of owners, milestones due that month, red items, and
-- whether the weighted load is over $overload_threshold.
-- An item's window runs from its baseline start (its end month when it has none) to its actual end when
-- complete, its cancellation when cancelled, the window's end when ongoing, else its effective finish.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $window_start DATE, $window_end DATE,
--         $overload_threshold DOUBLE,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    items as (
        select
            *,
            coalesce(baseline_start, date_trunc('month', coalesce(baseline_end, $as_of::date)))::date as span_start,
            case
                when status = 'complete' then actual_end
                when status = 'cancelled' then last_update_on
                when effective_finish is null then $window_end::date
                else effective_finish
            end as span_end,
            coalesce(actual_end, due_on) as finish_or_due_on,
        from item_state($plan_id, $as_of, $red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    ),
    owned as (
        select *, unnest(owner_ids) as officer_id
        from items
    ),
    months as (
        select month_start::date as month_start, (month_start + interval 1 month - interval 1 day)::date as month_end,
        from unnest(generate_series(
            date_trunc('month', $window_start::date), date_trunc('month', $window_end::date), interval 1 month
        )) as m(month_start)
    ),
    officers as (
        select distinct officer_id
        from owned
        where $officers::varchar[] is null or list_contains($officers::varchar[], officer_id)
    ),
    load as (
        select
            o.officer_id,
            m.month_start,
            count(*) filter (where o.item_kind = 'action') as open_actions,
            sum(1.0 / o.owner_count) filter (where o.item_kind = 'action') as open_actions_weighted,
            count(*) filter (where o.item_kind = 'milestone') as open_milestones,
            count(*) filter (where o.rag = 'red') as red_items,
        from owned as o
        join months as m on o.span_start <= m.month_end and o.span_end >= m.month_start
        group by all
    ),
    due as (
        select o.officer_id, date_trunc('month', o.finish_or_due_on)::date as month_start, count(*) as milestones_due,
        from owned as o
        where o.item_kind = 'milestone' and o.finish_or_due_on between $window_start::date and $window_end::date
        group by all
    )
select
    f.officer_id,
    officer.name as officer_name,
    officer.kind as officer_kind,
    m.month_start,
    coalesce(load.open_actions, 0) as open_actions,
    round(coalesce(load.open_actions_weighted, 0), 2) as open_actions_weighted,
    coalesce(load.open_milestones, 0) as open_milestones,
    coalesce(due.milestones_due, 0) as milestones_due,
    coalesce(load.red_items, 0) as red_items,
    coalesce(load.open_actions_weighted, 0) > $overload_threshold as is_overloaded,
from officers as f
join officer using (officer_id)
cross join months as m
left join load on load.officer_id = f.officer_id and load.month_start = m.month_start
left join due on due.officer_id = f.officer_id and due.month_start = m.month_start
order by officer_name, m.month_start
