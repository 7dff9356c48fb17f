-- One row per review of the plan (or, with no reviews, per update of the item): the item's forecast
-- end, current baseline end and slippage as they stood on that date: the data of a slip chart.
-- Params: $plan_id VARCHAR, $ref VARCHAR, $seq INTEGER (NULL = the action itself)
with
    item as (
        select *
        from item
        where plan_id = $plan_id and ref = $ref and seq is not distinct from $seq::integer
    ),
    updates as (
        select reported_on, status, forecast_end, actual_end,
        from progress_update
        where plan_id = $plan_id and ref = $ref and seq is not distinct from $seq::integer
            and update_id not in (select update_id from progress_retraction)
        qualify row_number() over (partition by reported_on order by update_id desc) = 1
    ),
    rebaselines as (
        select approved_on, new_baseline_end,
        from rebaseline
        where plan_id = $plan_id and ref = $ref and seq is not distinct from $seq::integer
        qualify row_number() over (partition by approved_on order by rebaseline_id desc) = 1
    ),
    dates as (
        select review_date as on_date, title as review_title,
        from review
        where plan_id = $plan_id
        union all
        select reported_on, null
        from updates
        where not exists (select 1 from review where plan_id = $plan_id)
    ),
    replayed as (
        select
            d.on_date,
            d.review_title,
            coalesce(u.status, 'not_started') as status,
            u.forecast_end,
            case when u.status = 'complete' then u.actual_end end as actual_end,
            coalesce(r.new_baseline_end, item.original_end) as baseline_end,
            item.original_end,
            item.is_ongoing and r.new_baseline_end is null as is_open_ended,
        from dates as d
        cross join item
        asof left join updates as u on d.on_date >= u.reported_on
        asof left join rebaselines as r on d.on_date >= r.approved_on
    )
select
    on_date,
    review_title,
    status,
    forecast_end,
    actual_end,
    baseline_end,
    original_end,
    case
        when status = 'complete' then actual_end
        when is_open_ended or status = 'cancelled' then null
        else greatest(coalesce(forecast_end, baseline_end), on_date)
    end as expected_finish,
    case
        when status = 'complete' then actual_end - baseline_end
        when is_open_ended or status = 'cancelled' then null
        else greatest(coalesce(forecast_end, baseline_end), on_date) - baseline_end
    end as slippage_days,
from replayed
order by on_date
