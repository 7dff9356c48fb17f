-- One row per column the source tracker had beyond the plan's own ("Budget", "Savings £000") for one
-- action and its milestones: the item, the column's header and the cell's text. Params: $plan_id VARCHAR, $ref VARCHAR
with
    items as (
        select ref, null::integer as seq, extra, from action where plan_id = $plan_id and ref = $ref
        union all
        select ref, seq, extra, from milestone where plan_id = $plan_id and ref = $ref
    )
select
    item_ref(i.ref, i.seq) as item_ref,
    i.seq,
    j.key as column_name,
    j.value ->> '$' as cell_text,
from items as i, json_each(i.extra) as j
where i.extra is not null
order by i.seq nulls first, j.id
