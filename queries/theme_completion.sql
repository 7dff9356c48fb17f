-- One row per theme with any item passing the filters, then one row for all themes (theme_code NULL):
-- the headline figures of every page and export (components.rules.headline reads the all-themes row).
-- Actions and milestones total, complete, complete on time, in progress, not started, share complete;
-- actions by RAG (after the milestone roll-up); red and amber milestones and items (actions and
-- milestones); stale items; open items due between the as-of date and $due_by (the next review, as in
-- due_soon.sql); the median slippage of actions and the worst slippage of any action or milestone, with
-- that item's ref (ongoing items have none); whether illustrative (demo) updates are counted.
-- The figures are defined once, by the theme_completion macro in store/sql/figures.sql (the analysts' views use it too).
-- Params: $plan_id VARCHAR, $as_of DATE, $due_by DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select *
from theme_completion($plan_id, $as_of, $due_by, $red_after_days, $themes, $officers, $statuses, $rags)
