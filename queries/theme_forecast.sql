-- One row per theme with open, dated actions or milestones passing the filters, as of $as_of: the chance
-- that all of them finish by the theme's baseline end (the latest of its items'), each finish drawn
-- independently from past slips of comparable items (item_forecast in store/sql/forecast_items.sql).
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    items as (
        select *
        from item_forecast($plan_id, $as_of, $red_after_days)
        where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    ),
    themes as (
        select
            theme_code,
            max(theme_end) as theme_end,
            count(*) as open_items,
            count(*) filter (where chance_by_theme_end is null) as unjudged_items,
            product(chance_by_theme_end) as chance,
            max(theme_n) as theme_pool_n,
            max(plan_n) as plan_pool_n,
            count(*) filter (where is_likely_late) as likely_late_items,
        from (select *, coalesce(evidence_disagrees and evidence_gap_days > 0, false) as is_likely_late from items)
        group by theme_code
    )
select
    s.theme_code,
    t.title as theme_title,
    s.theme_end,
    s.open_items,
    s.likely_late_items,
    -- rounded: a product of many shares can differ in its last digits with the order DuckDB multiplies them in
    case when s.unjudged_items = 0 then round(s.chance, 6) end as chance_on_time,
    case
        when s.unjudged_items > 0 then 'too few past forecasts to judge (' || s.plan_pool_n || ', '
            || forecast_min_pool() || ' needed)'
        else 'its ' || s.open_items || ' open item' || case when s.open_items = 1 then '' else 's' end
            || ' judged from ' || format('{:,}', case when s.theme_pool_n >= forecast_min_pool()
                                                      then s.theme_pool_n else s.plan_pool_n end)
            || ' past forecasts'
            || case when s.theme_pool_n >= forecast_min_pool() then ' in this theme' else ' across the plan' end
    end as chance_basis,
from themes as s
join theme as t on t.plan_id = $plan_id and t.code = s.theme_code
order by t.position
