"""The illustrative progress history over time: slips, re-baselines, holds and staleness in realistic
shares, a plan that still looks alive at the last review; and other plans get histories of their own."""

from __future__ import annotations

from datetime import date

from store.demo import review_dates, write_demo_history
from tests.demo_fixtures import PLAN, con, plan_only, review_days, rows, slipped_actions  # noqa: F401 (fixture)


# --- the dynamics ----------------------------------------------------------------------------------


def test_a_realistic_share_of_actions_slip(con):
    dated = {ref for (ref,) in rows(con, "select ref from action where baseline_end is not null "
                                         "and not is_done_in_source")}
    slipped = slipped_actions(con)
    assert slipped <= dated
    assert 0.20 <= len(slipped) / len(dated) <= 0.35, sorted(slipped)
    twice = rows(con, """
        select count(*) from (
            select ref from (
                select ref, forecast_end > lag(forecast_end) over (partition by ref order by reported_on) as moved
                from progress_update where origin = 'demo' and seq is null
            ) where moved group by ref having count(*) >= 2
        )
    """)[0][0]
    assert twice >= 1


def test_most_actions_finish_near_their_baseline_end(con):
    finishes = rows(con, """
        select u.actual_end - coalesce(r.new_baseline_end, a.baseline_end)
        from progress_update as u join action as a using (plan_id, ref)
        left join rebaseline as r using (plan_id, ref)
        where u.seq is null and u.status = 'complete' and u.origin = 'demo'
    """)
    near = [days for (days,) in finishes if -28 <= days <= 28]
    assert len(near) / len(finishes) >= 0.7
    assert any(days > 28 for (days,) in finishes)  # some finish late


def test_three_or_four_actions_are_rebaselined_then_track_it(con):
    rebaselined = rows(con, """
        select r.ref, r.approved_on, r.new_baseline_end, a.baseline_end, r.reason, r.approved_by, r.seq
        from rebaseline as r join action as a using (plan_id, ref) order by r.ref
    """)
    assert 3 <= len(rebaselined) <= 4
    for ref, approved_on, new_end, old_end, reason, approved_by, seq in rebaselined:
        assert new_end > old_end and seq is None
        assert reason.strip() and approved_by == "Sue Philp"
        after = rows(con, "select status, forecast_end, actual_end from progress_update "
                          "where ref = ? and seq is null and reported_on >= ? order by reported_on", ref, approved_on)
        assert all(forecast == new_end for _, forecast, _ in after)
        status, _, actual = after[-1]
        assert status == "complete" and abs((actual - new_end).days) <= 28


def test_a_couple_of_actions_go_on_hold_for_a_few_reviews(con):
    held = rows(con, "select ref, count(*) from progress_update where seq is null and status = 'on_hold' "
                     "group by ref order by ref")
    assert 1 <= len(held) <= 3
    assert all(1 <= n <= 4 for _, n in held)


def latest_actions(con, as_of: date) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in rows(con, """
        select a.ref, u.status, u.forecast_end, a.baseline_end, a.is_ongoing
        from action as a
        left join (
            select * from progress_update where seq is null and reported_on <= ?
            qualify row_number() over (partition by ref order by reported_on desc, update_id desc) = 1
        ) as u using (plan_id, ref)
    """, as_of)}


def test_at_the_last_review_the_plan_still_looks_alive(con):
    last = review_days(con)[-1]
    latest = latest_actions(con, last)
    assert len(latest) == 37
    complete = [ref for ref, (status, *_) in latest.items() if status == "complete"]
    assert 25 <= len(complete) <= 33
    late = [ref for ref, (status, forecast, end, ongoing) in latest.items()
            if status != "complete" and end is not None and max(forecast or end, last) > end]
    assert 1 <= len(late) <= 5, late
    assert "5.2" in late  # ends Apr 2020, just before the last review
    ongoing = {status for status, _, _, is_ongoing in latest.values() if is_ongoing}
    assert ongoing == {"in_progress"}


def test_some_open_items_go_stale(con):
    # An open item with an earlier update but none at this review: about one in ten.
    missed, due = rows(con, """
        with items as (
            select ref, seq, min(reported_on) as first_on, max(reported_on) as last_on,
                   bool_or(status = 'complete') as done
            from progress_update where origin = 'demo' group by all
        ),
        expected as (
            select i.ref, i.seq, r.review_date
            from items as i join review as r
              on r.review_date > i.first_on and (r.review_date < i.last_on or not i.done)
        )
        select count(*) filter (where u.update_id is null), count(*)
        from expected as e
        left join progress_update as u
          on u.ref = e.ref and u.seq is not distinct from e.seq and u.reported_on = e.review_date
    """)[0]
    assert 0.05 <= missed / due <= 0.15


# --- other plans -----------------------------------------------------------------------------------


