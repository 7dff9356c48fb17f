"""The lookups behind the pages against the tiny plan: plans, themes and officers, an action's
details, history and re-baselines, each item's last update, data quality, counts and the data
version."""

from __future__ import annotations

from datetime import date

from queries import run
from tests.frames import rows
from tests.query_fixtures import D, con  # noqa: F401 (fixture)
from tests.tiny_plan import R1, R2, R3


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


def test_import_findings_of_a_plan(con):
    # two findings of the tiny plan's (imagined) tracker import, and one of another plan that must not show
    con.execute("""
        insert into import_finding (plan_id, ref, seq, check_name, detail, sheet, row_number, column_name, cell_text)
        values ('tiny', 'B.2', null, 'Date to be confirmed', '''TBC'': no date.', 'Plan', 9, 'Start', 'TBC'),
               ('tiny', 'A.1', 1, 'Source RAG differs from the dates', 'A.1 milestone 1: source says Green.', 'Plan',
                5, 'RAG', 'G'),
               ('other', 'X', null, 'Date to be confirmed', 'x', 'Plan', 2, 'Start', 'TBC')
    """)
    got = run(con, "import_findings", plan_id="tiny")
    assert rows(got, ["check_name", "ref", "seq", "row_number", "column_name", "cell_text"]) == [
        ("Date to be confirmed", "B.2", None, 9, "Start", "TBC"),
        ("Source RAG differs from the dates", "A.1", 1, 5, "RAG", "G")]


def test_item_extra_unpacks_the_source_trackers_other_columns(con):
    con.execute("update action set extra = '{\"Budget\": \"£2,000\", \"Priority\": \"High\"}' where ref = 'A.1'")
    con.execute("update milestone set extra = '{\"Budget\": \"£500\"}' where ref = 'A.1' and seq = 2")
    got = run(con, "item_extra", plan_id="tiny", ref="A.1")
    assert rows(got, ["item_ref", "seq", "column_name", "cell_text"]) == [
        ("A.1", None, "Budget", "£2,000"), ("A.1", None, "Priority", "High"), ("A.1/2", 2, "Budget", "£500")]
    assert run(con, "item_extra", plan_id="tiny", ref="A.2").empty
