-- One row per milestone of one action, with its own owners (NULL: the action's owners).
-- Params: $plan_id VARCHAR, $ref VARCHAR
select
    m.seq,
    m.title,
    m.start_text,
    m.end_text,
    m.baseline_start,
    m.baseline_end,
    (
        select string_agg(o.name, ', ' order by o.name)
        from assignment as s
        join officer as o using (officer_id)
        where s.plan_id = m.plan_id and s.ref = m.ref and s.seq = m.seq
    ) as owners,
from milestone as m
where m.plan_id = $plan_id and m.ref = $ref
order by m.seq
