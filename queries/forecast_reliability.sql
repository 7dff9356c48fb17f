-- One row per scope of one item, as of $as_of: the item itself, each of its owners (all the items they
-- own) and its theme: how far typed forecasts moved from one update to the next (to the actual end when
-- the next update recorded it complete), in days: positive = later. forecast_moves in forecast_items.sql.
-- Params: $plan_id VARCHAR, $ref VARCHAR, $seq INTEGER (NULL = the action itself), $as_of DATE
with
    this as (
        select * from item where plan_id = $plan_id and ref = $ref and seq is not distinct from $seq::integer
    ),
    moves as (
        select m.ref, m.seq, m.slip_days, i.theme_code, i.owner_ids,
        from forecast_moves($plan_id, $as_of, (select theme_code from this), (select owner_ids from this)) as m
        join item as i on i.plan_id = $plan_id and i.ref = m.ref and i.seq is not distinct from m.seq
    ),
    scopes as (
        select 1 as scope_order, 'item' as scope, item_ref($ref, $seq::integer) as scope_label, m.slip_days,
        from moves as m
        where m.ref = $ref and m.seq is not distinct from $seq::integer
        union all
        select 2, 'officer', o.name, m.slip_days,
        from (select unnest(owner_ids) as officer_id from this) as owner
        join officer as o using (officer_id)
        join moves as m on list_contains(m.owner_ids, owner.officer_id)
        union all
        select 3, 'theme', 'Theme ' || m.theme_code, m.slip_days,
        from moves as m
        where m.theme_code = (select theme_code from this)
    )
select
    scope,
    scope_label,
    count(*) as forecasts_compared,
    median(slip_days) as median_slip_days,
    round(avg(slip_days), 1) as mean_slip_days,
    round(100.0 * count(*) filter (where slip_days > 0) / count(*), 1) as percent_moved_later,
from scopes
group by scope_order, scope, scope_label
order by scope_order, scope_label
