-- One row per plan in the database, the built-in plan first then by title. No parameters.
select
    plan_id,
    title,
    organisation,
    source,
    (select count(*) from action as a where a.plan_id = p.plan_id) as action_count,
from plan as p
order by plan_id <> 'tbc-rent-sip', title
