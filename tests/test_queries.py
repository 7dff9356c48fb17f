"""Every query in queries/*.sql against the tiny plan of tests/tiny_plan.py, with the exact rows
expected. Each number is worked out by hand in the comment beside it (dates are 2020 unless said)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from queries import query_names, run
from tests.frames import rows
from tests.tiny_plan import R1, R2, R3, params, tiny_db

D = date.fromisoformat


@pytest.fixture
def con():
    con = tiny_db()
    yield con
    con.close()


def test_every_query_file_has_a_test():
    """A .sql file nobody tests fails here: its name must appear quoted in this file (or a tests/test_queries_*.py)."""
    text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_queries*.py"))
    untested = [name for name in query_names() if f'"{name}"' not in text]
    assert untested == []


def test_every_query_file_states_its_grain_and_params():
    for path in Path("queries").glob("*.sql"):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(r"-- One row", header), f"{path.name} must start with '-- One row ...'"
        params_used = set(re.findall(r"\$(\w+)", path.read_text(encoding="utf-8")))
        head = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("--"))
        for p in params_used:
            assert f"${p}" in head, f"{path.name}: parameter ${p} is not declared in the header"


ACTION_COLUMNS = ["ref", "status", "percent_complete", "baseline_end", "original_end", "forecast_end", "actual_end",
                  "slippage_days", "original_slippage_days", "rag", "rag_reason", "is_overridden", "last_update_on",
                  "is_stale"]


def test_action_status_at_the_third_review(con):
    got = run(con, "action_status", **params(R3))
    assert rows(got, ACTION_COLUMNS) == [
        # open, forecast Mar 31 already passed: effective finish = as-of Apr 8 -> 8 days late (1..30: amber).
        # Last update Jan 15 is before the previous review (Feb 26): stale.
        ("A.1", "in_progress", 20, D("2020-03-31"), D("2020-03-31"), D("2020-03-31"), None, 8, 8, "amber",
         "Amber: open 8 days past baseline end", False, D(R1), True),
        # complete Mar 25 against Feb 29: 25 days late, blue.
        ("A.2", "complete", 100, D("2020-02-29"), D("2020-02-29"), None, D("2020-03-25"), 25, 25, "blue",
         "Complete 25 days after baseline end", False, D(R3), False),
        # re-baselined to Jun 30; forecast Jun 20: -10 against the current, +51 against the original Apr 30.
        ("A.3", "in_progress", 60, D("2020-06-30"), D("2020-04-30"), D("2020-06-20"), None, -10, 51, "green",
         "Green: on track", False, D(R3), False),
        # ongoing: no slippage; computed green, overridden to amber with its reason.
        ("B.1", "in_progress", 15, None, None, None, None, None, None, "amber",
         "Override (Amber, computed green): Team short-staffed", True, D(R3), False),
        # no start, no update, due May 31: effective = May 31 -> 0 days, green; not due, so not stale.
        ("B.2", "not_started", 0, D("2020-05-31"), D("2020-05-31"), None, None, 0, 0, "green",
         "Green: on track", False, None, False),
        # starts Jul 1: grey.
        ("B.3", "not_started", 0, D("2020-09-30"), D("2020-09-30"), None, None, 0, 0, "grey",
         "Not due to start until 1 Jul 2020", False, None, False),
    ]


def test_open_item_turns_red_after_30_days_and_no_start_date_turns_amber(con):
    got = run(con, "action_status", **params("2020-06-10")).set_index("ref")
    # A.1: Jun 10 - Mar 31 = 71 days > 30: red.
    assert (got.at["A.1", "slippage_days"], got.at["A.1", "rag"]) == (71, "red")
    assert got.at["A.1", "rag_reason"] == "Red: open 71 days past baseline end"
    # B.2 (no start date): Jun 10 - May 31 = 10 days: amber; due and never updated: stale.
    assert (got.at["B.2", "slippage_days"], got.at["B.2", "rag"], got.at["B.2", "is_stale"]) == (10, "amber", True)


def test_red_threshold_is_a_parameter(con):
    got = run(con, "action_status", **{**params("2020-06-10"), "red_after_days": 90}).set_index("ref")
    assert got.at["A.1", "rag"] == "amber"  # 71 days is not over 90


def test_as_of_between_two_updates_uses_the_earlier_one(con):
    # Mar 1 lies between R2 (Feb 26: 80%, forecast Mar 20) and R3 (Apr 8: complete).
    a2 = run(con, "action_status", **params("2020-03-01")).set_index("ref").loc["A.2"]
    assert (a2["status"], a2["percent_complete"], a2["forecast_end"].date()) == ("in_progress", 80, D("2020-03-20"))
    # Mar 20 - Feb 29 = 20 days: amber, with the forecast in the reason.
    assert (a2["slippage_days"], a2["rag"], a2["rag_reason"]) == (20, "amber", "Amber: forecast 20 days after baseline end")


def test_re_baseline_counts_only_from_its_approval(con):
    # Feb 26 is before the re-baseline (Mar 15): forecast Jun 15 vs Apr 30 = 46 days, red.
    a3 = run(con, "action_status", **params(R2)).set_index("ref").loc["A.3"]
    assert (a3["baseline_end"].date(), a3["slippage_days"], a3["rag"], a3["is_rebaselined"]) == (
        D("2020-04-30"), 46, "red", False)
    assert a3["rag_reason"] == "Red: forecast 46 days after baseline end"


def test_filters(con):
    def refs(**f):
        return list(run(con, "action_status", **{**params(R3), **f})["ref"])

    assert refs(themes=["B"]) == ["B.1", "B.2", "B.3"]
    # Bob owns A.2, A.3, B.2 and, through A.1's milestone 1, A.1.
    assert refs(officers=["bob"]) == ["A.1", "A.2", "A.3", "B.2"]
    assert refs(rags=["amber"]) == ["A.1", "B.1"]
    assert refs(statuses=["not_started"]) == ["B.2", "B.3"]
    assert refs(themes=["A"], officers=["ann"], rags=["blue"]) == ["A.2"]
    assert refs(themes=[]) == []


def test_milestone_status(con):
    got = run(con, "milestone_status", **params(R3))
    assert rows(got, ["ref", "seq", "owners", "status", "baseline_start", "baseline_end", "slippage_days", "rag",
                      "rag_reason", "is_stale"]) == [
        # own end Feb 15, done Feb 20: 5 days late. Start inherited from A.1 (Jan 1). Own owner Bob.
        ("A.1", 1, "Bob Brown", "complete", D("2020-01-01"), D("2020-02-15"), 5, "blue",
         "Complete 5 days after baseline end", False),
        # no own dates: A.1's window (Jan 1 - Mar 31); not started, Apr 8 - Mar 31 = 8 days; owners: A.1's own.
        ("A.1", 2, "Ann Able", "not_started", D("2020-01-01"), D("2020-03-31"), 8, "amber",
         "Amber: open 8 days past baseline end", True),
    ]


def test_theme_completion(con):
    got = run(con, "theme_completion", **params(R3, due_by="2020-06-07"))
    assert rows(got, ["theme_code", "actions_total", "actions_complete", "actions_complete_on_time",
                      "actions_in_progress", "actions_not_started", "percent_actions_complete",
                      "milestones_total", "milestones_complete", "percent_milestones_complete",
                      "actions_red", "actions_amber", "actions_green", "actions_blue", "actions_grey",
                      "median_slippage_days", "worst_slippage_days"]) == [
        # A: A.2 complete (late); A.1, A.3 in progress; slippage 8, 25, -10 -> median 8, worst 25.
        ("A", 3, 1, 0, 2, 0, 33.3, 2, 1, 50, 0, 1, 1, 1, 0, 8, 25),
        # B: B.1 in progress (ongoing, no slippage); B.2, B.3 not started; slippage 0, 0.
        ("B", 3, 0, 0, 1, 2, 0, 0, 0, None, 0, 1, 1, 0, 1, 0, 0),
        # all: 1 of 6 complete = 16.7 %; slippage 8, 25, -10, 0, 0 -> median 0, worst 25.
        (None, 6, 1, 0, 3, 2, 16.7, 2, 1, 50, 0, 2, 2, 1, 1, 0, 25),
    ]
    assert list(got["theme_title"]) == ["Theme A", "Theme B", "All themes"]
    assert rows(got, ["theme_code", "milestones_red", "items_red", "items_amber", "items_stale", "items_due",
                      "worst_slippage_ref", "uses_demo_progress"]) == [
        # A: A.1 and A.1/2 amber (8 days past Mar 31) and both stale (A.1 last updated at R1, A.1/2 never);
        # nothing open in A is due Apr 8 - Jun 7 (A.3's forecast is Jun 20); the worst is A.2 (25 days).
        ("A", 0, 0, 2, 2, 0, "A.2", False),
        # B: B.1 amber by override; B.2 due May 31, inside Apr 8 - Jun 7; worst 0 days, the first: B.2.
        ("B", 0, 0, 1, 0, 1, "B.2", False),
        (None, 0, 0, 3, 2, 1, "A.2", False),
    ]


def test_theme_completion_on_time_share(con):
    # As of Mar 1 nothing is complete: the on-time share has no denominator.
    got = run(con, "theme_completion", **params("2020-03-01", due_by="2020-04-08")).set_index("theme_title")
    assert pd.isna(got.at["All themes", "percent_complete_on_time"])
    assert got.at["Theme A", "milestones_complete_on_time"] == 0  # m1 was 5 days late


LOAD_COLUMNS = ["officer_id", "month_start", "open_actions", "open_actions_weighted", "open_milestones",
                "milestones_due", "red_items", "is_overloaded"]


def test_owner_load(con):
    got = run(con, "owner_load", **params(R3, window_start="2020-01-01", window_end="2020-06-30",
                                            overload_threshold=1.5))
    bob = [r for r in rows(got, LOAD_COLUMNS) if r[0] == "bob"]
    assert bob == [
        # Jan: A.1 (shared with Ann: 0.5), A.2 (0.5); milestone A.1/1 (to Feb 20).
        ("bob", D("2020-01-01"), 2, 1.0, 1, 0, 0, False),
        # Feb: + A.3 (from Feb 1, alone: 1.0) = 2.0 > 1.5: overloaded; A.1/1 due (done Feb 20).
        ("bob", D("2020-02-01"), 3, 2.0, 1, 1, 0, True),
        # Mar: A.1, A.2 (to Mar 25), A.3.
        ("bob", D("2020-03-01"), 3, 2.0, 0, 0, 0, True),
        # Apr: A.1 (open to the as-of date Apr 8) 0.5 + A.3 1.0 = 1.5, not over 1.5.
        ("bob", D("2020-04-01"), 2, 1.5, 0, 0, 0, False),
        # May: A.3 + B.2 (no start: its end month May, to May 31).
        ("bob", D("2020-05-01"), 2, 2.0, 0, 0, 0, True),
        # Jun: A.3 to its forecast Jun 20.
        ("bob", D("2020-06-01"), 1, 1.0, 0, 0, 0, False),
    ]
    team = [r for r in rows(got, LOAD_COLUMNS) if r[0] == "team"]
    assert [r[2] for r in team] == [1] * 6  # ongoing B.1 is open every month of the window
    assert sorted(set(got["officer_id"])) == ["ann", "bob", "team"]
    assert len(got) == 18  # every officer x every month, zeros included


def test_owner_load_counts_red_items(con):
    # As of Jun 10, A.1 (71 days) and its milestone 2 (same window) are red; both Ann's in June.
    got = run(con, "owner_load", **params("2020-06-10", window_start="2020-06-01", window_end="2020-06-30",
                                            overload_threshold=5.0))
    ann = got.set_index("officer_id").loc["ann"]
    assert (ann["open_actions"], ann["open_milestones"], ann["red_items"]) == (1, 1, 2)


def test_owner_load_officer_filter_keeps_only_them(con):
    got = run(con, "owner_load", **params(R3, window_start="2020-01-01", window_end="2020-01-31",
                                            overload_threshold=1.5, officers=["ann"]))
    assert rows(got, LOAD_COLUMNS) == [("ann", D("2020-01-01"), 2, 1.0, 1, 0, 0, False)]


def test_due_soon(con):
    # From Apr 8, 75 days reach Jun 22: B.2 (May 31, 53 days) and A.3 (forecast Jun 20, 73 days).
    # A.1 (forecast Mar 31) is overdue, not "due soon"; B.1 is ongoing; B.3 ends in September.
    got = run(con, "due_soon", **params(R3, due_by="2020-06-22"))
    assert rows(got, ["ref", "seq", "due_on", "days_until_due", "rag"]) == [
        ("B.2", None, D("2020-05-31"), 53, "green"),
        ("A.3", None, D("2020-06-20"), 73, "green"),
    ]
    assert list(run(con, "due_soon", **params(R3, due_by="2020-06-07"))["ref"]) == ["B.2"]


def test_timeline(con):
    got = run(con, "timeline", **params(R3))
    assert rows(got, ["item_kind", "ref", "seq", "bar_start", "baseline_bar_end", "progress_bar_end", "rag"]) == [
        ("action", "A.1", None, D("2020-01-01"), D("2020-03-31"), D(R3), "amber"),  # open: runs to today
        ("milestone", "A.1", 1, D("2020-01-01"), D("2020-02-15"), D("2020-02-20"), "blue"),
        ("milestone", "A.1", 2, D("2020-01-01"), D("2020-03-31"), D(R3), "amber"),
        ("action", "A.2", None, D("2020-01-01"), D("2020-02-29"), D("2020-03-25"), "blue"),
        ("action", "A.3", None, D("2020-02-01"), D("2020-06-30"), D("2020-06-20"), "green"),
        ("action", "B.1", None, D("2020-01-01"), D(R3), D(R3), "amber"),  # ongoing: to the as-of date
        ("action", "B.2", None, D("2020-05-01"), D("2020-05-31"), D("2020-05-31"), "green"),  # no start
        ("action", "B.3", None, D("2020-07-01"), D("2020-09-30"), D("2020-09-30"), "grey"),
    ]
    assert list(got["owners"])[:2] == ["Ann Able, Bob Brown", "Bob Brown"]


def test_review_changes_between_the_last_two_reviews(con):
    got = run(con, "review_changes", **params(R3, since=R2))
    assert rows(got, ["change_kind", "ref", "seq", "from_value", "to_value", "days_moved", "changed_on"]) == [
        ("newly_complete", "A.2", None, "in progress", "complete", 25, D("2020-03-25")),
        # A.1 was already amber on Feb 26: its own rating was green (forecast Mar 31 still ahead), but its
        # milestone 2 was due to start Jan 1 and had not (roll-up). Amber on Apr 8 too: no change.
        # A.3: red on Feb 26 (46 days), green after the re-baseline.
        ("rag_changed", "A.3", None, "red", "green", None, D(R3)),
        ("rag_changed", "B.1", None, "green", "amber", None, D(R3)),  # the override
        ("forecast_moved", "A.3", None, "15 Jun 2020", "20 Jun 2020", 5, D(R3)),
        ("rebaselined", "A.3", None, "30 Apr 2020", "30 Jun 2020", 61, D("2020-03-15")),
        ("new_commentary", "A.2", None, "Bob Brown", "Signed off", None, D(R3)),
        ("new_commentary", "A.3", None, "Bob Brown", "On track after rebaseline", None, D(R3)),
        ("new_commentary", "B.1", None, "Team", "Short of staff", None, D(R3)),
    ]
    assert got.set_index("change_kind").at["rebaselined", "detail"] == "Delayed by consultation (approved by Cabinet)"


def test_review_changes_respect_filters(con):
    got = run(con, "review_changes", **params(R3, since=R2, themes=["B"]))
    assert list(zip(got["change_kind"], got["ref"])) == [("rag_changed", "B.1"), ("new_commentary", "B.1")]


def test_forecast_trend_of_a_re_baselined_action(con):
    got = run(con, "forecast_trend", plan_id="tiny", ref="A.3", seq=None)
    assert rows(got, ["on_date", "review_title", "status", "forecast_end", "baseline_end", "expected_finish",
                      "slippage_days"]) == [
        # R1: no update yet; baseline Apr 30 (the re-baseline comes Mar 15): effective Apr 30 -> 0.
        (D(R1), "R1", "not_started", None, D("2020-04-30"), D("2020-04-30"), 0),
        # R2: forecast Jun 15 against Apr 30 -> 46.
        (D(R2), "R2", "in_progress", D("2020-06-15"), D("2020-04-30"), D("2020-06-15"), 46),
        # R3: forecast Jun 20 against the new Jun 30 -> -10.
        (D(R3), "R3", "in_progress", D("2020-06-20"), D("2020-06-30"), D("2020-06-20"), -10),
    ]


def test_forecast_trend_of_a_milestone(con):
    got = run(con, "forecast_trend", plan_id="tiny", ref="A.1", seq=1)
    # own end Feb 15; R1: not started, effective Feb 15 -> 0; R2, R3: complete Feb 20 -> 5.
    assert list(got["slippage_days"]) == [0, 5, 5]
    assert list(got["status"]) == ["not_started", "complete", "complete"]


def test_review_dates(con):
    got = run(con, "review_dates", plan_id="tiny")
    assert rows(got, ["title", "review_date", "previous_review_date"]) == [
        ("R3", D(R3), D(R2)), ("R2", D(R2), D(R1)), ("R1", D(R1), None),
    ]


def test_plans_and_theme_actions_and_officer_actions(con):
    assert rows(run(con, "plans"), ["plan_id", "title", "action_count"]) == [("tiny", "Tiny plan", 6)]
    assert rows(run(con, "theme_actions", plan_id="tiny"), ["theme_code", "action_count", "milestone_count"]) == [
        ("A", 3, 2), ("B", 3, 0),
    ]
    got = run(con, "officer_actions", plan_id="tiny")
    assert rows(got, ["officer_id", "action_count", "whole_action_count", "milestone_count", "refs"]) == [
        ("bob", 4, 3, 1, "A.1, A.2, A.3, B.2"), ("ann", 3, 3, 0, "A.1, A.2, B.3"), ("team", 1, 1, 0, "B.1"),
    ]


def test_plan_officers_people_before_roles(con):
    got = run(con, "plan_officers", plan_id="tiny")
    assert rows(got, ["officer_id", "name", "kind"]) == [
        ("ann", "Ann Able", "person"), ("bob", "Bob Brown", "person"), ("team", "Team", "role"),
    ]


def test_action_detail_milestones_and_refs(con):
    detail = run(con, "action_detail", plan_id="tiny", ref="A.1").iloc[0]
    assert (detail["owners"], detail["start_text"], detail["baseline_end"].date()) == (
        "Ann Able, Bob Brown", "Jan 20", D("2020-03-31"))
    assert rows(run(con, "action_milestones", plan_id="tiny", ref="A.1"), ["seq", "title", "owners"]) == [
        (1, "Draft", "Bob Brown"), (2, "Publish", None),
    ]
    assert list(run(con, "action_refs", plan_id="tiny")["ref"]) == ["A.1", "A.2", "A.3", "B.1", "B.2", "B.3"]


def test_item_history_newest_first_and_cut_at_the_as_of_date(con):
    got = run(con, "item_history", plan_id="tiny", ref="A.1", as_of=R3)
    # A.1's own update (Jan 15) and its milestone 1's (Feb 26), newest first.
    assert rows(got, ["seq", "item", "reported_on", "status", "commentary"]) == [
        (1, "Draft", D(R2), "complete", None),
        (None, "Whole action", D(R1), "in_progress", "Started"),
    ]
    assert list(run(con, "item_history", plan_id="tiny", ref="A.1", as_of="2020-02-01")["reported_on"].dt.date) == [D(R1)]


def test_item_rebaselines(con):
    got = run(con, "item_rebaselines", plan_id="tiny", ref="A.3")
    assert rows(got, ["seq", "item", "approved_on", "new_baseline_end", "reason", "approved_by"]) == [
        (None, "Whole action", D("2020-03-15"), D("2020-06-30"), "Delayed by consultation", "Cabinet"),
    ]
    assert run(con, "item_rebaselines", plan_id="tiny", ref="A.1").empty


def test_review_exceptions_at_the_third_review(con):
    got = run(con, "review_exceptions", **params(R3, since=R2, due_by="2020-06-07"))
    assert rows(got, ["exception_kind", "ref", "seq", "rag", "previous_rag", "due_on"]) == [
        # nothing is red at R3 (A.3 was red at R2 and is green now): no new or still red.
        # stale: A.1 (last update R1) and A.1/2 (never updated, started Jan 1).
        # A.1 was amber at R2 too: its own rating was green, but its milestone 2 (due to start Jan 1,
        # not started) was amber, and an action is never shown better than its worst open milestone.
        ("stale", "A.1", None, "amber", "amber", D("2020-03-31")),
        ("stale", "A.1", 2, "amber", "amber", D("2020-03-31")),
        # A.1/2 is due Mar 31 (A.1's end) and still open on Apr 8.
        ("overdue_milestone", "A.1", 2, "amber", "amber", D("2020-03-31")),
        # due within 60 days of Apr 8 (to Jun 7): B.2 on May 31.
        ("due_soon", "B.2", None, "green", "green", D("2020-05-31")),
    ]


def test_review_exceptions_new_and_still_red(con):
    # Jun 10: A.1 is 71 days late (red), and was amber on Apr 8: new red; so is its milestone 2.
    got = run(con, "review_exceptions", **params("2020-06-10", since=R3, due_by="2020-06-10"))
    reds = [(k, r, s) for k, r, s in zip(got["exception_kind"], got["ref"], got["seq"].astype(object))
            if k.endswith("red")]
    assert [(k, r, None if pd.isna(s) else int(s)) for k, r, s in reds] == [("new_red", "A.1", None), ("new_red", "A.1", 2)]
    again = run(con, "review_exceptions", **params("2020-06-20", since="2020-06-10", due_by="2020-06-20"))
    assert list(again.loc[again["exception_kind"] == "still_red", "ref"]) == ["A.1", "A.1"]


def test_item_last_update(con):
    # update_id counts from 1 in the order tiny_plan.py inserts the updates:
    # 1 A.1, 2 A.1/1, 3-5 A.2 (R1, R2, R3), 6-7 A.3 (R2, R3), 8-9 B.1 (R1, R3).
    got = run(con, "item_last_update", plan_id="tiny")
    assert rows(got, ["ref", "seq", "last_update_id"]) == [
        ("A.1", None, 1),     # its one update
        ("A.1", 1, 2),        # its one update
        ("A.1", 2, None),     # never updated
        ("A.2", None, 5),     # the latest of 3, 4, 5
        ("A.3", None, 7),     # the latest of 6, 7
        ("B.1", None, 9),     # the latest of 8, 9
        ("B.2", None, None),  # never updated
        ("B.3", None, None),  # never updated
    ]


def test_data_quality(con):
    con.execute("update action set transcription_note = 'N1: read with care' where ref = 'A.2'")
    con.execute("insert into milestone (plan_id, ref, seq, title, end_text, baseline_end) "
                "values ('tiny', 'A.2', 1, 'Late milestone', 'Apr 20', '2020-04-30')")
    got = run(con, "data_quality", plan_id="tiny", as_of=R3)
    assert rows(got, ["check_name", "ref", "seq", "detail"]) == [
        ("No start date", "B.2", None, "The plan gives no start date (written: 'May 20' as its end)."),
        # A.2 runs Jan 1 - Feb 29; its new milestone ends Apr 30.
        ("Milestone outside its action", "A.2", 1,
         "Milestone ends 30 Apr 2020, outside the action's window (1 Jan 2020 to 29 Feb 2020)."),
        ("Judgement call in the transcription", "A.2", None, "N1: read with care"),
    ]


def test_plan_counts(con):
    got = run(con, "plan_counts", plan_id="tiny")
    assert rows(got, ["actions", "milestones", "officers", "reviews", "demo_updates", "recorded_updates",
                      "rebaselines"]) == [(6, 2, 3, 3, 0, 9, 1)]


def test_data_version_grows_with_every_audited_write(con):
    from store.progress import ProgressUpdate, record_update

    before = run(con, "data_version").iat[0, 0]
    record_update(con, ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 5), actor="Ann Able")
    assert run(con, "data_version").iat[0, 0] == before + 1


def test_missing_or_extra_parameters_are_rejected(con):
    import duckdb

    with pytest.raises(duckdb.InvalidInputException):
        run(con, "action_refs")
    with pytest.raises(duckdb.InvalidInputException):
        run(con, "action_refs", plan_id="tiny", extra=1)
