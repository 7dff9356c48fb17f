-- Forecasts from the evidence: when an open item will really finish, and how sure we are.
-- Installed beside macros.sql (store.build.install_definitions); README "Forecasts" says it in words.
-- Built on item_state (macros.sql) and on the same counted updates: as of a date, nothing later.
--
-- evidence_forecast(p_plan_id, p_dates DATE[], p_item_ref VARCHAR (NULL = every item)):
--   one row per date and item with progress history as of that date, not recorded complete by then.
-- typed_slips(p_plan_id, p_as_of DATE): one row per past typed forecast of an item finished by then.
-- forecast_moves(p_plan_id, p_as_of DATE): one row per typed forecast and the item's next update.
-- item_forecast(p_plan_id, p_as_of DATE, p_red_after_days INTEGER): item_state's open, dated items
--   with their evidence forecast, its 80% range, and the chance of finishing by the baseline end.

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

create or replace macro evidence_forecast(p_plan_id, p_dates, p_item_ref) as table
with
    dates as (
        select distinct as_of, day_no(as_of) as as_of_day from (select unnest(p_dates)::date as as_of)
    ),
    bounds as (
        select min(as_of) as first_date, max(as_of) as last_date from dates
    ),
    finished as materialized (
        select ref, sq, done_on, day_no(actual_end) as actual_day,
        from finished_items(p_plan_id, (select last_date from bounds))
    ),
    pool_items as (
        -- the dated items whose past forecasts are checked (in_sample)
        select ref, coalesce(seq, 0) as sq,
        from item
        where plan_id = p_plan_id and not is_ongoing and in_sample(p_plan_id, ref, coalesce(seq, 0))
    ),
    wanted as (
        -- the items to read: each dated one not recorded complete by the first date (or the one asked for),
        -- and the sample. An ongoing item has no finish to forecast.
        select i.ref, coalesce(i.seq, 0) as sq,
        from item as i
        anti join finished as f on f.ref = i.ref and f.sq = coalesce(i.seq, 0) and f.done_on <= (select first_date from bounds)
        where i.plan_id = p_plan_id and not i.is_ongoing and (p_item_ref is null or item_ref(i.ref, i.seq) = p_item_ref)
        union
        select ref, sq from pool_items
    ),
    recorded as (
        -- each item's updates with progress: a percent recorded while in progress or on hold, oldest first
        -- (a list of structs sorts by its first field, then the next: day, then update id)
        select u.ref, coalesce(u.seq, 0) as sq,
            list_sort(list({'day': day_no(u.reported_on), 'update_id': u.update_id, 'pct': u.percent_complete}))
                as points,
        from progress_update as u
        semi join wanted as w on w.ref = u.ref and w.sq = coalesce(u.seq, 0)
        where u.plan_id = p_plan_id and u.reported_on <= (select last_date from bounds)
            and u.status in ('in_progress', 'on_hold') and u.percent_complete is not null
            and u.update_id not in (select update_id from progress_retraction)
        group by u.ref, sq
    ),
    series as materialized (
        -- the latest of each day, and only before the item was first recorded complete
        select ref, sq, done_on, actual_day, [x.day for x in points] as days, [x.pct for x in points] as pcts,
        from (
            select r.ref, r.sq, f.done_on, f.actual_day,
                [x for x, i in r.points if (i = len(r.points) or r.points[i + 1].day <> x.day)
                    and (f.done_on is null or x.day < day_no(f.done_on))] as points,
            from recorded as r
            left join finished as f using (ref, sq)
        )
        where len(points) > 0
    ),
    windows as materialized (
        -- each item at each date, not recorded complete by then: its latest forecast_window() updates with
        -- progress by then (e of them in all); and each sampled item's on the day of each of its updates
        select 'target' as kind, dt.as_of, dt.as_of_day as at_day, s.ref, s.sq, s.done_on, s.actual_day, w.e,
            last_n(s.days, w.e, forecast_window()) as w_days, last_n(s.pcts, w.e, forecast_window()) as w_pcts,
        from dates as dt
        cross join series as s
        cross join lateral (select len([d for d in s.days if d <= dt.as_of_day]) as e) as w
        where (s.done_on is null or s.done_on > dt.as_of) and s.days[1] <= dt.as_of_day
            and (p_item_ref is null or item_ref(s.ref, nullif(s.sq, 0)) = p_item_ref)
        union all
        select 'past', null, days[e], ref, sq, done_on, actual_day, e,
            last_n(days, e, forecast_window()), last_n(pcts, e, forecast_window()),
        from (select *, unnest(range(2, len(days) + 1)) as e from series semi join pool_items using (ref, sq))
    ),
    sloped as materialized (
        select *, case when e >= 2 then ts_slope(w_days, w_pcts) end as slope, w_pcts[-1] as last_pct,
        from windows
    ),
    fitted as (
        select *, case when e >= 2 then evidence_finish(slope, ts_intercept(w_days, w_pcts, slope), last_pct, at_day) end
                as finish_day,
        from sloped
    ),
    past as (
        -- a sampled item's past forecasts (actions and milestones apart: their percentages move differently)
        select sq = 0 as is_action, done_on, actual_day, finish_day, at_day as made_day,
            greatest(finish_day - at_day, forecast_scale_floor()) as scale_days,
        from fitted
        where kind = 'past'
    ),
    pooled as (
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
        group by d.as_of, k.is_action
    ),
    forecast as (
        select
            f.as_of, f.ref, f.sq, f.e as progress_updates, least(f.e, forecast_window()) as updates_fitted,
            f.slope as pace_per_day, f.last_pct, f.slope < forecast_min_pace() as is_stalled,
            on_day(f.finish_day) as evidence_finish, pl.pool_n, pl.q10, pl.q90,
        from fitted as f
        join pooled as pl on pl.as_of = f.as_of and pl.is_action = (f.sq = 0)
        where f.kind = 'target'
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
