"""The roll-up queries against the tiny plan: completion by theme and load by officer and month.
Each number is worked out by hand in the comment beside it (dates are 2020 unless said)."""

from __future__ import annotations

import pandas as pd

from queries import run
from tests.frames import rows
from tests.query_fixtures import D, con  # noqa: F401 (fixture)
from tests.tiny_plan import R3, params


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


def test_overload_is_judged_on_the_load_as_shown(con):
    """Nine actions of Theme C, each shared by nine officers, are exactly one action's load for each of
    them: "1.0", and not over a threshold of 1, whatever order the computer adds the ninths in (added
    one by one they make 1.0000000000000002, which was flagged overloaded on some runs and not others)."""
    nine = [f"o{n}" for n in range(9)]
    con.execute("insert into theme values ('tiny', 'C', 'Theme C', 3)")
    con.executemany("insert into officer (officer_id, name, kind) values (?, ?, 'person')",
                    [(o, f"Officer {o}") for o in nine])
    for n in range(1, 10):
        con.execute("""insert into action (plan_id, ref, theme_code, position, action_text, start_text, end_text,
                       baseline_start, baseline_end, is_ongoing)
                       values ('tiny', ?, 'C', ?, 'Shared nine ways', 'Jan 20', 'Dec 20', '2020-01-01', '2020-12-31', false)""",
                    [f"C.{n}", 6 + n])
        con.executemany("insert into assignment (plan_id, ref, seq, officer_id) values ('tiny', ?, null, ?)",
                        [(f"C.{n}", o) for o in nine])
    from store.build import refresh_items
    refresh_items(con, "tiny")
    got = run(con, "owner_load", **params(R3, window_start="2020-03-01", window_end="2020-03-31",
                                            overload_threshold=1.0, themes=["C"]))
    assert rows(got, LOAD_COLUMNS) == [(o, D("2020-03-01"), 9, 1.0, 0, 0, 0, False) for o in nine]
    assert sum([1 / 9] * 9) > 1.0  # the raw sum, added one by one, is just over 1


def _edge_actions(con):
    """Theme C, one officer: C.1 Jan 31 - Apr 1, C.2 Jun 2019 - Jun 2021 (past both ends of any window below),
    C.3 from Mar 20 and C.4 from Apr 15, both recorded complete on Mar 10 (on Mar 25): before they were due to start."""
    con.execute("insert into theme values ('tiny', 'C', 'Theme C', 3)")
    con.execute("insert into officer (officer_id, name, kind) values ('edge', 'Edge Case', 'person')")
    spans = [("2020-01-31", "2020-04-01"), ("2019-06-01", "2021-06-30"), ("2020-03-20", "2020-08-31"),
             ("2020-04-15", "2020-08-31")]
    for n, (start, end) in enumerate(spans, start=1):
        con.execute("""insert into action (plan_id, ref, theme_code, position, action_text, start_text, end_text,
                       baseline_start, baseline_end, is_ongoing)
                       values ('tiny', ?, 'C', ?, 'Edge', '', '', ?, ?, false)""", [f"C.{n}", 6 + n, start, end])
        con.execute("insert into assignment (plan_id, ref, seq, officer_id) values ('tiny', ?, null, 'edge')",
                    [f"C.{n}"])
    con.execute("""insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, forecast_end,
                   actual_end, rag_override, rag_reason, commentary, recorded_by) values
                   ('tiny', 'C.3', null, '2020-03-25', 'complete', 100, null, '2020-03-10', null, null, null, 'Edge Case'),
                   ('tiny', 'C.4', null, '2020-03-25', 'complete', 100, null, '2020-03-10', null, null, null, 'Edge Case')""")
    from store.build import refresh_items
    refresh_items(con, "tiny")


def test_owner_load_counts_the_first_and_last_month_of_each_window_and_clips_to_the_months_shown(con):
    """A window counts in every month from the month it starts in to the month it ends in, whichever day of
    the month, and only in the months shown (Jan 10 - May 5 shows January to May)."""
    _edge_actions(con)
    window = {"window_start": "2020-01-10", "window_end": "2020-05-05", "overload_threshold": 1.5, "themes": ["C"]}
    at_r2 = run(con, "owner_load", **params("2020-02-26", **window))
    # As of Feb 26 nothing of C has finished: C.1 counts Jan (from Jan 31) to Apr (to Apr 1), C.2 every month,
    # C.3 from Mar, C.4 from Apr (both to Aug 31, after the window).
    assert [(r[1].month, r[2]) for r in rows(at_r2, LOAD_COLUMNS)] == [(1, 2), (2, 2), (3, 3), (4, 4), (5, 3)]
    at_r3 = run(con, "owner_load", **params(R3, **window))
    # As of Apr 8: C.1 is open past its end, to Apr 8; C.3, finished Mar 10 (its start month), counts in March
    # alone; C.4, finished Mar 10 before its start month, counts in none.
    assert rows(at_r3, LOAD_COLUMNS) == [
        ("edge", D("2020-01-01"), 2, 2.0, 0, 0, 0, True),
        ("edge", D("2020-02-01"), 2, 2.0, 0, 0, 0, True),
        ("edge", D("2020-03-01"), 3, 3.0, 0, 0, 0, True),
        ("edge", D("2020-04-01"), 2, 2.0, 0, 0, 0, True),
        ("edge", D("2020-05-01"), 1, 1.0, 0, 0, 0, False),
    ]
