-- One row per officer and month from $window_start to $window_end (every officer owning an item that
-- passes the filters, every month, zeros included): open actions and milestones whose window overlaps
-- the month, open actions weighted by 1/number of owners, milestones due that month, red items, and
-- whether the weighted load is over $overload_threshold.
-- An item's window runs from its baseline start (its end month when it has none) to its actual end when
-- complete, its cancellation when cancelled, the window's end when ongoing, else its effective finish.
-- The figures are defined once, by the owner_load macro in store/sql/figures.sql (the analysts' views use it too).
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $window_start DATE, $window_end DATE,
--         $overload_threshold DOUBLE,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select *
from owner_load($plan_id, $as_of, $red_after_days, $window_start, $window_end, $overload_threshold,
                $themes, $officers, $statuses, $rags)
