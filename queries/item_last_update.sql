-- One row per action and milestone of a plan: its latest counted update id (NULL if none), which an
-- editor's save must still match (see store.progress.record_updates). Params: $plan_id VARCHAR
select
    i.ref,
    i.seq,
    max(u.update_id) as last_update_id,
from item as i
left join progress_update as u
    on u.plan_id = i.plan_id and u.ref = i.ref and u.seq is not distinct from i.seq
    and u.update_id not in (select update_id from progress_retraction)
where i.plan_id = $plan_id
group by all
order by i.ref, i.seq nulls first
