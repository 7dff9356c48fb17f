"""The illustrative progress history (store/demo/): repeatable, marked as demo, plausible, and
true to what the source states."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pytest

from store.build import build_database
from store.db import store_sql
from store.demo import write_demo_history
from tests.demo_fixtures import PLAN, con, plan_only, review_days, rows, slipped_actions  # noqa: F401 (fixture)

VOLATILE = {"recorded_at"}


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
