-- One row per open action or milestone due within $horizon_days after the as-of date (forecast end
-- where given, else the baseline end), soonest first.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $horizon_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    due as (
        select *, coalesce(forecast_end, baseline_end) as due_on,
        from item_state($plan_id, $as_of, $red_after_days)
        where is_open and passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    )
select
    item_kind,
    ref,
    seq,
    theme_code,
    title,
    owners,
    due_on,
    due_on - $as_of::date as days_until_due,
    status,
    percent_complete,
    rag,
    rag_reason,
from due
where due_on between $as_of::date and $as_of::date + $horizon_days::integer
order by due_on, position, seq nulls first
