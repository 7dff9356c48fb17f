"""Writing progress: validated with plain messages, append-only, audited, all or nothing."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from queries import run
from store.errors import ConflictError, ValidationError
from store.progress import ProgressUpdate, Rebaseline, record_rebaseline, record_update, record_updates
from tests.tiny_plan import R3, params, tiny_db


@pytest.fixture
def con():
    con = tiny_db()
    yield con
    con.close()


def count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def test_an_update_is_appended_with_who_and_an_audit_row(con):
    before = count(con, "progress_update")
    new_id = record_update(con, ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 40,
                                               forecast_end=date(2020, 6, 15), commentary="Begun",
                                               change_reason="Contractor late"), actor="Ann Able")
    assert count(con, "progress_update") == before + 1
    row = con.execute("select ref, status, percent_complete, recorded_by, origin, change_reason from progress_update "
                      "where update_id = ?", [new_id]).fetchone()
    assert row == ("B.2", "in_progress", 40.0, "Ann Able", "app", "Contractor late")
    actor, event, detail = con.execute('select actor, event, detail from audit_log order by event_id desc limit 1').fetchone()
    assert (actor, event, json.loads(detail)["update_ids"]) == ("Ann Able", "progress_saved", [new_id])
    # and the queries see it: Jun 15 forecast vs May 31 = 15 days late, amber
    b2 = run(con, "action_status", **params(R3)).set_index("ref").loc["B.2"]
    assert (b2["status"], b2["slippage_days"], b2["rag"]) == ("in_progress", 15, "amber")


@pytest.mark.parametrize(
    ("update", "message"),
    [
        (ProgressUpdate("tiny", "B.2", None, date(2099, 4, 8), "in_progress", 10), "in the future"),
        (ProgressUpdate("tiny", "B.2", None, date(2019, 12, 31), "in_progress", 10),
         "dated 31 Dec 2019, before the plan starts (01 Jan 2020)"),
        (ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 120), "between 0 and 100, not 120"),
        (ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 10, rag_override="red"),
         "a RAG override needs a reason"),
        (ProgressUpdate("tiny", "B.3", None, date(2020, 4, 8), "in_progress", 10, forecast_end=date(2020, 5, 1)),
         "the forecast end 01 May 2020 is before the item's start (01 Jul 2020)"),
        (ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "complete", 100, actual_end=date(2020, 5, 1)),
         "cannot be finished in the future"),
        (ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 10, forecast_end=date(2220, 5, 1)),
         "outside the years 2000–2100"),
        (ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "finished", 10), "status 'finished' is not one of"),
        (ProgressUpdate("tiny", "Z.9", None, date(2020, 4, 8), "in_progress", 10), "There is no item Z.9 in plan tiny"),
        (ProgressUpdate("tiny", "A.1", 7, date(2020, 4, 8), "in_progress", 10), "There is no item A.1 milestone 7"),
    ],
)
def test_invalid_updates_are_refused_in_plain_words_and_nothing_is_written(con, update, message):
    before = (count(con, "progress_update"), count(con, "audit_log"))
    with pytest.raises(ValidationError) as err:
        record_update(con, update, actor="Ann Able")
    assert message in str(err.value)
    assert (count(con, "progress_update"), count(con, "audit_log")) == before


def test_several_updates_are_all_or_nothing(con):
    good = ProgressUpdate("tiny", "B.2", None, date(2020, 4, 8), "in_progress", 10)
    bad = ProgressUpdate("tiny", "B.3", None, date(2020, 4, 8), "in_progress", 100, actual_end=date(2020, 4, 1))
    before = count(con, "progress_update")
    with pytest.raises(ValidationError) as err:
        record_updates(con, [good, bad], actor="Ann Able")
    assert err.value.problems == [
        "B.3: an actual end date is only for a complete item (status is 'in_progress').",
        "B.3: the actual end 01 Apr 2020 is before the item's start (01 Jul 2020)."]
    assert count(con, "progress_update") == before


def test_a_second_editor_saving_the_same_item_gets_a_conflict(con):
    seen = con.execute("select max(update_id) from progress_update where ref = 'A.3'").fetchone()[0]
    first = ProgressUpdate("tiny", "A.3", None, date(2020, 4, 8), "in_progress", 70, commentary="Consultation done")
    second = ProgressUpdate("tiny", "A.3", None, date(2020, 4, 8), "on_hold", 60)
    record_update(con, first, actor="Ann Able", expected_last_id=seen)  # both editors loaded `seen`
    with pytest.raises(ConflictError) as err:
        record_update(con, second, actor="Bob Brown", expected_last_id=seen)
    text = str(err.value)
    assert "nothing was saved" in text and "A.3: Ann Able saved 'in progress' at 70%" in text
    assert "Consultation done" in text
    latest = con.execute("select status, recorded_by from progress_update where ref = 'A.3' and seq is null "
                         "order by update_id desc limit 1").fetchone()
    assert latest == ("in_progress", "Ann Able")


def test_rebaseline_is_validated_and_audited(con):
    with pytest.raises(ValidationError) as err:
        record_rebaseline(con, Rebaseline("tiny", "B.2", None, date(2020, 4, 8), date(2020, 7, 1), date(2020, 6, 1), " ", ""),
                          actor="Ann Able")
    assert err.value.problems == [
        "B.2: a re-baseline needs the reason it was approved.",
        "B.2: say who approved the re-baseline.",
        "B.2: the new end 01 Jun 2020 is before the item's start (01 Jul 2020).",
    ]
    record_rebaseline(con, Rebaseline("tiny", "B.2", None, date(2020, 4, 8), None, date(2020, 8, 31), "Staff moved",
                                      "Cabinet"), actor="Ann Able")
    b2 = run(con, "action_status", **params(R3)).set_index("ref").loc["B.2"]
    assert (b2["baseline_end"].date(), b2["original_end"].date(), b2["is_rebaselined"]) == (
        date(2020, 8, 31), date(2020, 5, 31), True)
    assert con.execute("select event from audit_log order by event_id desc limit 1").fetchone() == ("rebaseline_saved",)
