-- Record the thresholds the analysts' views use: the dashboard's own, so views and pages agree.
-- Params: $red_after_days INTEGER, $overload_threshold DOUBLE, $review_interval_days INTEGER
update view_setting
set red_after_days = $red_after_days,
    overload_threshold = $overload_threshold,
    review_interval_days = $review_interval_days
where red_after_days is distinct from $red_after_days
    or overload_threshold is distinct from $overload_threshold
    or review_interval_days is distinct from $review_interval_days
