-- Rebuild the derived item table for one plan. Params: $plan_id VARCHAR
-- A milestone with no own end takes its action's window (NOTES.md, "Milestones"). An action is owned
-- by its own owners and its milestones'; a milestone by its own, else the whole action's, else all.
delete from item where plan_id = $plan_id;
insert into item by name
with
    actions as (
        select
            plan_id, ref, null::integer as seq, 'action' as item_kind, theme_code, position,
            action_text as title,
            baseline_start as original_start,
            baseline_end as original_end,
            is_ongoing,
        from action
        where plan_id = $plan_id
    ),
    milestones as (
        select
            m.plan_id, m.ref, m.seq, 'milestone' as item_kind, a.theme_code, a.position,
            m.title,
            coalesce(m.baseline_start, a.baseline_start) as original_start,
            case when m.baseline_end is null and not m.is_ongoing then a.baseline_end else m.baseline_end end
                as original_end,
            case when m.baseline_end is null and not m.is_ongoing then a.is_ongoing else m.is_ongoing end
                as is_ongoing,
        from milestone as m
        join action as a using (plan_id, ref)
        where m.plan_id = $plan_id
    ),
    owned as (
        select s.ref, s.seq, s.officer_id, o.name,
        from assignment as s
        join officer as o using (officer_id)
        where s.plan_id = $plan_id
    ),
    all_owners as (
        select ref, list(distinct officer_id order by officer_id) as owner_ids,
            string_agg(distinct name, ', ' order by name) as owners,
        from owned
        group by ref
    ),
    whole_action_owners as (
        select ref, list(distinct officer_id order by officer_id) as owner_ids,
            string_agg(distinct name, ', ' order by name) as owners,
        from owned
        where seq is null
        group by ref
    ),
    milestone_owners as (
        select ref, seq, list(distinct officer_id order by officer_id) as owner_ids,
            string_agg(distinct name, ', ' order by name) as owners,
        from owned
        where seq is not null
        group by ref, seq
    ),
    items as (
        select * from actions
        union all by name
        select * from milestones
    )
select
    i.*,
    case when i.item_kind = 'action' then ao.owner_ids else coalesce(mo.owner_ids, wo.owner_ids, ao.owner_ids) end
        as owner_ids,
    case when i.item_kind = 'action' then ao.owners else coalesce(mo.owners, wo.owners, ao.owners) end as owners,
    coalesce(len(
        case when i.item_kind = 'action' then ao.owner_ids else coalesce(mo.owner_ids, wo.owner_ids, ao.owner_ids) end
    ), 0) as owner_count,
from items as i
left join all_owners as ao on ao.ref = i.ref
left join whole_action_owners as wo on wo.ref = i.ref
left join milestone_owners as mo on mo.ref = i.ref and mo.seq = i.seq;
