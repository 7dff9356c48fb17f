-- The one definition of an item's state as of a date: status, slippage, RAG and stale.
-- Part of the schema (anyone opening the file can `select * from item_state('tbc-rent-sip', date '2018-03-01', 30)`).
-- Re-created with `create or replace` when the app opens the database, so old files pick up fixes.
--
-- item_states(p_plan_id VARCHAR, p_dates DATE[], p_red_after_days INTEGER):
--   one row per as-of date (column as_of), action (seq NULL) and milestone of the plan: the state at
--   several dates in one pass (the Review page compares two). item_state(p_plan_id, p_as_of DATE,
--   p_red_after_days) is the same at one date, without the as_of column.
--
-- Definitions (README "Definitions"):
--   as of:      the latest update of each item with reported_on <= as_of counts, nothing later
--               (an update undone by its editor, in progress_retraction, does not count).
--   baseline:   the current one (latest approved re-baseline on or before as_of), else the original
--               (table item: a milestone with no own dates takes its action's window).
--   slippage:   effective_finish - baseline_end in days; effective_finish = actual_end when complete,
--               otherwise the later of (forecast end, or baseline end if none) and the as-of date.
--               Ongoing and cancelled items have none.
--   RAG:        blue complete; grey cancelled or not due to start; red slippage > p_red_after_days;
--               amber 1..p_red_after_days days, or should have started and has not; green otherwise.
--               A manual override wins and is flagged.
--   roll-up:    an open action is never shown better than its worst open milestone: when a milestone
--               is red or amber and worse than the action's own rating (computed or overridden), the
--               action takes the milestone's rating, and its reason names the milestone
--               ("Red: milestone 2 'Seek cabinet approval' is 40 days late"). own_rag keeps the
--               action's own rating. Slippage, status and completion are never rolled up.
--   stale:      open, due to have started, and no update since the previous review.

-- data_version(): a number that grows with every change made through the app or the CLI (each writes an
-- audit_log row): the app's caches (query results, the memo of item_states) are keyed on it.
create or replace macro data_version() as (select coalesce(max(event_id), 0) from audit_log);

-- passes_filters(...): the sidebar's filters; a NULL list means "all".
create or replace macro passes_filters(theme_code, owner_ids, status, rag, f_themes, f_officers, f_statuses, f_rags) as
    (f_themes is null or list_contains(f_themes, theme_code))
    and (f_officers is null or list_has_any(owner_ids, f_officers))
    and (f_statuses is null or list_contains(f_statuses, status))
    and (f_rags is null or list_contains(f_rags, rag));

-- item_ref(ref, seq) and item_label(ref, seq, title): an item's one key and one label, "2.1" or "2.1/3"
-- and "2.1/3 · Update website". Every query takes them from here; nothing above SQL builds them.
create or replace macro item_ref(ref, seq) as ref || coalesce('/' || seq, '');
create or replace macro item_label(ref, seq, title) as item_ref(ref, seq) || ' · ' || title;

-- rag_severity(rag): how bad a rating is, for "the worse of two": red 4, amber 3, green 2, grey 1, blue 0.
create or replace macro rag_severity(rag) as
    case rag when 'red' then 4 when 'amber' then 3 when 'green' then 2 when 'grey' then 1 else 0 end;

-- bar_start(...) and bar_end(...): an item's bar on the Timeline: from its baseline start (its end month,
-- else the as-of month, when it has none) to its effective finish (an open-ended item's runs to the as-of date).
create or replace macro bar_start(baseline_start, baseline_end, as_of) as
    coalesce(baseline_start, date_trunc('month', coalesce(baseline_end, as_of::date)))::date;
create or replace macro bar_end(effective_finish, bar_start, as_of) as
    coalesce(effective_finish, greatest(as_of::date, bar_start));

-- short_text(text, n): at most n characters, with an ellipsis when cut.
create or replace macro short_text(t, n) as
    case when length(t) > n then rtrim(left(t, n - 1)) || '…' else t end;

-- is_due_between(...): an open item due (forecast end, else baseline end) between two dates, both included.
create or replace macro is_due_between(is_open, due_on, from_date, to_date) as
    is_open and due_on between from_date and to_date;

create or replace macro item_states(p_plan_id, p_dates, p_red_after_days) as table
with
    dates as (
        select distinct unnest(p_dates::date[]) as as_of
    ),
    items as (
        select * from item, dates where plan_id = p_plan_id
    ),
    rebaselined as (
        select d.as_of, ref, seq, new_baseline_start, new_baseline_end, approved_on,
        from rebaseline, dates as d
        where plan_id = p_plan_id and approved_on <= d.as_of
        qualify row_number() over (partition by d.as_of, ref, seq order by approved_on desc, rebaseline_id desc) = 1
    ),
    latest_ids as (
        -- each item's latest counted update: the one whose span (table item_span, maintained with every
        -- write) holds the as-of date; a range filter on narrow rows, not a ranking of the whole history
        select d.as_of, update_id
        from item_span, dates as d
        where plan_id = p_plan_id and counts_from <= d.as_of and (counts_until is null or counts_until > d.as_of)
    ),
    latest as (
        select
            l.as_of, u.ref, u.seq, u.reported_on, u.status, u.percent_complete, u.forecast_end, u.actual_end,
            u.rag_override, u.rag_reason, u.commentary, u.change_reason, u.recorded_by, u.is_demo,
        from latest_ids as l
        join progress_update as u using (update_id)
    ),
    previous_review as (
        -- the review before the latest one on or before each as-of date
        select d.as_of, (list(r.review_date order by r.review_date desc))[2] as review_date,
        from dates as d
        -- the plan's reviews filtered inside, not in the join condition: DuckDB 1.x (the analysts'
        -- snapshot) cannot run an outer join whose condition names the caller's plan_id
        left join (select review_date from review where plan_id = p_plan_id) as r on r.review_date <= d.as_of
        group by d.as_of
    ),
    with_progress as (
        select
            i.*,
            coalesce(rb.new_baseline_start, i.original_start) as baseline_start,
            coalesce(rb.new_baseline_end, i.original_end) as baseline_end,
            i.is_ongoing and rb.new_baseline_end is null as is_open_ended,
            rb.approved_on as rebaselined_on,
            coalesce(l.status, 'not_started') as status,
            coalesce(l.percent_complete, 0) as percent_complete,
            l.forecast_end,
            case when l.status = 'complete' then l.actual_end end as actual_end,
            l.rag_override,
            l.rag_reason as override_reason,
            l.commentary as last_commentary,
            l.change_reason as last_change_reason,
            l.reported_on as last_update_on,
            l.recorded_by as last_recorded_by,
            coalesce(l.is_demo, false) as is_demo,
            pr.review_date as previous_review_date,
        from items as i
        join previous_review as pr on pr.as_of = i.as_of
        left join rebaselined as rb on rb.as_of = i.as_of and rb.ref = i.ref and rb.seq is not distinct from i.seq
        left join latest as l on l.as_of = i.as_of and l.ref = i.ref and l.seq is not distinct from i.seq
    ),
    finishing as (
        select
            *,
            status not in ('complete', 'cancelled') as is_open,
            case
                when status = 'complete' then actual_end
                when status = 'cancelled' or is_open_ended or baseline_end is null then null
                else greatest(coalesce(forecast_end, baseline_end), as_of)
            end as effective_finish,
        from with_progress
    ),
    slipping as (
        select
            *,
            case when not is_open_ended then effective_finish - baseline_end end as slippage_days,
            case when not is_ongoing then effective_finish - original_end end as original_slippage_days,
            is_open and status = 'not_started' and baseline_start <= as_of as should_have_started,
        from finishing
    ),
    rated as (
        select
            *,
            case
                when status = 'complete' then 'blue'
                when status = 'cancelled' then 'grey'
                when status = 'not_started' and baseline_start > as_of then 'grey'
                when slippage_days > p_red_after_days then 'red'
                when slippage_days >= 1 then 'amber'
                when should_have_started then 'amber'
                else 'green'
            end as computed_rag,
        from slipping
    ),
    own as (
        -- each item's own rating and its reason in words, before the roll-up
        select
            *,
            coalesce(rag_override, computed_rag) as own_rag,
            case
                when rag_override is not null
                    then 'Override (' || upper(rag_override[1]) || rag_override[2:] || ', computed '
                        || computed_rag || '): ' || override_reason
                when computed_rag = 'blue' and slippage_days > 0
                    then 'Complete ' || slippage_days || ' days after baseline end'
                when computed_rag = 'blue' then 'Complete on time'
                when status = 'cancelled' then 'Cancelled'
                when computed_rag = 'grey' then 'Not due to start until ' || strftime(baseline_start, '%-d %b %Y')
                when computed_rag in ('red', 'amber') and slippage_days >= 1
                    then case computed_rag when 'red' then 'Red: ' else 'Amber: ' end
                        || case
                            when forecast_end is not null and forecast_end >= as_of
                                then 'forecast ' || slippage_days || ' days after baseline end'
                            else 'open ' || slippage_days || ' days past baseline end'
                        end
                when should_have_started
                    then 'Amber: due to start ' || strftime(baseline_start, '%-d %b %Y') || ', not started'
                when is_open_ended then 'Green: ongoing'
                else 'Green: on track'
            end as own_reason,
        from rated
    ),
    worst_milestone as (
        -- roll-up: each action's worst open milestone (red, then amber, then green; most slipped first)
        select
            as_of,
            ref,
            arg_max(
                {'seq': seq, 'rag': own_rag, 'title': title, 'slippage_days': slippage_days,
                 'forecast_end': forecast_end, 'baseline_start': baseline_start, 'is_overridden': rag_override is not null},
                (rag_severity(own_rag), coalesce(slippage_days, 0), -seq)
            ) as m,
        from own
        where item_kind = 'milestone' and is_open
        group by as_of, ref
    ),
    rolled as (
        select
            o.*,
            o.item_kind = 'action' and o.is_open
                and w.m.rag in ('red', 'amber')
                and rag_severity(w.m.rag) > rag_severity(o.own_rag) as is_rolled_up,
            w.m as worst,
        from own as o
        left join worst_milestone as w on o.item_kind = 'action' and w.as_of = o.as_of and w.ref = o.ref
    )
