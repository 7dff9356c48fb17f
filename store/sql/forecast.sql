-- Forecasts from the evidence: when an open item will really finish, and how sure we are.
-- Installed beside macros.sql (store.build.install_definitions); README "Forecasts" says it in words.
-- Built on item_state (macros.sql) and on the same counted updates: as of a date, nothing later.
--
-- forecast_pool(p_plan_id, p_dates DATE[]): one row per date and kind: how the sample's past forecasts fared.
-- evidence_forecast(p_plan_id, p_dates DATE[], p_item_ref VARCHAR (NULL = every item)):
--   one row per date and item with progress history as of that date, not recorded complete by then.
-- typed_slips, forecast_moves and item_forecast are in forecast_items.sql: past typed forecasts of items
--   finished by then; how far each typed forecast moved at the item's next update; item_state's open,
--   dated items with their evidence forecast, its 80% range, and the chance of finishing by the baseline end.

-- The method's constants, named once.
create or replace macro forecast_window() as 6;           -- the latest 6 updates with progress are fitted
create or replace macro forecast_min_pace() as 0.1;       -- percentage points a day (3 a month): stalled items
create or replace macro forecast_scale_floor() as 42;     -- days (a review cycle): the least an error scales by
create or replace macro forecast_pool_items() as 2000;    -- items (a fixed sample) whose past forecasts are checked
create or replace macro forecast_min_pool() as 20;        -- fewer past forecasts than this: no range, no chance
create or replace macro forecast_gap_days() as 60;        -- typed and evidence finish this far apart: flagged

-- evidence_finish(slope, intercept, last_pct, at_day): the day number a fitted line reaches 100%,
-- counted from at_day: progress now is the line's value at at_day, never below the last percent recorded
-- (and at most 100); the pace is the slope, never below forecast_min_pace(), so a stalled item's finish
-- moves out a day for every day that passes.
create or replace macro evidence_finish(slope, intercept, last_pct, at_day) as
    (at_day + round((100 - least(greatest(intercept + slope * at_day, last_pct), 100))
                    / greatest(slope, forecast_min_pace())))::integer;

-- day_no(date) and on_day(n): dates as whole days since 1 Jan 1970, so paces are points a day.
create or replace macro day_no(d) as (d - date '1970-01-01')::integer;
create or replace macro on_day(n) as date '1970-01-01' + (n)::integer;

-- length_band(start, end): "similar length" for comparing items: planned length in five bands.
create or replace macro length_band(start_on, end_on) as
    case
        when start_on is null or end_on is null then null
        when end_on - start_on <= 91 then 'up to 3 months'
        when end_on - start_on <= 182 then '3 to 6 months'
        when end_on - start_on <= 365 then '6 to 12 months'
        when end_on - start_on <= 730 then '1 to 2 years'
        else 'over 2 years'
    end;

-- ts_slope(days, pcts) and ts_intercept(days, pcts, slope): the Theil-Sen line through the points
-- (day number, percent): the slope is the median of the paces between every two points (points a day),
-- the intercept the median of pct - slope * day. Robust: one odd update moves neither.
create or replace macro ts_slope(days, pcts) as
    list_median(flatten([[(pcts[j] - pcts[i]) / (days[j] - days[i]) for j in range(i + 1, len(days) + 1)]
                         for i in range(1, len(days) + 1)]));
create or replace macro ts_intercept(days, pcts, slope) as
    list_median([pcts[i] - slope * days[i] for i in range(1, len(days) + 1)]);

-- last_n(l, e, n): the n elements of l up to its e-th (fewer at the start).
create or replace macro last_n(l, e, n) as l[greatest(e - n + 1, 1):e];

-- finished_items(p_plan_id, p_until): one row per item recorded complete on or before p_until: the day
-- of the first update saying so (done_on) and the actual end it gave. An item's key here is (ref, sq),
-- sq = its milestone number or 0 for the action itself.
create or replace macro finished_items(p_plan_id, p_until) as table
    select ref, coalesce(seq, 0) as sq, min(reported_on) as done_on, arg_min(actual_end, reported_on) as actual_end,
    from progress_update
    where plan_id = p_plan_id and reported_on <= p_until and status = 'complete' and actual_end is not null
        and update_id not in (select update_id from progress_retraction)
    group by ref, sq;

