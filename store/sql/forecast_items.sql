-- Forecasts item by item: the evidence forecast of forecast.sql beside each open item's typed forecast,
-- the chance of finishing by the baseline end, and how far typed forecasts have moved before.
-- Installed after forecast.sql (store.build.install_definitions); README "Forecasts" says it in words.
--
-- typed_slips(p_plan_id, p_as_of): one row per typed forecast, recorded by p_as_of, of a sampled item
--   (in_sample), whose outcome is known by then: scaled_slip, with the item's theme and length band.
-- forecast_moves(p_plan_id, p_as_of, p_theme VARCHAR, p_officers VARCHAR[]): one row per update (by
--   p_as_of) of an item of the theme or of one of the officers (both NULL: every item) that follows one with
--   a typed forecast of it open: slip_days = how far the expected finish moved (to the actual end when the
--   update records it complete).
-- item_forecast(p_plan_id, p_as_of, p_red_after_days): one row per open, dated item of item_state.

-- duration_words(days): "12 days", "about 5 weeks", "about 3 months", "about 1 month".
create or replace macro duration_words(days) as
    case
        when abs(days) < 14 then abs(days) || case when abs(days) = 1 then ' day' else ' days' end
        when abs(days) < 56 then 'about ' || round(abs(days) / 7)::integer || ' weeks'
        when round(abs(days) / 30.44) = 1 then 'about 1 month'
        else 'about ' || round(abs(days) / 30.44)::integer || ' months'
    end;

create or replace macro typed_slips(p_plan_id, p_as_of) as table
    -- error = how far the finish went past the expected finish, as a share of the days it looked ahead
    -- (at least forecast_scale_floor()): to the actual end for an item finished by p_as_of; to p_as_of for one
    -- still open after it (the least its slip can be); a forecast not yet due is left out
    select ref, seq, theme_code, band, (finish_day - expected_day) / greatest(expected_day - made_day, forecast_scale_floor())
            as scaled_slip,
    from (
        select u.ref, u.seq, i.theme_code, length_band(i.original_start, i.original_end) as band,
            day_no(u.reported_on) as made_day, day_no(greatest(u.forecast_end, u.reported_on)) as expected_day,
            case when f.done_on is not null then day_no(f.actual_end)
                 when greatest(u.forecast_end, u.reported_on) < p_as_of::date then day_no(p_as_of::date) end
                as finish_day,
        from progress_update as u
        join (  -- the sample first: a few thousand items at most, so the joins below stay small
            select * from item where plan_id = p_plan_id and in_sample(p_plan_id, ref, coalesce(seq, 0))
        ) as i on i.ref = u.ref and i.seq is not distinct from u.seq
        left join finished_items(p_plan_id, p_as_of) as f on f.ref = u.ref and f.sq = coalesce(u.seq, 0)
        where u.plan_id = p_plan_id and u.reported_on <= p_as_of and (f.done_on is null or u.reported_on < f.done_on)
            and u.forecast_end is not null and u.status not in ('complete', 'cancelled')
            and u.update_id not in (select update_id from progress_retraction)
    )
    where finish_day is not null;

create or replace macro forecast_moves(p_plan_id, p_as_of, p_theme, p_officers) as table
with
    items as (
        -- the items asked about: of the theme, or owned by one of the officers (both NULL: every item)
        select ref, seq, from item
        where plan_id = p_plan_id and ((p_theme is null and p_officers is null) or theme_code = p_theme
            or list_has_any(owner_ids, p_officers))
    ),
    counted as (
        -- the latest counted update of each item's day by p_as_of (item_span's rows that count for a day or
        -- more), with the status and forecast of the one before it, which item_span holds: ordering every
        -- item's history through a window and joining it with progress_update on every query took 0.15 s
        -- at scale 1000, this 0.09 s
        select ref, seq, counts_from as reported_on, previous_status, previous_forecast_end,
            case when status = 'complete' then actual_end else forecast_end end as expected_end,
        from item_span as s
        semi join items as i on i.ref = s.ref and i.seq is not distinct from s.seq
        where s.plan_id = p_plan_id and s.counts_from <= p_as_of
            and (s.counts_until is null or s.counts_until > s.counts_from)
    )
select ref, seq, reported_on, expected_end - previous_forecast_end as slip_days,
from counted
where previous_forecast_end is not null and previous_status not in ('complete', 'cancelled')
    and expected_end is not null;

