"""The analysts' views (store/sql/views.sql): hand-worked rows on the tiny plan, and the same figures as
the dashboard's own queries on the built-in plan, because both select from the same macros."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from components import rules
from queries import run
from tests.frames import rows
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)
from tests.tiny_plan import R1, R2, R3, tiny_db

D = date.fromisoformat
VIEWS = ["data_dictionary", "item_state_at_review", "item_state_today", "officer_load_by_month",
         "theme_completion_at_review"]
PLAN = "tbc-rent-sip"


@pytest.fixture
def tiny():
    con = tiny_db()
    yield con
    con.close()


def view(con, name: str, where: str = "true", params=None) -> pd.DataFrame:
    return con.execute(f"select * from {name} where {where}", params or []).df()


def test_the_views_an_analyst_can_pick(tiny):
    listed = tiny.execute("select view_name, comment from duckdb_views() where not internal order by 1").fetchall()
    assert [name for name, _ in listed] == VIEWS
    assert all(comment.startswith("One row per") for _, comment in listed)


def test_item_state_at_review_is_each_item_as_each_meeting_saw_it(tiny):
    got = view(tiny, "item_state_at_review", "ref = 'A.3' order by review_date")
    assert rows(got, ["review_date", "review_title", "status", "baseline_end", "slippage_days", "rag"]) == [
        # R1: no update yet, due to start Feb 1: not due (grey), no slippage against Apr 30.
        (D(R1), "R1", "not_started", D("2020-04-30"), 0, "grey"),
        # R2: forecast Jun 15 against Apr 30 = 46 days: red.
        (D(R2), "R2", "in_progress", D("2020-04-30"), 46, "red"),
        # R3: re-baselined (Mar 15) to Jun 30, forecast Jun 20: 10 days early, green.
        (D(R3), "R3", "in_progress", D("2020-06-30"), -10, "green"),
    ]
    assert len(view(tiny, "item_state_at_review")) == 3 * 8  # three reviews x (6 actions + 2 milestones)


def test_item_state_today_is_as_of_today(tiny):
    today = date.today()
    got = view(tiny, "item_state_today", "ref = 'B.3'")
    # B.3 (Jul - Sep 2020) never started: open today, so it finishes today at the earliest.
    assert rows(got, ["as_of", "status", "effective_finish", "slippage_days", "rag"]) == [
        (today, "not_started", today, (today - D("2020-09-30")).days, "red")]


def test_theme_completion_at_review_with_the_next_review_as_due_by(tiny):
    got = view(tiny, "theme_completion_at_review", "true order by review_date, theme_code nulls last")
    assert rows(got, ["review_date", "next_review_date", "theme_code", "actions_total", "actions_complete",
                      "percent_actions_complete", "actions_red", "actions_amber", "items_due"])[-6:] == [
        # R2 looks ahead to R3 (Apr 8): A.1 (forecast Mar 31), A.1/2 (its action's end, Mar 31) and A.2
        # (forecast Mar 20) are open and due; A.3 (red, 46 days) is forecast Jun 15. Amber: A.2 (forecast
        # 20 days after Feb 29) and A.1 (its milestone 2 was due to start Jan 1 and has not: roll-up).
        (D(R2), D(R3), "A", 3, 0, 0, 1, 2, 3),
        (D(R2), D(R3), "B", 3, 0, 0, 0, 0, 0),
        (D(R2), D(R3), None, 6, 0, 0, 1, 2, 3),
        # R3 is the last review: the next is 42 days on, May 20. B.2 (May 31) falls after it.
        # Otherwise as test_queries.test_theme_completion: A.2 complete, A.1 amber; B.1 amber by override.
        (D(R3), D("2020-05-20"), "A", 3, 1, 33.3, 0, 1, 0),
        (D(R3), D("2020-05-20"), "B", 3, 0, 0, 0, 1, 0),
        (D(R3), D("2020-05-20"), None, 6, 1, 16.7, 0, 2, 0),
    ]


def test_officer_load_by_month_runs_from_the_plans_start_to_this_month(tiny):
    got = view(tiny, "officer_load_by_month", "officer_id = 'bob' order by month_start")
    assert rows(got, ["month_start", "open_actions", "open_actions_weighted", "open_milestones",
                      "milestones_due", "is_overloaded"])[:2] == [
        # Jan 2020: A.1 (shared with Ann: 0.5) and A.2 (0.5); milestone A.1/1 (to Feb 20).
        (D("2020-01-01"), 2, 1.0, 1, 0, False),
        # Feb: + A.3 (alone: 1.0); A.1/1 done Feb 20. 2.0 is not over the default threshold of 4.
        (D("2020-02-01"), 3, 2.0, 1, 1, False),
    ]
    today = date.today()
    months = (today.year - 2020) * 12 + today.month  # Jan 2020 to this month
    assert got["month_start"].iloc[-1].date() == today.replace(day=1) and len(got) == months


def test_the_views_use_the_thresholds_in_view_setting(tiny):
    a3_at_r2 = "ref = 'A.3' and review_date = date '2020-02-26'"
    assert view(tiny, "item_state_at_review", a3_at_r2)["rag"].tolist() == ["red"]  # 46 days > 30
    tiny.execute("update view_setting set red_after_days = 50, overload_threshold = 1.5")
    assert view(tiny, "item_state_at_review", a3_at_r2)["rag"].tolist() == ["amber"]  # 46 days <= 50
    feb = view(tiny, "officer_load_by_month", "officer_id = 'bob' and month_start = date '2020-02-01'")
    assert feb["is_overloaded"].tolist() == [True]  # 2.0 > 1.5


def test_theme_completion_at_review_equals_the_dashboards_query(built_db_template):
    con = duckdb.connect(str(built_db_template), read_only=True)
    reviews = [r for (r,) in con.execute("select review_date from review order by 1").fetchall()]
    got = view(con, "theme_completion_at_review")
    for as_of in reviews:
        due_by = rules.next_review_after(as_of, reviews)
        expected = run(con, "theme_completion", plan_id=PLAN, as_of=as_of, due_by=due_by, red_after_days=30,
                       themes=None, officers=None, statuses=None, rags=None)
        at_review = got[got["review_date"].dt.date == as_of]
        assert set(at_review["next_review_date"].dt.date) == {due_by}
        pd.testing.assert_frame_equal(at_review[expected.columns].reset_index(drop=True), expected)
    assert len(got) == len(reviews) * 8  # seven themes and all themes at each of the 33 reviews
    con.close()


def test_item_state_and_officer_load_views_equal_the_dashboards_definitions(built_db_template):
    con = duckdb.connect(str(built_db_template), read_only=True)
    today = date.today()
    state = view(con, "item_state_today", "true order by position, seq nulls first").drop(columns="as_of")
    direct = con.execute("select * from item_state($plan, current_date, 30) order by position, seq nulls first",
                         {"plan": PLAN}).df()
    pd.testing.assert_frame_equal(state, direct)
    first, last = con.execute("select min(coalesce(original_start, original_end)), "
                              "max(coalesce(original_end, original_start)) from item").fetchone()
    load = view(con, "officer_load_by_month").drop(columns=["plan_id", "as_of"])
    expected = run(con, "owner_load", plan_id=PLAN, as_of=today, red_after_days=30, window_start=first,
                   window_end=max(last, today), overload_threshold=4.0, themes=None, officers=None,
                   statuses=None, rags=None)
    pd.testing.assert_frame_equal(load, expected)
    assert load["month_start"].min().date() == first.replace(day=1)
    con.close()


def test_the_dashboard_writes_its_thresholds_for_the_views(built_db, monkeypatch):
    import components.db

    monkeypatch.setattr(components.db, "RED_AFTER_DAYS", 20)
    monkeypatch.setattr(components.db, "OVERLOAD_THRESHOLD", 2.5)
    assert not open_page().exception
    con = duckdb.connect(str(built_db))  # same configuration as the app's connection in this process
    assert con.execute("select * from view_setting").fetchall() == [(20, 2.5, 42)]
    con.close()
