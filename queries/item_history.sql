-- One row per progress update of an action and its milestones, newest first, up to the as-of date.
-- Params: $plan_id VARCHAR, $ref VARCHAR, $as_of DATE
select
    u.update_id,
    u.seq,
    coalesce(m.title, 'Whole action') as item,
    item_ref(u.ref, u.seq) as item_ref,
    u.reported_on,
    u.status,
    u.percent_complete,
    u.forecast_end,
    u.actual_end,
    u.rag_override,
    u.rag_reason,
    u.commentary,
    u.recorded_by,
    u.recorded_at,
    u.origin,
from progress_update as u
left join milestone as m on m.plan_id = u.plan_id and m.ref = u.ref and m.seq = u.seq
where u.plan_id = $plan_id and u.ref = $ref and u.reported_on <= $as_of
    and u.update_id not in (select update_id from progress_retraction)
order by u.reported_on desc, u.update_id desc
