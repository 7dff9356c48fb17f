-- One row per action of a plan, in plan order: for pickers. Params: $plan_id VARCHAR
select ref, action_text, item_label(ref, null, action_text) as item_label,
from action
where plan_id = $plan_id
order by position
