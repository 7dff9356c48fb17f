"""The illustrative progress history (store/demo.py): repeatable, marked as demo, plausible, and
true to what the source states."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from store.build import build_database
from store.db import connect, store_sql
from store.demo import review_dates, write_demo_history

PLAN = "tbc-rent-sip"
VOLATILE = {"recorded_at"}


@pytest.fixture(scope="module")
def con(built_db_template):
    con = duckdb.connect(str(built_db_template), read_only=True)
    yield con
    con.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def history(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in ("review", "progress_update", "rebaseline"):
            columns = [c for (c,) in rows(con, "select column_name from information_schema.columns "
                                               "where table_name = ? order by ordinal_position", table)
                       if c not in VOLATILE]
            out[table] = con.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()
        return out
    finally:
        con.close()


def review_days(con) -> list[date]:
    return [d for (d,) in rows(con, "select review_date from review where plan_id = ? order by 1", PLAN)]


# --- repeatable and marked -----------------------------------------------------------------------


def test_two_builds_give_identical_history(tmp_path):
    build_database(tmp_path / "a.duckdb")
    build_database(tmp_path / "b.duckdb")
    first, second = history(tmp_path / "a.duckdb"), history(tmp_path / "b.duckdb")
    assert first == second
    assert len(first["progress_update"]) > 500 and first["review"] and first["rebaseline"]


def generated(con, seed: int) -> list[tuple]:
    """The demo updates `seed` gives, written and rolled back."""
    con.execute("begin")
    write_demo_history(con, PLAN, seed=seed)
    out = con.execute("select ref, seq, reported_on, status, percent_complete, forecast_end, actual_end, "
                      "commentary, recorded_by from progress_update where origin = 'demo' order by all").fetchall()
    con.execute("rollback")
    return out


def test_the_seed_decides_the_history(plan_only):
    assert generated(plan_only, 7) == generated(plan_only, 7)
    assert generated(plan_only, 7) != generated(plan_only, 8)


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_other_seeds_keep_the_rules(plan_only, seed):
    plan_only.execute("begin")
    write_demo_history(plan_only, PLAN, seed=seed)
    count = lambda sql: plan_only.execute(sql).fetchall()[0][0]
    assert count("select count(*) from progress_update where origin = 'demo' and status <> 'complete' "
                 "and forecast_end < reported_on") == 0
    assert count("select count(*) from progress_update where status = 'complete' and actual_end > reported_on") == 0
    assert count("select count(*) from progress_update where origin = 'demo' and ref = '3.2'") == 0
    assert count("select status from progress_update where ref = '1.2' and seq = 1 "
                 "order by reported_on limit 1") == "in_progress"
    assert 3 <= count("select count(*) from rebaseline") <= 4
    assert 1 <= count("select count(*) from progress_update where rag_override is not null") <= 3
    assert 7 <= len(slipped_actions(plan_only)) <= 10  # of 31 dated actions: 23% to 32%
    plan_only.execute("rollback")


def test_every_demo_row_is_marked(con):
    assert rows(con, "select origin, is_demo, count(*) > 0 from progress_update group by all order by all") == [
        ("demo", True, True), ("source", False, True)]
    assert rows(con, "select distinct is_demo from review") == [(True,)]
    assert rows(con, "select distinct is_demo from rebaseline") == [(True,)]


def test_demo_rows_do_not_count_as_recorded_progress(con):
    assert rows(con, store_sql("recorded_progress")) == [(0,)]  # so they never block a rebuild


# --- reviews -------------------------------------------------------------------------------------


def test_reviews_every_six_weeks_from_september_2016_to_mid_2020(con):
    days = review_days(con)
    assert days[0] == date(2016, 9, 14) and days[0].weekday() == 2  # a Wednesday
    assert {b - a for a, b in zip(days, days[1:])} == {timedelta(days=42)}
    assert date(2020, 6, 30) - timedelta(days=42) < days[-1] <= date(2020, 6, 30)
    titles = rows(con, "select title from review where plan_id = ? order by review_date", PLAN)
    assert [t for (t,) in titles] == [f"Review {i}" for i in range(1, len(days) + 1)]


def test_updates_are_reported_on_review_days(con):
    assert rows(con, "select count(*) from progress_update where origin = 'demo' "
                     "and reported_on not in (select review_date from review)") == [(0,)]
    assert rows(con, "select count(*) from rebaseline where approved_on not in (select review_date from review)") == [(0,)]


# --- what the source states ------------------------------------------------------------------------


def test_no_demo_updates_for_what_the_source_records_as_done(con):
    assert rows(con, "select origin, status, reported_on from progress_update where ref = '3.2'") == [
        ("source", "complete", date(2016, 2, 29))]


def test_first_draft_awaiting_legal_advice_then_complete(con):
    updates = rows(con, "select status, commentary from progress_update where ref = '1.2' and seq = 1 "
                        "order by reported_on")
    status, commentary = updates[0]
    assert status == "in_progress"
    assert "first draft created" in commentary.lower() and "awaiting legal advice" in commentary.lower()
    assert updates[-1][0] == "complete" and len(updates) >= 2


def test_items_due_before_the_first_review_are_recorded_at_it(con):
    first = review_days(con)[0]
    for ref in ("1.3", "1.6", "3.1"):
        assert rows(con, "select reported_on, status from progress_update where ref = ? and seq is null", ref) == [
            (first, "complete")]


# --- each row is consistent --------------------------------------------------------------------------


def test_complete_rows_finish_on_or_before_the_report(con):
    assert rows(con, "select count(*) from progress_update where status = 'complete' "
                     "and (actual_end is null or actual_end > reported_on or percent_complete <> 100)") == [(0,)]
    assert rows(con, "select count(*) from progress_update where origin = 'demo' and status <> 'complete' "
                     "and actual_end is not null") == [(0,)]


def test_nothing_after_an_items_first_complete_update(con):
    assert rows(con, """
        select count(*)
        from progress_update as u
        join (
            select ref, coalesce(seq, 0) as s, min(reported_on) as done_on
            from progress_update where status = 'complete' group by all
        ) as d on d.ref = u.ref and d.s = coalesce(u.seq, 0)
        where u.reported_on > d.done_on or (u.reported_on = d.done_on and u.status <> 'complete')
    """) == [(0,)]


def test_one_update_per_item_per_review_at_most(con):
    assert rows(con, "select count(*) from (select ref, seq, reported_on from progress_update "
                     "group by all having count(*) > 1)") == [(0,)]


def test_an_open_items_forecast_is_never_in_the_past(con):
    assert rows(con, "select count(*) from progress_update where origin = 'demo' and status <> 'complete' "
                     "and forecast_end < reported_on") == [(0,)]


def test_percent_complete_never_goes_back_and_forecasts_only_move_later(con):
    assert rows(con, """
        select count(*) from (
            select
                percent_complete - lag(percent_complete) over w as percent_change,
                forecast_end - lag(forecast_end) over w as forecast_change,
            from progress_update where origin = 'demo'
            window w as (partition by ref, seq order by reported_on)
        ) where percent_change < 0 or forecast_change < 0
    """) == [(0,)]


def test_updates_are_recorded_by_an_owner_of_the_action(con):
    assert rows(con, """
        select count(*) from progress_update as u
        where u.origin = 'demo' and u.recorded_by not in (
            select o.name from assignment as s join officer as o using (officer_id) where s.ref = u.ref
        )
    """) == [(0,)]
    # 2.1's owners are all on its milestones: one of them reports the action too.
    assert rows(con, "select distinct recorded_by from progress_update where ref = '2.1' and seq is null") != [
        ("Service manager",)]


def test_ongoing_actions_stay_in_progress_with_no_forecast(con):
    assert rows(con, """
        select distinct u.status, u.forecast_end is null
        from progress_update as u join action as a using (plan_id, ref)
        where a.is_ongoing and u.seq is null and u.reported_on >= a.baseline_start
    """) == [("in_progress", True)]
    # Before they start (6b.3 to 6b.5 start Apr 17): "due to start", and no forecast either.
    assert rows(con, """
        select distinct u.status, u.forecast_end is null
        from progress_update as u join action as a using (plan_id, ref)
        where a.is_ongoing and u.seq is null and u.reported_on < a.baseline_start
    """) == [("not_started", True)]


def test_updates_start_shortly_before_an_item_is_due(con):
    # No not-started rows years ahead: an action appears at most one review before its start.
    assert rows(con, """
        select count(*) from action as a
        join (select ref, min(reported_on) as first_on from progress_update
              where origin = 'demo' and seq is null group by ref) as u using (ref)
        where a.baseline_start - u.first_on > 42
    """) == [(0,)]


def test_manual_rag_is_rare_and_always_has_a_reason(con):
    overrides = rows(con, "select rag_override, rag_reason from progress_update where rag_override is not null")
    assert 1 <= len(overrides) <= 3
    assert all(rag in ("red", "amber", "green") and len(reason.strip()) > 20 for rag, reason in overrides)


def test_commentary_names_the_item(con):
    # Milestone updates start with the milestone's own title (events too), so they read on their own.
    assert rows(con, """
        select count(*) from progress_update as u join milestone as m using (plan_id, ref, seq)
        where u.origin = 'demo' and not starts_with(u.commentary, left(rtrim(m.title, '.'), 60))
          and not m.title ilike '%awaiting%'
    """) == [(0,)]
    assert rows(con, "select commentary from progress_update where ref = '1.2' and seq is null "
                     "and reported_on = (select min(review_date) from review)")[0][0].startswith(
        "Publish a rent and service charge setting policy: ")


# --- the dynamics ----------------------------------------------------------------------------------


def slipped_actions(con) -> set[str]:
    """Actions whose forecast end moved later at some review."""
    return {ref for (ref,) in rows(con, """
        select distinct ref from (
            select ref, forecast_end > lag(forecast_end) over (partition by ref order by reported_on) as moved
            from progress_update where origin = 'demo' and seq is null
        ) where moved
    """)}


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


@pytest.fixture
def plan_only(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path, with_demo=False)
    con = connect(path)
    yield con
    con.close()


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
