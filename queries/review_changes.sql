-- One row per change between two dates ($since exclusive, $as_of inclusive): items newly complete,
-- RAG changes (from -> to, not counting completion; got_worse says which way, and the detail gives the
-- owner's reason when it got worse), forecasts moved (by how
-- many days), new commentary, and approved re-baselines. Items are filtered as they stand at $as_of.
-- Params: $plan_id VARCHAR, $since DATE, $as_of DATE, $red_after_days INTEGER,
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
        select ref, seq, status, rag, forecast_end, baseline_end,
        from states
        where as_of = $since::date
    ),
    paired as (
        select
            now.*,
            before.status as before_status,
            before.rag as before_rag,
            coalesce(before.forecast_end, before.baseline_end) as before_expected_end,
        from now
        join before on before.ref = now.ref and before.seq is not distinct from now.seq
    ),
    changes as (
        select 'newly_complete' as change_kind, item_ref, item_label, ref, seq, item_kind, theme_code, position, title,
            replace(before_status, '_', ' ') as from_value, 'complete' as to_value,
            actual_end - baseline_end as days_moved, actual_end as changed_on, rag_reason as detail,
            null::boolean as got_worse,
        from paired
        where status = 'complete' and before_status <> 'complete'
        union all
        select 'rag_changed', item_ref, item_label, ref, seq, item_kind, theme_code, position, title,
            before_rag, rag, null, last_update_on,
            case
                when rag_severity(rag) > rag_severity(before_rag) and last_change_reason is not null
                    then 'Worse since the last review, because: ' || last_change_reason
                else rag_reason
            end,
            rag_severity(rag) > rag_severity(before_rag),
        from paired
        where rag <> before_rag and status <> 'complete'
        union all
        select 'forecast_moved', item_ref, item_label, ref, seq, item_kind, theme_code, position, title,
            strftime(before_expected_end, '%-d %b %Y'), strftime(forecast_end, '%-d %b %Y'),
            forecast_end - before_expected_end, last_update_on,
            case when forecast_end > before_expected_end then 'later' else 'earlier' end,
            forecast_end > before_expected_end,
        from paired
        where status <> 'complete' and forecast_end is not null and forecast_end <> before_expected_end
        union all
        select 'new_commentary', now.item_ref, now.item_label, u.ref, u.seq, now.item_kind, now.theme_code, now.position, now.title,
            u.recorded_by, u.commentary, null, u.reported_on, null, null,
        from progress_update as u
        join now on now.ref = u.ref and now.seq is not distinct from u.seq
        where u.plan_id = $plan_id and u.reported_on > $since::date and u.reported_on <= $as_of::date
            and u.update_id not in (select update_id from progress_retraction)
            and length(trim(coalesce(u.commentary, ''))) > 0
        union all
        select 'rebaselined', now.item_ref, now.item_label, r.ref, r.seq, now.item_kind, now.theme_code, now.position, now.title,
            strftime(coalesce(lag(r.new_baseline_end) over (partition by r.ref, r.seq order by r.approved_on, r.rebaseline_id), now.original_end), '%-d %b %Y'),
            strftime(r.new_baseline_end, '%-d %b %Y'),
            r.new_baseline_end - coalesce(lag(r.new_baseline_end) over (partition by r.ref, r.seq order by r.approved_on, r.rebaseline_id), now.original_end),
            r.approved_on, r.reason || ' (approved by ' || r.approved_by || ')', null,
        from rebaseline as r
        join now on now.ref = r.ref and now.seq is not distinct from r.seq
        where r.plan_id = $plan_id and r.approved_on > $since::date and r.approved_on <= $as_of::date
    )
select
    c.change_kind, c.item_ref, c.item_label, c.ref, c.seq, c.item_kind, c.theme_code, c.title,
    c.from_value, c.to_value, c.days_moved, c.got_worse, c.changed_on, c.detail,
from changes as c
order by
    case c.change_kind
        when 'newly_complete' then 1 when 'rag_changed' then 2 when 'forecast_moved' then 3
        when 'rebaselined' then 4 else 5
    end,
    c.position, c.seq nulls first, c.changed_on