def copy_plan(con, plan_id: str, times: int, shift_days: int = 0):
    """The built-in plan copied `times` over as another plan, its dates moved by `shift_days`."""
    con.execute("insert into plan (plan_id, title) values ($p, 'Copy')", {"p": plan_id})
    con.execute("insert into theme select $p, code, title, position from theme where plan_id = 'tbc-rent-sip'",
                {"p": plan_id})
    con.execute("""
        insert into action (plan_id, ref, theme_code, position, action_text, outcome_text, start_text, end_text,
                            baseline_start, baseline_end, is_ongoing, is_done_in_source, transcription_note)
        select $p, ref || '-' || k, theme_code, position + 100 * k, action_text, outcome_text, start_text, end_text,
               baseline_start + $d, baseline_end + $d, is_ongoing, is_done_in_source, transcription_note
        from action, range($n) as t(k) where plan_id = 'tbc-rent-sip'
    """, {"p": plan_id, "n": times, "d": shift_days})
    con.execute("""
        insert into milestone (plan_id, ref, seq, title, start_text, end_text, baseline_start, baseline_end,
                               is_ongoing, transcription_note)
        select $p, ref || '-' || k, seq, title, start_text, end_text, baseline_start + $d, baseline_end + $d,
               is_ongoing, transcription_note
        from milestone, range($n) as t(k) where plan_id = 'tbc-rent-sip'
    """, {"p": plan_id, "n": times, "d": shift_days})
    con.execute("""
        insert into assignment select $p, ref || '-' || k, seq, officer_id, as_written
        from assignment, range($n) as t(k) where plan_id = 'tbc-rent-sip'
    """, {"p": plan_id, "n": times})


def test_another_plans_reviews_come_from_its_own_dates(plan_only):
    copy_plan(plan_only, "later", 1, shift_days=3 * 365)
    days = review_dates(plan_only, "later")
    assert days[0].weekday() == 2 and 14 <= days[0].day <= 20
    latest_end = plan_only.execute("select max(baseline_end) from milestone where plan_id = 'later'").fetchall()[0][0]
    assert days[-1] <= date(2023, 6, 30) and days[-1] > latest_end
    summary = write_demo_history(plan_only, "later")
    assert summary.reviews == len(days) and summary.updates > 500
    assert plan_only.execute("select count(*) from progress_update where plan_id = 'later' "
                             "and reported_on not in (select review_date from review where plan_id = 'later')"
                             ).fetchone() == (0,)


def test_review_dates_can_be_given(plan_only):
    summary = write_demo_history(plan_only, PLAN, first_review=date(2017, 1, 4), last_review=date(2018, 1, 1))
    days = [d for (d,) in plan_only.execute("select review_date from review order by 1").fetchall()]
    assert days[0] == date(2017, 1, 4) and days[-1] <= date(2018, 1, 1) and summary.reviews == len(days) == 9


def test_actions_without_dates_do_not_break_it(plan_only):
    copy_plan(plan_only, "sparse", 1)
    plan_only.execute("update action set baseline_start = null, baseline_end = null "
                      "where plan_id = 'sparse' and ref in ('1.1-0', '4.5-0', '6a.6-0')")
    plan_only.execute("update action set baseline_start = null where plan_id = 'sparse' and ref = '2.2-0'")
    plan_only.execute("update action set baseline_end = null where plan_id = 'sparse' and ref = '2.3-0'")
    plan_only.execute("update milestone set baseline_start = null, baseline_end = null where plan_id = 'sparse'")
    write_demo_history(plan_only, "sparse")
    refs = {r for (r,) in plan_only.execute("select distinct ref from progress_update where plan_id = 'sparse'").fetchall()}
    assert {"1.1-0", "4.5-0", "6a.6-0", "2.2-0", "2.3-0"} <= refs


def test_a_plan_with_no_dates_gets_no_history(plan_only):
    plan_only.execute("insert into plan (plan_id, title) values ('blank', 'Blank')")
    plan_only.execute("insert into theme values ('blank', '1', 'Theme', 1)")
    plan_only.execute("insert into action (plan_id, ref, theme_code, position, action_text) "
                      "values ('blank', '1.1', '1', 1, 'Do something')")
    assert write_demo_history(plan_only, "blank").reviews == 0
    assert plan_only.execute("select count(*) from review where plan_id = 'blank'").fetchone() == (0,)


def test_a_larger_plan_keeps_the_same_shape(plan_only):
    copy_plan(plan_only, "big", 40)
    summary = write_demo_history(plan_only, "big")
    count = lambda sql: plan_only.execute(sql).fetchone()[0]
    assert summary.updates == count("select count(*) from progress_update where plan_id = 'big'")
    dated = count("select count(*) from action where plan_id = 'big' and baseline_end is not null "
                  "and not is_done_in_source")
    slipped = count("""
        select count(distinct ref) from (
            select ref, forecast_end > lag(forecast_end) over (partition by ref order by reported_on) as moved
            from progress_update where plan_id = 'big' and seq is null
        ) where moved
    """)
    assert 0.20 <= slipped / dated <= 0.35
    assert 0.05 <= summary.rebaselines / dated <= 0.15
    assert count("select count(*) from progress_update where plan_id = 'big' and status <> 'complete' "
                 "and forecast_end < reported_on") == 0
    assert count("select count(*) from progress_update where plan_id = 'big' and rag_override is not null") >= 1