create or replace macro item_forecast(p_plan_id, p_as_of, p_red_after_days) as table
with
    -- item_state is read twice, not copied once into a CTE: theme_ends reads two of its columns and open_items
    -- the open items, so DuckDB prunes and filters each read on its own instead of first copying every
    -- item's whole state (at scale 1000: 5-20% less on the app's memo, where item_state is a read, and
    -- ~10-20% less on the file's own macros, where it is computed twice)
    theme_ends as (
        -- a theme's baseline end: the latest of its items'
        select theme_code, max(baseline_end) as theme_end,
        from item_state(p_plan_id, p_as_of, p_red_after_days)
        group by theme_code
    ),
    open_items as (
        -- the slip each can take and still finish by its baseline end (or its theme's), as a share of the
        -- days its expected finish lies ahead (at least forecast_scale_floor())
        select s.*, t.theme_end, length_band(s.original_start, s.original_end) as band,
            (s.baseline_end - s.effective_finish) / greatest(s.effective_finish - p_as_of::date, forecast_scale_floor())
                as own_room,
            (t.theme_end - s.effective_finish) / greatest(s.effective_finish - p_as_of::date, forecast_scale_floor())
                as theme_room,
        from item_state(p_plan_id, p_as_of, p_red_after_days) as s
        join theme_ends as t using (theme_code)
        where s.is_open and s.baseline_end is not null
    ),
    evidence as (
        select * from evidence_forecast(p_plan_id, [p_as_of::date], null)
    ),
    slips as materialized (
        select * from typed_slips(p_plan_id, p_as_of)
    ),
    pools as (
        -- past typed forecasts by comparable group: same theme and length band; same theme; the whole plan
        select theme_code || '|' || band as pool_key, count(*) as pool_n from slips group by theme_code, band
        union all
        select theme_code, count(*) from slips group by theme_code
        union all
        select '', count(*) from slips
    ),
    cdf as (
        -- per group and slip: how many past forecasts slipped that much or less
        select pool_key, scaled_slip, sum(n) over (partition by pool_key order by scaled_slip) as at_most,
        from (
            select pool_key, scaled_slip, count(*) as n,
            from (
                select theme_code || '|' || band as pool_key, scaled_slip from slips
                union all select theme_code, scaled_slip from slips
                union all select '', scaled_slip from slips
            )
            group by all
        )
    ),
    pooled as (
        -- each open item's group: the narrowest with at least forecast_min_pool() past forecasts
        select o.*,
            case
                when coalesce(pb.pool_n, 0) >= forecast_min_pool() then o.theme_code || '|' || o.band
                when coalesce(pt.pool_n, 0) >= forecast_min_pool() then o.theme_code
                when coalesce(pp.pool_n, 0) >= forecast_min_pool() then ''
            end as pool_key,
            greatest(coalesce(pb.pool_n, 0), 0) as band_n, coalesce(pt.pool_n, 0) as theme_n,
            coalesce(pp.pool_n, 0) as plan_n,
        from open_items as o
        left join pools as pb on pb.pool_key = o.theme_code || '|' || o.band
        left join pools as pt on pt.pool_key = o.theme_code
        left join pools as pp on pp.pool_key = ''
    ),
    chances as (
        -- finish = expected finish + a past slip, scaled; on time when by the end
        select p.*,
            case when p.pool_key = p.theme_code || '|' || p.band then p.band_n
                 when p.pool_key = p.theme_code then p.theme_n
                 when p.pool_key = '' then p.plan_n end as pool_n,
            own.at_most as own_at_most, theme.at_most as theme_at_most,
        from pooled as p
        asof left join cdf as own
            on own.pool_key = p.pool_key and p.own_room >= own.scaled_slip
        asof left join cdf as theme
            on theme.pool_key = p.pool_key and p.theme_room >= theme.scaled_slip
    ),
    joined as (
        select c.*, e.progress_updates, e.updates_fitted, e.pace_per_day, e.last_pct, e.is_stalled,
            e.evidence_finish, e.evidence_low, e.evidence_high, e.past_forecasts,
            e.evidence_finish - c.effective_finish as evidence_gap_days,
        from chances as c
        left join evidence as e on e.ref = c.ref and e.seq is not distinct from c.seq
    )
select
    *,
    case
        when pool_key is null then null
        when p_as_of::date > baseline_end then 0.0
        else coalesce(own_at_most, 0) / pool_n
    end as chance_on_time,
    case
        when pool_key is null then null
        when p_as_of::date > theme_end then 0.0
        else coalesce(theme_at_most, 0) / pool_n
    end as chance_by_theme_end,
    case
        when pool_key is null then 'too few past forecasts to judge (' || plan_n || ', '
            || forecast_min_pool() || ' needed)'
        else 'from ' || format('{:,}', pool_n) || ' past forecasts'
            || case when pool_key = '' then ' across the plan'
                    when pool_key = theme_code then ' in this theme'
                    else ' of items ' || band || ' long in this theme' end
    end as chance_basis,
    abs(evidence_gap_days) > forecast_gap_days()
        and (evidence_low is null or effective_finish not between evidence_low and evidence_high) as evidence_disagrees,
    case
        when progress_updates is null then 'not enough history: no update with progress'
        when progress_updates = 1 then 'not enough history: 1 update with progress'
        else 'from its last ' || updates_fitted || ' updates with progress'
            || case when is_stalled then ', which show less than ' || round(forecast_min_pace() * 30)::integer
                || ' points a month: assumed to move that fast from now' else '' end
    end as evidence_basis,
    case
        when evidence_finish is null then null
        when evidence_low is null then 'no 80% range yet: ' || past_forecasts || ' past evidence forecast'
            || case when past_forecasts = 1 then '' else 's' end || ' checked against what happened, '
            || forecast_min_pool() || ' needed'
        else '80% range from ' || format('{:,}', past_forecasts) || ' past evidence forecasts checked against what happened'
    end as range_basis,
    case
        when evidence_gap_days is null or evidence_gap_days = 0 then null
        else duration_words(evidence_gap_days)
            || case when evidence_gap_days > 0 then ' after ' else ' before ' end
            || case when forecast_end >= p_as_of::date then 'its forecast'
                    when forecast_end is null and baseline_end >= p_as_of::date then 'its baseline end'
                    else 'today' end
    end as evidence_gap_words,
from joined;
