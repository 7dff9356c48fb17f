"""Action RAG rolls up its milestones: an open action is never shown better than its worst open milestone.

A plan whose dates sit on milestones, as of 1 May 2020. Every action runs 1 Jan - 31 Dec 2020 and was
updated on 15 Apr (in progress, forecast 31 Dec: on time, so its own rating is Green) unless said
otherwise; every milestone was updated on 15 Apr (in progress, no forecast), so none is "due to start".
An open milestone with no forecast is expected on the as-of date: days late = 1 May - its due date.

  R.1  m1 'Seek cabinet approval' due 31 Mar: 31 days late -> Red, so R.1 is Red.
  R.2  m1 due 26 Apr: 5 days late -> Amber, so R.2 is Amber.
  R.3  m1 due 1 Mar, completed 10 Apr (40 days late, but complete: Blue); m2 due 31 Dec: on time.
       A complete milestone does not lower the action: Green.
  R.4  own forecast 15 Feb 2021: 46 days late, Red; m1 due 26 Apr is Amber: R.4 stays Red, own reason.
  R.5  complete on 30 Apr; m1 due 31 Mar still open (Red): a complete action stays Complete (Blue).
  R.6  m1 due 1 Apr: exactly 30 days late -> Amber (Red is *more than* 30), so R.6 is Amber.
  R.7  overridden to Green with a reason; m1 due 31 Mar is Red: R.7 is Red all the same.
"""

from __future__ import annotations

import duckdb
import pytest

from queries import run
from store.build import create_schema, refresh_items
from tests.frames import rows
from tests.tiny_plan import NO_FILTERS

AS_OF = "2020-05-01"
MILESTONE_DUE = {"R.1": "2020-03-31", "R.2": "2020-04-26", "R.3": "2020-03-01", "R.4": "2020-04-26",
                 "R.5": "2020-03-31", "R.6": "2020-04-01", "R.7": "2020-03-31"}


