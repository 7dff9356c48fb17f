"""The edges of the definitions, each on a day where `<` and `<=` (or `>` and `>=`) disagree.

A small plan of its own (plan_id 'edge'), built like tests/tiny_plan.py: the real schema, hand-written
rows, refresh_items. Every item measured for its RAG is an action without milestones or a milestone
itself, so an action's roll-up from its milestones cannot change what is asserted here. Update ids
are written out so the expected ids can be worked by hand. Dates are 2020 unless said.

  E.0, E.1, E.30, E.31  Feb 1 - Mar 31; one update on Mar 1 (in progress), forecast 0, 1, 30 and 31
                        days after Mar 31 (Mar 31, Apr 1, Apr 30, May 1).
  M.1                   Feb 1 - Jun 30; its milestone 1 has its own end Mar 31 and one update on Mar 1
                        (in progress, no forecast), so after Mar 31 it slips a day a day.
  S.1, S.2              Jan 1 - Jun 30, in progress; last updated on R1 (Jan 15) and the day after (Jan 16).
  C.1                   Jan 1 - Jun 30; update 8 on R1 (20 %), update 9 on R2 (40 %), 9 retracted.
  C.2                   Jan 1 - Jun 30; its only update 10 on R2 (30 %) retracted.
  D.1                   Jan 1 - Mar 31; forecast May 31 from R1; re-baselined to end Jun 30, approved
                        on R2 itself (Feb 26).

Reviews: R1 2020-01-15, R2 2020-02-26, R3 2020-04-08.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from queries import run
from store.build import create_schema, refresh_items
from tests.frames import rows
from tests.tiny_plan import R1, R2, R3, params

D = date.fromisoformat
PLAN = "edge"

ROWS = """
insert into plan (plan_id, title, organisation, source) values ('edge', 'Edge plan', 'Test council', 'tests');
insert into theme values ('edge', 'E', 'Edges', 1);
insert into action (plan_id, ref, theme_code, position, action_text, baseline_start, baseline_end) values
    ('edge', 'E.0', 'E', 1, 'Forecast on its end', '2020-02-01', '2020-03-31'),
    ('edge', 'E.1', 'E', 2, 'Forecast 1 day late', '2020-02-01', '2020-03-31'),
    ('edge', 'E.30', 'E', 3, 'Forecast 30 days late', '2020-02-01', '2020-03-31'),
    ('edge', 'E.31', 'E', 4, 'Forecast 31 days late', '2020-02-01', '2020-03-31'),
    ('edge', 'M.1', 'E', 5, 'Has a milestone', '2020-02-01', '2020-06-30'),
    ('edge', 'S.1', 'E', 6, 'Updated on R1', '2020-01-01', '2020-06-30'),
    ('edge', 'S.2', 'E', 7, 'Updated the day after R1', '2020-01-01', '2020-06-30'),
    ('edge', 'C.1', 'E', 8, 'Latest update retracted', '2020-01-01', '2020-06-30'),
    ('edge', 'C.2', 'E', 9, 'Only update retracted', '2020-01-01', '2020-06-30'),
    ('edge', 'D.1', 'E', 10, 'Re-baselined on a review day', '2020-01-01', '2020-03-31');
insert into milestone (plan_id, ref, seq, title, baseline_start, baseline_end) values
    ('edge', 'M.1', 1, 'Own end Mar 31', null, '2020-03-31');
insert into review (plan_id, review_date, title) values
    ('edge', '2020-01-15', 'R1'), ('edge', '2020-02-26', 'R2'), ('edge', '2020-04-08', 'R3');
