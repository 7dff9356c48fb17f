-- One row per theme with any action passing the filters, for a large plan's Timeline: its actions, how
-- many of them are of each RAG, its first bar start and its last bar end (the action bars of
-- timeline.sql, from the same item_state), and whether illustrative progress counts. The page draws one
-- bar per theme from it, and pages through a theme's actions with timeline.sql.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select
    t.position as theme_position,
    s.theme_code,
    t.title as theme_title,
    min(bar_start(s.baseline_start, s.baseline_end, $as_of)) as start,
    max(bar_end(s.effective_finish, bar_start(s.baseline_start, s.baseline_end, $as_of), $as_of)) as end,
    count(*) as n,
    count(*) filter (where s.rag = 'red') as n_red,
    count(*) filter (where s.rag = 'amber') as n_amber,
    count(*) filter (where s.rag = 'green') as n_green,
    count(*) filter (where s.rag = 'blue') as n_blue,
    count(*) filter (where s.rag = 'grey') as n_grey,
    coalesce(bool_or(s.is_demo), false) as uses_demo_progress,
from item_state($plan_id, $as_of, $red_after_days) as s
join theme as t on t.plan_id = s.plan_id and t.code = s.theme_code
where s.item_kind = 'action'
    and passes_filters(s.theme_code, s.owner_ids, s.status, s.rag, $themes, $officers, $statuses, $rags)
group by all
order by t.position
