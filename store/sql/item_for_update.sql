-- One row if the item exists: its title, baseline window, owners, latest update id (for conflict
-- checks) and the day its plan starts (no update may be dated before it).
-- Params: $plan_id VARCHAR, $ref VARCHAR, $seq INTEGER (NULL = the action)
select
    i.title,
    i.original_start,
    i.original_end,
    (
        -- counted updates (not retracted) are item_span's rows, as in queries/item_last_update.sql
        select max(update_id)
        from item_span as u
        where u.plan_id = i.plan_id and u.ref = i.ref and u.seq is not distinct from i.seq
    ) as last_update_id,
    coalesce(i.owner_ids, []) as owner_ids,
    (select min(coalesce(original_start, original_end)) from item where plan_id = $plan_id) as plan_start,
from item as i
where i.plan_id = $plan_id and i.ref = $ref and i.seq is not distinct from $seq::integer
