"""The review meeting's queries against the tiny plan: what changed since the previous review, the
exceptions, the review dates and an item's forecast over the reviews. Each number is worked out by
hand in the comment beside it (dates are 2020 unless said)."""

from __future__ import annotations

import pandas as pd

from queries import run
from tests.frames import rows
from tests.query_fixtures import D, con  # noqa: F401 (fixture)
from tests.tiny_plan import R1, R2, R3, params


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
