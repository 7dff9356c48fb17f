"""Every query in queries/*.sql against the tiny plan of tests/tiny_plan.py, with the exact rows
expected. Each number is worked out by hand in the comment beside it (dates are 2020 unless said).

The tests are split by query family: this file holds what every query must do and the item-status
queries (action_status, milestone_status, due_soon, timeline); test_queries_rollups.py the theme and
officer roll-ups; test_queries_review.py the review meeting's queries; test_queries_lookups.py the
lookups behind the pages (plans, officers, an action's details and history, data quality)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queries import query_names, run
from tests.frames import rows
from tests.query_fixtures import D, con  # noqa: F401 (fixture)
from tests.tiny_plan import R1, R2, R3, params


def test_every_query_file_has_a_test():
    """A .sql file nobody tests fails here: some test must run it by name, run(con, "name", ...), and
    assert on its rows (query tests live in tests/test_queries*.py and beside the feature they serve)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("test_*.py")))
    untested = [name for name in query_names() if not re.search(rf'run\(\s*\w+,\s*"{name}"', text)]
    assert untested == []


def test_every_query_file_states_its_grain_and_params():
    for path in Path("queries").glob("*.sql"):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(r"-- One row", header), f"{path.name} must start with '-- One row ...'"
        params_used = set(re.findall(r"\$(\w+)", path.read_text(encoding="utf-8")))
        head = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("--"))
        for p in params_used:
            assert f"${p}" in head, f"{path.name}: parameter ${p} is not declared in the header"


def test_missing_or_extra_parameters_are_rejected(con):
    import duckdb

    with pytest.raises(duckdb.InvalidInputException):
        run(con, "action_refs")
    with pytest.raises(duckdb.InvalidInputException):
        run(con, "action_refs", plan_id="tiny", extra=1)


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
    got = run(con, "timeline", **params(R3, first_action=None, page_size=None))
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


def test_timeline_page_holds_only_the_actions_drawn_with_their_milestones(con):
    # actions in plan order: A.1 A.2 A.3 B.1 B.2 B.3; a page of 2 from the 3rd is A.3 and B.1
    got = run(con, "timeline", **params(R3, first_action=3, page_size=2))
    assert rows(got, ["item_kind", "ref", "seq"]) == [("action", "A.3", None), ("action", "B.1", None)]
    got = run(con, "timeline", **params(R3, first_action=1, page_size=1))  # A.1 and both its milestones
    assert rows(got, ["item_kind", "ref", "seq"]) == [("action", "A.1", None), ("milestone", "A.1", 1),
                                                      ("milestone", "A.1", 2)]
    got = run(con, "timeline", **params(R3, themes=["B"], first_action=3, page_size=80))  # the filter first
    assert list(got["ref"]) == ["B.3"]
    assert run(con, "timeline", **params(R3, first_action=7, page_size=2)).empty


def test_timeline_themes_summarise_the_action_bars(con):
    got = run(con, "timeline_themes", **params(R3))
    assert rows(got, ["theme_code", "start", "end", "n", "n_red", "n_amber", "n_green", "n_blue", "n_grey"]) == [
        ("A", D("2020-01-01"), D("2020-06-20"), 3, 0, 1, 1, 1, 0),  # A.3 finishes last (forecast 20 Jun)
        ("B", D("2020-01-01"), D("2020-09-30"), 3, 0, 1, 1, 0, 1),  # B.3's baseline bar ends 30 Sep
    ]
    amber = run(con, "timeline_themes", **params(R3, rags=["amber"]))
    assert rows(amber, ["theme_code", "n", "n_amber", "end"]) == [("A", 1, 1, D(R3)), ("B", 1, 1, D(R3))]
