-- One row per approved re-baseline of an action or its milestones, in order of approval.
-- Params: $plan_id VARCHAR, $ref VARCHAR
select
    r.seq,
    coalesce(m.title, 'Whole action') as item,
    item_ref(r.ref, r.seq) as item_ref,
    r.approved_on,
    r.new_baseline_start,
    r.new_baseline_end,
    r.reason,
    r.approved_by,
from rebaseline as r
left join milestone as m on m.plan_id = r.plan_id and m.ref = r.ref and m.seq = r.seq
where r.plan_id = $plan_id and r.ref = $ref
order by r.approved_on, r.rebaseline_id