insert into progress_update (update_id, plan_id, ref, seq, reported_on, status, percent_complete, forecast_end,
                             recorded_by) values
    (1, 'edge', 'E.0', null, '2020-03-01', 'in_progress', 10, '2020-03-31', 'Ann Able'),
    (2, 'edge', 'E.1', null, '2020-03-01', 'in_progress', 10, '2020-04-01', 'Ann Able'),
    (3, 'edge', 'E.30', null, '2020-03-01', 'in_progress', 10, '2020-04-30', 'Ann Able'),
    (4, 'edge', 'E.31', null, '2020-03-01', 'in_progress', 10, '2020-05-01', 'Ann Able'),
    (5, 'edge', 'M.1', 1, '2020-03-01', 'in_progress', 10, null, 'Ann Able'),
    (6, 'edge', 'S.1', null, '2020-01-15', 'in_progress', 10, null, 'Ann Able'),
    (7, 'edge', 'S.2', null, '2020-01-16', 'in_progress', 10, null, 'Ann Able'),
    (8, 'edge', 'C.1', null, '2020-01-15', 'in_progress', 20, null, 'Ann Able'),
    (9, 'edge', 'C.1', null, '2020-02-26', 'in_progress', 40, null, 'Ann Able'),
    (10, 'edge', 'C.2', null, '2020-02-26', 'in_progress', 30, null, 'Ann Able'),
    (11, 'edge', 'D.1', null, '2020-01-15', 'in_progress', 10, '2020-05-31', 'Ann Able');
insert into progress_retraction (update_id, retracted_by) values (9, 'Ann Able'), (10, 'Ann Able');
insert into rebaseline (plan_id, ref, seq, approved_on, new_baseline_start, new_baseline_end, reason, approved_by)
    values ('edge', 'D.1', null, '2020-02-26', null, '2020-06-30', 'Approved at R2', 'Cabinet');
