-- One row per review on or before $as_of, and the as-of date itself, at which one item had an evidence
-- forecast: the forecast and its 80% range as they stood on that date (nothing recorded after it counts).
-- The evidence beside the typed forecasts of forecast_trend.sql, for the slip chart.
-- Params: $plan_id VARCHAR, $ref VARCHAR, $seq INTEGER (NULL = the action itself), $as_of DATE
select
    as_of as on_date,
    progress_updates,
    evidence_finish,
    evidence_low,
    evidence_high,
from evidence_forecast(
    $plan_id,
    (select list_append(coalesce(list(review_date), []), $as_of::date)
     from review where plan_id = $plan_id and review_date <= $as_of::date),
    item_ref($ref, $seq::integer)
)
where evidence_finish is not null
order by as_of
