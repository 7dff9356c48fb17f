-- One row per officer who owns anything in the plan: the actions they own (wholly or through one
-- of its milestones). Params: $plan_id VARCHAR
select
    o.officer_id,
    o.name as officer_name,
    o.kind as officer_kind,
    count(distinct s.ref) as action_count,
    count(distinct s.ref) filter (where s.seq is null) as whole_action_count,
    count(*) filter (where s.seq is not null) as milestone_count,
    string_agg(distinct s.ref, ', ' order by s.ref) as refs,
from assignment as s
join officer as o using (officer_id)
where s.plan_id = $plan_id
group by all
order by action_count desc, officer_name
