-- One row per open action and milestone with a baseline end, passing the filters, as of $as_of: the
-- expected finish the dashboard shows (typed forecast, else baseline end; never before the as-of date)
-- beside the evidence forecast from its percent complete over time, with its 80% range, and the chance of
-- finishing by the baseline end. Defined in store/sql/forecast.sql and forecast_items.sql; README "Forecasts".
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select
    item_kind,
    item_ref,
    item_label,
    ref,
    seq,
    theme_code,
    title,
    owners,
    status,
    percent_complete,
    rag,
    baseline_end,
    forecast_end,
    effective_finish,
    progress_updates,
    pace_per_day,
    is_stalled,
    evidence_finish,
    evidence_low,
    evidence_high,
    evidence_gap_days,
    evidence_gap_words,
    coalesce(evidence_disagrees, false) as evidence_disagrees,
    coalesce(evidence_disagrees and evidence_gap_days > 0, false) as is_likely_late,
    evidence_basis,
    range_basis,
    chance_on_time,
    chance_basis,
    pool_n as chance_pool_n,
    is_demo,
from item_forecast($plan_id, $as_of, $red_after_days)
where passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
order by position, seq nulls first
