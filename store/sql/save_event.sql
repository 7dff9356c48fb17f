-- One save (a 'progress_saved' audit event): who made it, what it wrote, and whether it was undone.
-- Params: $event_id BIGINT
select
    s.actor,
    s.detail,
    exists (
        select 1 from audit_log as u
        where u.event = 'progress_undone' and json_extract(u.detail, '$.undoes')::bigint = s.event_id
    ) as is_undone,
from audit_log as s
where s.event_id = $event_id and s.event = 'progress_saved'