def milestone_plan(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """The plan above in a new database at `path` (plan id 'm')."""
    con = duckdb.connect(path)
    create_schema(con)
    con.execute("""
        insert into plan (plan_id, title, organisation, source) values ('m', 'Milestone plan', 'Council', 'tests');
        insert into theme values ('m', 'R', 'Theme R', 1);
        insert into officer (officer_id, name, kind) values ('ann', 'Ann Able', 'person');
        insert into review (plan_id, review_date, title) values ('m', '2020-04-01', 'R1'), ('m', '2020-05-01', 'R2');
    """)
    for position, (ref, due) in enumerate(MILESTONE_DUE.items(), start=1):
        con.execute(
            "insert into action (plan_id, ref, theme_code, position, action_text, start_text, end_text, "
            "baseline_start, baseline_end, is_ongoing) values ('m', $ref, 'R', $pos, 'Action ' || $ref, "
            "'Jan 20', 'Dec 20', '2020-01-01', '2020-12-31', false)", {"ref": ref, "pos": position})
        con.execute(
            "insert into milestone (plan_id, ref, seq, title, start_text, end_text, baseline_start, baseline_end) "
            "values ('m', $ref, 1, 'Seek cabinet approval', '', '', null, $due)", {"ref": ref, "due": due})
        con.execute("insert into assignment (plan_id, ref, seq, officer_id) values ('m', $ref, null, 'ann')",
                    {"ref": ref})
    con.execute("""
        insert into milestone (plan_id, ref, seq, title, start_text, end_text, baseline_start, baseline_end)
            values ('m', 'R.3', 2, 'Publish', '', '', null, '2020-12-31');
        insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, forecast_end,
                                     actual_end, rag_override, rag_reason, recorded_by)
        select 'm', a.ref, null, '2020-04-15', 'in_progress', 50,
            case when a.ref = 'R.4' then date '2021-02-15' else date '2020-12-31' end, null,
            case when a.ref = 'R.7' then 'green' end, case when a.ref = 'R.7' then 'Board says fine' end, 'Ann'
        from action as a;
        insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, recorded_by)
        select 'm', ref, seq, '2020-04-15', 'in_progress', 10, 'Ann' from milestone;
        insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, actual_end, recorded_by)
            values ('m', 'R.3', 1, '2020-04-16', 'complete', 100, '2020-04-10', 'Ann'),
                   ('m', 'R.5', null, '2020-04-30', 'complete', 100, '2020-04-30', 'Ann');
    """)
    refresh_items(con, "m")
    return con


@pytest.fixture(scope="module")
def con():
    connection = milestone_plan()
    yield connection
    connection.close()


def params(**extra) -> dict:
    return {"plan_id": "m", "as_of": AS_OF, "red_after_days": 30, **NO_FILTERS, **extra}


def test_each_action_takes_its_worst_open_milestone(con):
    got = run(con, "action_status", **params())
    assert rows(got, ["item_ref", "own_rag", "rag", "is_rolled_up", "slippage_days", "rag_reason"]) == [
        ("R.1", "green", "red", True, 0, "Red: milestone 1 'Seek cabinet approval' is 31 days late"),
        ("R.2", "green", "amber", True, 0, "Amber: milestone 1 'Seek cabinet approval' is 5 days late"),
        ("R.3", "green", "green", False, 0, "Green: on track"),
        ("R.4", "red", "red", False, 46, "Red: forecast 46 days after baseline end"),
        ("R.5", "blue", "blue", False, -245, "Complete on time"),
        ("R.6", "green", "amber", True, 0, "Amber: milestone 1 'Seek cabinet approval' is 30 days late"),
        ("R.7", "green", "red", True, 0, "Red: milestone 1 'Seek cabinet approval' is 31 days late"),
    ]
    assert list(got["is_overridden"]) == [False] * 6 + [True]  # R.7's own override is still shown as one


def test_milestones_keep_their_own_rating(con):
    got = run(con, "milestone_status", **params())
    assert rows(got, ["item_ref", "rag", "slippage_days"]) == [
        ("R.1/1", "red", 31), ("R.2/1", "amber", 5), ("R.3/1", "blue", 40), ("R.3/2", "green", 0),
        ("R.4/1", "amber", 5), ("R.5/1", "red", 31), ("R.6/1", "amber", 30), ("R.7/1", "red", 31),
    ]


def test_headline_and_filters_count_the_rolled_up_rating(con):
    total = run(con, "theme_completion", **params(due_by="2020-06-12")).iloc[-1]
    # red actions R.1, R.4, R.7; amber R.2, R.6; red milestones R.1/1, R.5/1, R.7/1 -> 6 red items
    assert (total["actions_red"], total["actions_amber"], total["milestones_red"], total["items_red"]) == (3, 2, 3, 6)
    # the worst slippage of any action or milestone: R.4 at 46 days
    assert (total["worst_slippage_days"], total["worst_slippage_ref"]) == (46, "R.4")
    red = run(con, "action_status", **params(rags=["red"]))
    assert list(red["item_ref"]) == ["R.1", "R.4", "R.7"]


def test_an_independent_roll_up_agrees(con):
    """Worked out again in Python from the milestone rows, without the SQL's roll-up."""
    actions = run(con, "action_status", **params()).set_index("ref")
    milestones = run(con, "milestone_status", **params())
    severity = {"red": 4, "amber": 3, "green": 2, "grey": 1, "blue": 0}
    for ref, action in actions.iterrows():
        expected = action["own_rag"]
        if action["status"] not in ("complete", "cancelled"):
            mine = milestones[(milestones["ref"] == ref) & ~milestones["status"].isin(["complete", "cancelled"])]
            for rag in mine["rag"]:
                if rag in ("red", "amber") and severity[rag] > severity[expected]:
                    expected = rag
        assert action["rag"] == expected, ref
