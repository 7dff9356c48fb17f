-- One row per decision or action arising noted at one review meeting that still counts (a note
-- corrected by a later one is left out), in the order they were noted, with the owner's full name and
-- the step of the meeting it came from in words.
-- Params: $plan_id VARCHAR, $review_date DATE
select
    n.note_id,
    n.kind,
    n.note_text,
    n.owner_id,
    o.name as owner_name,
    n.due_on,
    n.step,
    case
        when n.step = 'summary' then 'Summary'
        when n.step = 'changes' then 'What changed'
        when n.step = 'notes' then 'Decisions and actions'
        when n.step like 'theme %' then 'Theme ' || substr(n.step, 7)
        else 'Item ' || n.step
    end as step_label,
    n.supersedes,
    n.recorded_by,
    n.recorded_at,
from review_note as n
left join officer as o on o.officer_id = n.owner_id
where n.plan_id = $plan_id
    and n.review_date = $review_date
    and not exists (select 1 from review_note as later where later.supersedes = n.note_id)
order by n.note_id
