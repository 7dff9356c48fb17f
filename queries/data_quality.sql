-- One row per finding about a plan's data (not its progress): actions with no owner, no end date (and
-- not ongoing) or no start date; milestones ending outside their action's window; readings that were a
-- judgement call in the transcription; and, as of $as_of, open items whose expected finish and the
-- evidence of their percent complete disagree (item_forecast in store/sql/forecast_items.sql).
-- Params: $plan_id VARCHAR, $as_of DATE
with
    findings as (
        select 1 as check_order, 'No owner' as check_name, a.ref, null::integer as seq, a.position,
            'Nobody is assigned to this action.' as detail,
        from action as a
        where a.plan_id = $plan_id
            and not exists (select 1 from assignment as s where s.plan_id = a.plan_id and s.ref = a.ref)
        union all
        select 2, 'No end date', ref, null, position,
            'The plan gives no end date and does not say ongoing: no slippage can be measured.',
        from action
        where plan_id = $plan_id and baseline_end is null and not is_ongoing
        union all
        select 3, 'No start date', ref, null, position,
            'The plan gives no start date (written: ''' || coalesce(end_text, '') || ''' as its end).',
        from action
        where plan_id = $plan_id and baseline_start is null
        union all
        select 4, 'Milestone outside its action', m.ref, m.seq, a.position,
            'Milestone ends ' || strftime(m.baseline_end, '%-d %b %Y') || ', outside the action''s window ('
                || coalesce(strftime(a.baseline_start, '%-d %b %Y'), 'no start') || ' to '
                || coalesce(strftime(a.baseline_end, '%-d %b %Y'), 'ongoing') || ').',
        from milestone as m
        join action as a using (plan_id, ref)
        where m.plan_id = $plan_id and m.baseline_end is not null
            and (m.baseline_end > a.baseline_end or m.baseline_end < a.baseline_start)
        union all
        select 5, 'Judgement call in the transcription', ref, null, position, transcription_note,
        from action
        where plan_id = $plan_id and transcription_note is not null
        union all
        select 5, 'Judgement call in the transcription', m.ref, m.seq, a.position, m.transcription_note,
        from milestone as m
        join action as a using (plan_id, ref)
        where m.plan_id = $plan_id and m.transcription_note is not null
        -- forecasts (issue 17): the red threshold (30) changes no item's openness, expected finish or forecast
        union all
        select 6, 'Forecast disagrees with the evidence', ref, seq, position,
            'Expected finish ' || strftime(effective_finish, '%-d %b %Y') || ' ('
                || case when forecast_end is null then 'its baseline end' when forecast_end < $as_of::date
                        then 'its forecast has passed' else 'its typed forecast' end
                || '), but its percent complete over time says ' || strftime(evidence_finish, '%-d %b %Y') || ', '
                || evidence_gap_words || coalesce(' (80% range ' || strftime(evidence_low, '%-d %b %Y') || ' to '
                || strftime(evidence_high, '%-d %b %Y') || ')', '') || '.',
        from item_forecast($plan_id, $as_of, 30)
        where evidence_disagrees
    )
select check_name, ref, seq, detail,
from findings
order by check_order, position, seq nulls first
