-- One row: one action with its theme and owners, dates as written beside the parsed ones.
-- Params: $plan_id VARCHAR, $ref VARCHAR
select
    a.ref,
    a.theme_code,
    t.title as theme_title,
    a.action_text,
    a.outcome_text,
    a.start_text,
    a.end_text,
    a.baseline_start,
    a.baseline_end,
    a.is_ongoing,
    a.transcription_note,
    (
        select string_agg(distinct o.name, ', ' order by o.name)
        from assignment as s
        join officer as o using (officer_id)
        where s.plan_id = a.plan_id and s.ref = a.ref
    ) as owners,
from action as a
join theme as t on t.plan_id = a.plan_id and t.code = a.theme_code
where a.plan_id = $plan_id and a.ref = $ref
