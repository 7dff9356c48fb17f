-- One row per officer or role owning an open action or milestone that is due to have started by $as_of:
-- how many such items they have, how many are not yet updated in this review cycle (no update after
-- $cycle_start, the latest review held) and since when (their oldest last update among those; NULL
-- with never_updated > 0 when some were never updated). Who to chase before the next review, the
-- most outstanding first.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $cycle_start DATE (NULL = no review held yet)
with
    owned as (
        select
            unnest(owner_ids) as officer_id,
            item_ref,
            last_update_on,
            not coalesce($cycle_start::date is null or last_update_on > $cycle_start::date, false) as is_outstanding,
        from item_state($plan_id, $as_of, $red_after_days)
        where is_open and coalesce(baseline_start, baseline_end) <= $as_of::date
    )
select
    o.officer_id,
    o.name,
    o.kind,
    o.email,
    count(*) as open_items,
    count(*) filter (where owned.is_outstanding) as items_not_updated,
    count(*) filter (where owned.is_outstanding and owned.last_update_on is null) as items_never_updated,
    min(owned.last_update_on) filter (where owned.is_outstanding) as oldest_update_on,
    list(owned.item_ref order by owned.item_ref) filter (where owned.is_outstanding) as refs_not_updated,
from owned
join officer as o using (officer_id)
group by all
order by items_not_updated desc, o.name
