-- The actor's latest save that has not been undone: its audit event and the update ids it wrote.
-- Params: $actor VARCHAR
select event_id, detail, "at",
from audit_log
where actor = $actor
    and event = 'progress_saved'
    and event_id not in (
        select json_extract(detail, '$.undoes')::bigint
        from audit_log
        where event = 'progress_undone'
    )
order by event_id desc
limit 1
