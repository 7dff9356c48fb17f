-- One row per exception at a review, in the order a meeting takes them: new reds (red now, not red at
-- $since), still red, stale (no update since the previous review), overdue milestones (open, due date
-- passed), then items due between the as-of date and $due_by (the next review), as in due_soon.sql.
-- An item may appear under more than one kind.
-- Params: $plan_id VARCHAR, $as_of DATE, $since DATE, $due_by DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
with
    states as not materialized (
        -- both dates: the app reads them from its memo (store/state_memo.py), one fill for both; not
        -- materialized, so each use reads only its own date and columns (at scale 1000 copying every
        -- column of both dates cost 70-90 ms)
        select * from item_states($plan_id, [$since::date, $as_of::date], $red_after_days)
    ),
    now as (
        select * exclude (as_of)
        from states
        where as_of = $as_of::date
            and passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
    ),
    before as (
        select ref, seq, rag,
        from states
        where as_of = $since::date
    ),
    flagged as (
        select now.*, before.rag as previous_rag,
        from now
        left join before on before.ref = now.ref and before.seq is not distinct from now.seq
    ),
    exceptions as (
        select 'new_red' as exception_kind, 1 as exception_order, *
        from flagged where rag = 'red' and previous_rag is distinct from 'red'
        union all by name
        select 'still_red' as exception_kind, 2 as exception_order, *
        from flagged where rag = 'red' and previous_rag = 'red'
        union all by name
        select 'stale' as exception_kind, 3 as exception_order, *
        from flagged where is_stale
        union all by name
        select 'overdue_milestone' as exception_kind, 4 as exception_order, *
        from flagged where item_kind = 'milestone' and is_open and due_on < $as_of::date
        union all by name
        select 'due_soon' as exception_kind, 5 as exception_order, *
        from flagged where is_due_between(is_open, due_on, $as_of::date, $due_by::date)
    )
select
    exception_kind,
    item_kind,
    item_ref,
    item_label,
    ref,
    seq,
    theme_code,
    title,
    owners,
    status,
    percent_complete,
    rag,
    previous_rag,
    rag_reason,
    slippage_days,
    due_on,
    last_update_on,
    last_commentary,
from exceptions
order by exception_order, position, seq nulls first