-- in_sample(p_plan_id, ref, sq): whether an item is in the fixed sample whose past forecasts are checked:
-- about forecast_pool_items() of the plan's items (every item of a smaller plan), picked by a hash of the
-- item's key, so not by date or outcome.
create or replace macro in_sample(p_plan_id, ref, sq) as
    hash(ref, sq) % 1000000 < 1000000 * forecast_pool_items() / (select count(*) from item where plan_id = p_plan_id);

-- progress_series(p_plan_id, p_first, p_until, p_item_ref, p_sample): one row per item with progress
-- recorded by p_until: its updates with progress (a percent recorded while in progress or on hold), the
-- latest of each day, oldest first, and only before the item was first recorded complete (done_on).
-- The items: p_sample true, the sample whose past forecasts are checked (in_sample; p_first NULL); false,
-- every dated item not recorded complete by p_first (only the one p_item_ref names, unless NULL). An ongoing item
-- has no finish to forecast. An item's key here is (ref, sq), as in finished_items.
create or replace macro progress_series(p_plan_id, p_first, p_until, p_item_ref, p_sample) as table
with
    series_finished as materialized (
        select ref, sq, done_on, day_no(actual_end) as actual_day,
        from finished_items(p_plan_id, p_until)
    ),
    series_items as (
        -- one select, not a union of the two kinds: a branch DuckDB proves empty took the memo's guard
        -- (store/sql/state_memo.sql) with it, and a query read an empty memo as no rows
        select i.ref, coalesce(i.seq, 0) as sq,
        from item as i
        anti join series_finished as f on f.ref = i.ref and f.sq = coalesce(i.seq, 0) and f.done_on <= p_first
        where i.plan_id = p_plan_id and not i.is_ongoing and case
            when p_sample then in_sample(p_plan_id, i.ref, coalesce(i.seq, 0))
            else p_item_ref is null or item_ref(i.ref, i.seq) = p_item_ref
        end
    ),
    series_recorded as (
        -- (a list of structs sorts by its first field, then the next: day, then update id)
        select u.ref, coalesce(u.seq, 0) as sq,
            list_sort(list({'day': day_no(u.reported_on), 'update_id': u.update_id, 'pct': u.percent_complete}))
                as points,
        from progress_update as u
        semi join series_items as w on w.ref = u.ref and w.sq = coalesce(u.seq, 0)
        where u.plan_id = p_plan_id and u.reported_on <= p_until
            and u.status in ('in_progress', 'on_hold') and u.percent_complete is not null
            and u.update_id not in (select update_id from progress_retraction)
            -- one item's updates read first, else DuckDB builds the semi join's table on every update (an
            -- item's key starts with its ref: the cheap test first)
            and (p_item_ref is null or (starts_with(p_item_ref, u.ref) and item_ref(u.ref, u.seq) = p_item_ref))
        group by u.ref, sq
    )
select ref, sq, done_on, actual_day, [x.day for x in points] as days, [x.pct for x in points] as pcts,
from (
    select r.ref, r.sq, f.done_on, f.actual_day,
        [x for x, i in r.points if (i = len(r.points) or r.points[i + 1].day <> x.day)
            and (f.done_on is null or x.day < day_no(f.done_on))] as points,
    from series_recorded as r
    left join series_finished as f using (ref, sq)
)
where len(points) > 0;

-- fitted_finish(w_days, w_pcts, slope, at_day): the evidence finish of the line fitted through a window
-- of updates (Theil-Sen, slope = ts_slope of the window), as of at_day.
create or replace macro fitted_finish(w_days, w_pcts, slope, at_day) as
    evidence_finish(slope, ts_intercept(w_days, w_pcts, slope), w_pcts[-1], at_day);

-- forecast_pool(p_plan_id, p_dates DATE[]): one row per date and kind (actions, milestones): how the
-- sample's past evidence forecasts fared, as of that date: how many there are (pool_n) and their errors'
-- 10th and 90th percentiles (q10, q90), which give every forecast's 80% range. A date's row depends on that
-- date alone, not on the others asked for with it (so the app's memo holds it date by date).
create or replace macro forecast_pool(p_plan_id, p_dates) as table
with
    dates as (
        select distinct as_of, day_no(as_of) as as_of_day from (select unnest(p_dates)::date as as_of)
    ),
    sloped as materialized (
        -- each sampled item's forecast on the day of each of its updates (from its second): its latest
        -- forecast_window() updates with progress by then
        select *, ts_slope(w_days, w_pcts) as slope,
        from (
            select sq, done_on, actual_day, days[e] as at_day,
                last_n(days, e, forecast_window()) as w_days, last_n(pcts, e, forecast_window()) as w_pcts,
            from (select *, unnest(range(2, len(days) + 1)) as e
                  from progress_series(p_plan_id, null, list_max(p_dates::date[]), null, true))
        )
    ),
    past as (
        -- a sampled item's past forecasts (actions and milestones apart: their percentages move differently)
        select sq = 0 as is_action, done_on, actual_day, finish_day, at_day as made_day,
            greatest(finish_day - at_day, forecast_scale_floor()) as scale_days,
        from (select *, fitted_finish(w_days, w_pcts, slope, at_day) as finish_day from sloped)
    )
-- as of each date, the error of each past forecast made before it, as a share of the days it looked
-- ahead (at least forecast_scale_floor()): (actual end - forecast) for an item finished by then; for
-- one still open after its forecast, (the date - forecast), the least its error can be (counting only
-- the finished ones would favour the items that finished quickly); a forecast not yet due: not yet
select d.as_of, k.is_action, count(p.err) as pool_n,
    quantile_cont(p.err, 0.1) as q10, quantile_cont(p.err, 0.9) as q90,
from dates as d
cross join (values (true), (false)) as k(is_action)
left join lateral (
    select case
        when p.done_on <= d.as_of then (p.actual_day - p.finish_day) / p.scale_days
        when p.finish_day < d.as_of_day then (d.as_of_day - p.finish_day) / p.scale_days
    end as err,
    from past as p
    where p.is_action = k.is_action and p.made_day < d.as_of_day
) as p on true
group by d.as_of, k.is_action;

create or replace macro evidence_forecast(p_plan_id, p_dates, p_item_ref) as table
with
    dates as (
        select distinct as_of, day_no(as_of) as as_of_day from (select unnest(p_dates)::date as as_of)
    ),
    series as materialized (
        select *
        from progress_series(p_plan_id, list_min(p_dates::date[]), list_max(p_dates::date[]), p_item_ref, false)
    ),
    windows as (
        -- each item at each date, not recorded complete by then: its latest forecast_window() updates with
        -- progress by then (e of them in all)
        select as_of, at_day, ref, sq, e,
            last_n(days, e, forecast_window()) as w_days, last_n(pcts, e, forecast_window()) as w_pcts,
        from (
            select dt.as_of, dt.as_of_day as at_day, s.ref, s.sq, s.days, s.pcts,
                len([d for d in s.days if d <= dt.as_of_day]) as e,
            from dates as dt
            cross join series as s
            where (s.done_on is null or s.done_on > dt.as_of) and s.days[1] <= dt.as_of_day
        )
    ),
    sloped as materialized (
        select *, case when e >= 2 then ts_slope(w_days, w_pcts) end as slope, w_pcts[-1] as last_pct,
        from windows
    ),
    forecast as (
        select
            f.as_of, f.ref, f.sq, f.e as progress_updates, least(f.e, forecast_window()) as updates_fitted,
            f.slope as pace_per_day, f.last_pct, f.slope < forecast_min_pace() as is_stalled,
            on_day(case when f.e >= 2 then fitted_finish(f.w_days, f.w_pcts, f.slope, f.at_day) end)
                as evidence_finish,
            pl.pool_n, pl.q10, pl.q90,
        from sloped as f
        join forecast_pool(p_plan_id, p_dates) as pl on pl.as_of = f.as_of and pl.is_action = (f.sq = 0)
    )
select
    as_of, ref, nullif(sq, 0) as seq, progress_updates, updates_fitted, pace_per_day, last_pct, is_stalled,
    evidence_finish, pool_n as past_forecasts,
    case when evidence_finish is not null and pool_n >= forecast_min_pool() then greatest(least(
        evidence_finish + (round(q10 * greatest(evidence_finish - as_of, forecast_scale_floor())))::integer,
        evidence_finish), as_of) end as evidence_low,
    case when evidence_finish is not null and pool_n >= forecast_min_pool() then greatest(
        evidence_finish + (round(q90 * greatest(evidence_finish - as_of, forecast_scale_floor())))::integer,
        evidence_finish) end as evidence_high,
from forecast;
