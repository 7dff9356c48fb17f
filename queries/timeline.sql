-- One row per action and milestone for the Gantt chart: the baseline bar (current baseline), the
-- forecast/actual bar (start to effective finish), the original end, RAG, theme and owners.
-- Items with no start begin in their end month; open-ended (ongoing) bars run to the as-of date.
-- One page of actions when $page_size is given: the $page_size actions from the $first_action-th (1 =
-- the first, in plan order) among those passing the filters, with their milestones, so a large plan's
-- Timeline asks for only the rows it draws (timeline_themes.sql gives the summary and the counts).
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all),
--         $first_action INTEGER, $page_size INTEGER (NULL = every action)
with
    items as (
        select
            *,
            bar_start(baseline_start, baseline_end, $as_of) as bar_start,
        from item_state($plan_id, $as_of, $red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    ),
    shown_actions as (
        select ref
        from items
        where item_kind = 'action'
        qualify $page_size::integer is null
            or row_number() over (order by position, ref) - $first_action::integer between 0 and $page_size::integer - 1
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
    bar_end(i.effective_finish, i.bar_start, $as_of) as progress_bar_end,
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
where i.ref in (select ref from shown_actions)
order by t.position, i.position, i.seq nulls first
