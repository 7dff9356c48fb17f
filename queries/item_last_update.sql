-- One row per action and milestone of a plan: its latest counted update id (NULL if none), which an
-- editor's save must still match (see store.progress.record_updates and store/sql/item_for_update.sql).
-- Counted updates (not retracted) are item_span's rows, one each: grouped before the join, as 1.15 million
-- updates at scale 1000 otherwise go through the join first. Params: $plan_id VARCHAR
with
    latest as (
        select ref, seq, max(update_id) as last_update_id,
        from item_span
        where plan_id = $plan_id
        group by ref, seq
    )
select
    i.ref,
    i.seq,
    l.last_update_id,
from item as i
left join latest as l on l.ref = i.ref and l.seq is not distinct from i.seq
where i.plan_id = $plan_id
order by i.ref, i.seq nulls first