"""


@pytest.fixture
def con():
    con = duckdb.connect(":memory:")
    create_schema(con)
    con.execute(ROWS)
    refresh_items(con, PLAN)
    yield con
    con.close()


def actions(con, as_of: str, refs: list[str], columns: list[str]) -> list[tuple]:
    got = run(con, "action_status", **params(as_of, plan_id=PLAN))
    return rows(got.set_index("ref").loc[refs].reset_index(), ["ref", *columns])


# --- RAG: Red is MORE than red_after_days (30) of slippage; 1..30 is Amber; 0 is Green ---------------

def test_rag_at_0_1_30_and_31_days_of_forecast_slippage(con):
    # As of Mar 1 every forecast is still ahead, so effective finish = forecast; slippage = forecast - Mar 31.
    assert actions(con, "2020-03-01", ["E.0", "E.1", "E.30", "E.31"], ["slippage_days", "rag"]) == [
        ("E.0", 0, "green"),    # Mar 31 - Mar 31
        ("E.1", 1, "amber"),    # Apr 1 - Mar 31
        ("E.30", 30, "amber"),  # Apr 30 - Mar 31 = 30: not more than 30
        ("E.31", 31, "red"),    # May 1 - Mar 31 = 31
    ]
    assert actions(con, "2020-03-01", ["E.30", "E.31"], ["rag_reason"]) == [
        ("E.30", "Amber: forecast 30 days after baseline end"),
        ("E.31", "Red: forecast 31 days after baseline end"),
    ]


@pytest.mark.parametrize(("as_of", "slippage_days", "rag"), [
    ("2020-03-31", 0, "green"),   # on its own end day: effective finish = Mar 31
    ("2020-04-01", 1, "amber"),   # open a day past its end
    ("2020-04-30", 30, "amber"),  # Apr 30 - Mar 31 = 30: not more than 30
    ("2020-05-01", 31, "red"),    # May 1 - Mar 31 = 31
])
def test_milestone_rag_as_it_slips_past_its_own_end(con, as_of, slippage_days, rag):
    # M.1/1: in progress, no forecast, own end Mar 31: effective finish = the later of Mar 31 and the as-of date.
    got = run(con, "milestone_status", **params(as_of, plan_id=PLAN))
    assert rows(got, ["ref", "seq", "baseline_end", "slippage_days", "rag"]) == [
        ("M.1", 1, D("2020-03-31"), slippage_days, rag),
    ]


# --- Stale: open, started, and no update SINCE the previous review (an update on that day is not since) --

def test_an_update_on_the_previous_review_day_is_stale_the_day_after_is_not(con):
    # As of R2 (Feb 26) the previous review is R1 (Jan 15). Both started Jan 1 and are in progress.
    assert actions(con, R2, ["S.1", "S.2"], ["last_update_on", "is_stale"]) == [
        ("S.1", D(R1), True),              # Jan 15 <= Jan 15: nothing since the previous review
        ("S.2", D("2020-01-16"), False),   # Jan 16 > Jan 15: updated since
    ]
    # As of R3 the previous review is R2 (Feb 26): both were last updated before it, both stale.
    assert actions(con, R3, ["S.1", "S.2"], ["is_stale"]) == [("S.1", True), ("S.2", True)]


# --- Retractions: an undone update counts nowhere --------------------------------------------------------

def test_item_last_update_skips_retracted_updates(con):
    got = run(con, "item_last_update", plan_id=PLAN).set_index("ref").loc[["C.1", "C.2", "S.1", "M.1"]].reset_index()
    assert rows(got, ["ref", "seq", "last_update_id"]) == [
        ("C.1", None, 8),      # updates 8 and 9; 9 retracted -> 8
        ("C.2", None, None),   # its only update, 10, retracted -> none
        ("S.1", None, 6),      # update 6, not retracted
        ("M.1", None, None),   # the action itself has no update ...
        ("M.1", 1, 5),         # ... its milestone has update 5
    ]


def test_item_state_skips_retracted_updates(con):
    # As of R2 the retracted updates (9 on C.1, 10 on C.2, both dated R2) would be the latest; they do not count.
    assert actions(con, R2, ["C.1", "C.2"], ["status", "percent_complete", "last_update_on"]) == [
        ("C.1", "in_progress", 20, D(R1)),   # update 8 of Jan 15
        ("C.2", "not_started", 0, None),     # no counted update
    ]


# --- Re-baselines count from the day they are approved, that day included ----------------------------------

def test_forecast_trend_counts_a_re_baseline_at_the_review_it_was_approved_on(con):
    got = run(con, "forecast_trend", plan_id=PLAN, ref="D.1", seq=None)
    assert rows(got, ["on_date", "review_title", "forecast_end", "baseline_end", "expected_finish",
                      "slippage_days"]) == [
        # R1: original end Mar 31; forecast May 31: 30 (Apr) + 31 (May) = 61 days.
        (D(R1), "R1", D("2020-05-31"), D("2020-03-31"), D("2020-05-31"), 61),
        # R2: the re-baseline approved on Feb 26 counts: end Jun 30; May 31 - Jun 30 = -30.
        (D(R2), "R2", D("2020-05-31"), D("2020-06-30"), D("2020-05-31"), -30),
        # R3: still Jun 30; forecast May 31 is after Apr 8, so -30 again.
        (D(R3), "R3", D("2020-05-31"), D("2020-06-30"), D("2020-05-31"), -30),
    ]


def test_item_state_counts_a_re_baseline_on_its_approval_day(con):
    # As of Feb 26 (approval day): current end Jun 30 -> May 31 - Jun 30 = -30; against the original Mar 31, +61.
    assert actions(con, R2, ["D.1"], ["baseline_end", "is_rebaselined", "slippage_days", "original_slippage_days",
                                      "rag"]) == [("D.1", D("2020-06-30"), True, -30, 61, "green")]
    # The day before, the original end Mar 31 stands: 61 days, red.
    assert actions(con, "2020-02-25", ["D.1"], ["baseline_end", "is_rebaselined", "slippage_days", "rag"]) == [
        ("D.1", D("2020-03-31"), False, 61, "red")]
