"""Decisions and actions arising on the Review page (issue 13 item 2): a manager notes one at a step of
presentation mode without leaving it (the step and its link stay), it is listed on the meeting's last
step and on the Review page; an officer or a viewer sees the notes but cannot add one; a refused note
writes nothing."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from components import auth, throttle
from components.presentation import NOTES_PAGE_SIZE
from components.text import escape_markdown
from store.backup import table_counts
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

REVIEW = "pages/4_Review.py"
NASTY = "<b>x</b> [a](http://e) =1+1"


def db(path, sql, params=None):
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path))
    try:
        return table_counts(con)
    finally:
        con.close()


def step_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step "))


def presenting_as_manager(step: str = "2"):
    """The Review page, signed in at this computer (localhost: a manager), then in presentation mode."""
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Carol Manager").run()
    at.toggle(key="present_toggle").set_value(True).run()
    at.query_params["step"] = step
    at.run()
    return at


def note(at, text: str, *, kind="action", owner="sue-philp", due=date(2020, 6, 30)):
    at.radio(key="note_kind").set_value(kind)
    at.text_area(key="note_text").input(text)
    at.selectbox(key="note_owner").set_value(owner)
    at.date_input(key="note_due").set_value(due)
    next(b for b in at.button if b.label == "Save note").click().run()


def test_a_manager_notes_an_action_at_a_step_and_stays_on_it(built_db):
    at = presenting_as_manager("2")
    line = step_line(at)
    ref = re.search(r"· Exception (\S+) ·", line.replace("\\", "")).group(1)  # the exception shown at step 2
    before = counts(built_db)
    note(at, NASTY)
    assert not at.exception and not at.error
    assert at.query_params["step"] in ("2", ["2"]) and step_line(at) == line  # same step, same link
    after = counts(built_db)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"review_note": 1, "audit_log": 1}
    assert db(built_db, "select review_date, step, kind, note_text, owner_id, due_on, recorded_by from review_note") == [
        (date(2020, 5, 20), ref, "action", NASTY, "sue-philp", date(2020, 6, 30), "Carol Manager")]
    shown = f"**Action** · {escape_markdown(NASTY)} · Sue Philp · due 30 Jun 2020"
    assert any(m.value == shown for m in at.markdown)  # in the step's notes, as text
    total = int(re.search(r"of (\d+)", line).group(1))
    at.query_params["step"] = str(total)  # the last step: every note of the review, with where it arose
    at.run()
    assert at.header[0].value == "Decisions and actions arising"
    assert any(m.value == f"1. {shown} (from Item {escape_markdown(ref)})" for m in at.markdown)


def test_the_last_step_pages_its_notes_and_the_review_page_lists_them_all(built_db):
    at = presenting_as_manager("1")
    total = int(re.search(r"of (\d+)", step_line(at)).group(1))
    for n in range(NOTES_PAGE_SIZE + 1):
        note(at, f"Decision {n + 1}", kind="decision", owner=None, due=None)
    assert int(re.search(r"of (\d+)", step_line(at)).group(1)) == total + 1  # six notes: two last steps
    at.query_params["step"] = str(total + 1)
    at.run()
    assert at.header[0].value == "Decisions and actions arising (2 of 2)"
    assert any(m.value == "6. **Decision** · Decision 6 (from Summary)" for m in at.markdown)
    page = open_page(REVIEW)
    table = next(df.value for df in page.dataframe if "note_text" in df.value.columns)
    assert list(table["note_text"]) == [f"Decision {n}" for n in range(1, 7)]
    assert set(table["step_label"]) == {"Summary"} and set(table["recorded_by"]) == {"Carol Manager"}


def test_a_refused_note_says_why_and_writes_nothing(built_db):
    at = presenting_as_manager("1")
    before = counts(built_db)
    note(at, "   ")
    assert at.error[0].value.startswith("Not saved:")
    assert "Text: it is empty; say what was decided or is to be done." in at.error[0].value.replace("\\", "")
    assert counts(built_db) == before


@pytest.fixture
def on_network(monkeypatch):
    monkeypatch.setattr(auth, "server_address", lambda: "0.0.0.0")
    throttle.forget_all()
    yield
    throttle.forget_all()


def test_a_viewer_sees_the_notes_but_cannot_add_one(built_db, on_network):
    db(built_db, "insert into review_note (plan_id, review_date, step, kind, note_text, recorded_by) "
                 "values ('tbc-rent-sip', date '2020-05-20', 'summary', 'decision', 'Keep the cadence', 'Carol')")
    at = open_page(REVIEW, query={"present": "1", "step": "1"})
    assert not at.exception
    assert not at.get("form") and not [b for b in at.button if b.label == "Save note"]
    assert any(m.value == "**Decision** · Keep the cadence" for m in at.markdown)
    assert any(m.value.startswith("Only a manager can note decisions and actions.") for m in at.markdown)


def test_an_officer_signed_in_cannot_note_either(built_db, on_network, monkeypatch):
    monkeypatch.setenv("PLAN_EDITOR_PASSPHRASE", "tamworth-2020")
    at = open_page(REVIEW)
    at.session_state["signed_in"] = ("officer", "Sue Philp", "sue-philp")  # as the sign-in form leaves it
    at.toggle(key="present_toggle").set_value(True).run()
    assert not [b for b in at.button if b.label == "Save note"]
    at.session_state["signed_in"] = ("manager", "Carol Manager", None)
    at.run()
    assert [b for b in at.button if b.label == "Save note"]


def test_no_note_form_when_the_as_of_date_is_not_a_review(built_db):
    at = open_page(REVIEW)
    at.text_input(key="local_editor").input("Carol Manager").run()
    at.query_params["as_of"] = "2020-05-21"
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Save note"]
    assert any(m.value.startswith("Decisions and actions are kept with a review meeting") for m in at.markdown)