select
    as_of,
    plan_id,
    ref,
    seq,
    item_ref(ref, seq) as item_ref,
    item_label(ref, seq, title) as item_label,
    item_kind,
    theme_code,
    position,
    title,
    owner_ids,
    owners,
    owner_count,
    status,
    percent_complete,
    is_open,
    is_ongoing,
    original_start,
    original_end,
    baseline_start,
    baseline_end,
    rebaselined_on,
    rebaselined_on is not null as is_rebaselined,
    forecast_end,
    actual_end,
    coalesce(forecast_end, baseline_end) as due_on,
    effective_finish,
    slippage_days,
    original_slippage_days,
    case when is_rolled_up then worst.rag else own_rag end as rag,
    own_rag,
    computed_rag,
    rag_override is not null as is_overridden,
    is_rolled_up,
    case when is_rolled_up then worst.seq end as rag_from_milestone,
    case
        when is_rolled_up
            then case worst.rag when 'red' then 'Red' when 'amber' then 'Amber' else 'Green' end
                || ': milestone ' || worst.seq || ' ''' || short_text(worst.title, 60) || ''' '
                || case
                    when worst.is_overridden then 'is rated ' || worst.rag || ' by override'
                    when worst.slippage_days >= 1 and worst.forecast_end is not null and worst.forecast_end >= as_of
                        then 'is forecast ' || worst.slippage_days || ' days late'
                    when worst.slippage_days >= 1 then 'is ' || worst.slippage_days || ' days late'
                    else 'was due to start ' || strftime(worst.baseline_start, '%-d %b %Y') || ', not started'
                end
        else own_reason
    end as rag_reason,
    last_update_on,
    last_recorded_by,
    last_commentary,
    last_change_reason,
    is_demo,
    previous_review_date,
    is_open
        and previous_review_date is not null
        and coalesce(baseline_start, baseline_end) <= as_of
        and (last_update_on is null or last_update_on <= previous_review_date) as is_stale,
    status = 'complete' and actual_end <= baseline_end as is_complete_on_time,
from rolled;

-- item_state(p_plan_id, p_as_of, p_red_after_days): item_states at one date, without its as_of column.
create or replace macro item_state(p_plan_id, p_as_of, p_red_after_days) as table
select * exclude (as_of) from item_states(p_plan_id, [p_as_of::date], p_red_after_days);
