"""The SQL against an independent pandas implementation (bench/reference.py) of the same definitions.

For the built-in TBC database and a synthetic plan twice its size (with a few awkward cases added:
undone updates, a cancellation, a re-baselined ongoing action, two updates on one day, an override,
an action nobody owns), at several as-of dates, the DuckDB queries action_status, theme_completion
and owner_load must give exactly the rows the reference gives.
"""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from bench import reference
from components import rules
from queries import run
from store.build import refresh_items
from store.synth import synthesize
from tests.frames import rows

NO_FILTERS = {"themes": None, "officers": None, "statuses": None, "rags": None}
AS_OF_DATES = [
    date(2016, 6, 1),  # before the first review: only what the source states
    date(2018, 1, 31),  # a review day (the 13th), some of whose updates are undone below
    date(2018, 3, 7),  # between reviews, a week after the awkward updates below
    date(2019, 2, 13),  # a review day
    date(2020, 6, 17),  # after the last review (the cancellation below counts)
]
THRESHOLDS = {"tbc-rent-sip": 1.5, "synthetic-x2": 3.0}  # low enough that some months are overloaded

COMPLETION_COLUMNS = [
    "theme_code", "actions_total", "actions_complete", "actions_complete_on_time", "actions_in_progress",
    "actions_not_started", "actions_on_hold_or_cancelled", "milestones_total", "milestones_complete",
    "milestones_complete_on_time", "actions_red", "actions_amber", "actions_green", "actions_blue",
    "actions_grey", "median_slippage_days", "worst_slippage_days",
]
LOAD_COLUMNS = ["officer_id", "month_start", "open_actions", "open_actions_weighted", "open_milestones",
                "milestones_due", "red_items", "is_overloaded"]


def add_awkward_cases(con: duckdb.DuckDBPyConnection, plan_id: str) -> None:
    """Cases the illustrative history never makes, each one a rule of the definitions."""
    # Undo: the latest update of every 7th item that has one no longer counts.
    con.execute("""
        insert into progress_retraction (update_id, retracted_by)
        select update_id, 'test' from (
            select update_id, row_number() over (order by update_id) as n
            from progress_update where plan_id = $plan_id and reported_on = date '2018-01-31'
        ) where n % 7 = 0
    """, {"plan_id": plan_id})
    first_action, second_action = [r[0] for r in con.execute(
        "select ref from action where plan_id = $plan_id and not is_ongoing and baseline_end is not null "
        "order by position limit 2", {"plan_id": plan_id}).fetchall()]
    ongoing = con.execute("select ref from action where plan_id = $plan_id and is_ongoing order by position limit 1",
                          {"plan_id": plan_id}).fetchall()[0][0]
    rows = [
        # cancelled after the last review: no slippage, grey, out of the load after its cancellation
        (first_action, None, "2020-06-10", "cancelled", None, None, None, None),
        # two updates on one day: the later id counts (forecast Dec 2022: late)
        (second_action, None, "2018-03-01", "in_progress", "2018-12-31", None, None, None),
        (second_action, None, "2018-03-01", "in_progress", "2022-12-31", None, None, None),
        # a manual RAG
        (ongoing, None, "2018-03-01", "in_progress", None, None, "red", "Test override"),
    ]
    for ref, seq, day, status, forecast, actual, rag, reason in rows:
        con.execute(
            "insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete, forecast_end, "
            "actual_end, rag_override, rag_reason, commentary, recorded_by) values "
            "($plan_id, $ref, $seq, $day, $status, 50, $forecast, $actual, $rag, $reason, 'test', 'test')",
            {"plan_id": plan_id, "ref": ref, "seq": seq, "day": day, "status": status, "forecast": forecast,
             "actual": actual, "rag": rag, "reason": reason})
    # an ongoing action given an end by a re-baseline: it has slippage from then on
    con.execute(
        "insert into rebaseline (plan_id, ref, seq, approved_on, new_baseline_end, reason, approved_by) "
        "values ($plan_id, $ref, null, date '2018-03-01', date '2018-06-30', 'test', 'test')",
        {"plan_id": plan_id, "ref": ongoing})
    # an action nobody owns (its milestones neither): not in anybody's load
    last = con.execute("select ref from action where plan_id = $plan_id order by position desc limit 1",
                       {"plan_id": plan_id}).fetchall()[0][0]
    con.execute("delete from assignment where plan_id = $plan_id and ref = $ref", {"plan_id": plan_id, "ref": last})
    refresh_items(con, plan_id)


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "x2.duckdb"
    result = synthesize(path, scale=2, seed=11)
    con = duckdb.connect(str(path))
    add_awkward_cases(con, result.plan_id)
    con.close()
    return path


@pytest.fixture(scope="module", params=["tbc-rent-sip", "synthetic-x2"])
def plan(request, built_db_template, synthetic_db, tmp_path_factory):
    """(connection, plan_id, raw tables) for each plan, on a private copy of its database."""
    source = built_db_template if request.param == "tbc-rent-sip" else synthetic_db
    path = tmp_path_factory.mktemp("differential") / "plan.duckdb"
    shutil.copy(source, path)
    con = duckdb.connect(str(path))
    yield con, request.param, reference.read_tables(con, request.param)
    con.close()


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_action_slippage_status_and_rag(plan, as_of):
    con, plan_id, tables = plan
    got = run(con, "action_status", plan_id=plan_id, as_of=as_of, red_after_days=30, **NO_FILTERS)
    expected = reference.slippage(tables, as_of)
    columns = ["ref", "status", "slippage_days", "rag"]
    assert rows(got, columns) == rows(expected, columns)


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_theme_completion(plan, as_of):
    con, plan_id, tables = plan
    got = run(con, "theme_completion", plan_id=plan_id, as_of=as_of, due_by=as_of, red_after_days=30, **NO_FILTERS)
    expected = reference.theme_completion(tables, as_of)
    assert rows(got, COMPLETION_COLUMNS) == rows(expected, COMPLETION_COLUMNS)


@pytest.mark.parametrize("as_of", AS_OF_DATES, ids=str)
def test_owner_load(plan, as_of):
    con, plan_id, tables = plan
    window_start, window_end = rules.load_window(as_of)
    threshold = THRESHOLDS[plan_id]
    got = run(con, "owner_load", plan_id=plan_id, as_of=as_of, red_after_days=30, window_start=window_start,
              window_end=window_end, overload_threshold=threshold, **NO_FILTERS)
    expected = reference.owner_load(tables, as_of, window_start, window_end, threshold)
    key = ["officer_id", "month_start"]
    got, expected = got.sort_values(key, ignore_index=True), expected.sort_values(key, ignore_index=True)
    assert rows(got, LOAD_COLUMNS) == rows(expected, LOAD_COLUMNS)
    assert got["is_overloaded"].any() or as_of < date(2017, 1, 1)  # the threshold is low enough to bite


def test_the_awkward_cases_are_there(plan):
    """The synthetic plan really carries the cases the reference must agree on."""
    con, plan_id, tables = plan
    if plan_id != "synthetic-x2":
        pytest.skip("only the synthetic plan has them")
    state = reference.item_state(tables, date(2018, 3, 7))
    assert ((state["is_ongoing"]) & state["slippage_days"].notna()).any()
    assert (state["owner_count"] == 0).any()
    assert state["rag_override"].notna().any()
    assert (reference.item_state(tables, date(2020, 6, 17))["status"] == "cancelled").any()
    assert len(tables["progress_retraction"]) > 0
