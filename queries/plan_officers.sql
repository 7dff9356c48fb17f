-- One row per officer or role who owns any action or milestone of a plan, by name, with the e-mail that
-- matches them to their sign-in (NULL when not recorded).
-- Params: $plan_id VARCHAR
select distinct o.officer_id, o.name, o.kind, o.email,
from assignment as s
join officer as o using (officer_id)
where s.plan_id = $plan_id
order by o.kind, o.name
