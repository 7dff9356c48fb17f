-- One row per theme of a plan: how many actions and milestones it holds. Params: $plan_id VARCHAR
with
    actions as (
        select theme_code, count(*) as action_count
        from action
        where plan_id = $plan_id
        group by theme_code
    ),
    milestones as (
        select a.theme_code, count(*) as milestone_count
        from milestone as m
        join action as a using (plan_id, ref)
        where m.plan_id = $plan_id
        group by a.theme_code
    )
select
    t.code as theme_code,
    t.title as theme_title,
    t.position,
    coalesce(actions.action_count, 0) as action_count,
    coalesce(milestones.milestone_count, 0) as milestone_count,
from theme as t
left join actions on actions.theme_code = t.code
left join milestones on milestones.theme_code = t.code
where t.plan_id = $plan_id
order by t.position
