"""Decisions and actions arising at a review (issue 13 item 2), store level: a note is checked field by
field, written with its audit row in one transaction, refused notes write nothing (every table's rows
counted), a correction supersedes and queries/review_notes.sql lists only the notes that count."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from queries import run
from store.backup import table_counts
from store.errors import ValidationError
from store.notes import ReviewNote, record_note
from store.reviews import schedule_reviews
from tests.frames import rows
from tests.tiny_plan import tiny_db

R2, R3 = date(2020, 2, 26), date(2020, 4, 8)


@pytest.fixture
def con():
    con = tiny_db()
    con.execute("insert into officer (officer_id, name, kind) values ('zed', 'Zed Zee', 'person')")  # no items
    yield con
    con.close()


def note(**fields) -> ReviewNote:
    base = dict(plan_id="tiny", review_date=R3, step="A.1", kind="action", text="Chase the contractor",
                owner_id="bob", due_on=date(2020, 5, 20))
    return ReviewNote(**{**base, **fields})


def listed(con, review_date=R3) -> list[tuple]:
    frame = run(con, "review_notes", plan_id="tiny", review_date=review_date)
    return rows(frame, ["note_id", "kind", "note_text", "owner_name", "due_on", "step_label"])


def test_a_note_is_stored_with_its_audit_row_and_listed_with_the_owners_name(con):
    before = table_counts(con)
    first = record_note(con, note(), actor="  Carol Manager ")
    second = record_note(con, note(step="summary", kind="decision", text="Agree the new timetable",
                                   owner_id=None, due_on=None), actor="Carol Manager")
    after = table_counts(con)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {"review_note": 2, "audit_log": 2}
    assert listed(con) == [(first, "action", "Chase the contractor", "Bob Brown", date(2020, 5, 20), "Item A.1"),
                           (second, "decision", "Agree the new timetable", None, None, "Summary")]
    assert listed(con, R2) == []  # kept with its own review only
    actor, event, detail = con.execute(
        'select actor, event, detail from audit_log order by event_id desc limit 1').fetchone()
    assert (actor, event, json.loads(detail)["note_id"]) == ("Carol Manager", "review_note_added", second)
    assert con.execute("select recorded_by from review_note where note_id = ?", [first]).fetchone() == (
        "Carol Manager",)


def test_due_on_the_review_day_itself_is_allowed(con):
    record_note(con, note(due_on=R3), actor="Carol")
    assert listed(con)[0][4] == R3


@pytest.mark.parametrize("fields, actor, message", [
    (dict(text="   "), "Carol", "Text: it is empty; say what was decided or is to be done."),
    (dict(text="x" * 2001), "Carol", "Text: it is 2001 characters; the limit is 2000."),
    (dict(owner_id="zed"), "Carol", "Owner: 'zed' is not an officer of plan tiny."),
    (dict(owner_id="nobody"), "Carol", "Owner: 'nobody' is not an officer of plan tiny."),
    (dict(due_on=date(2020, 4, 7)), "Carol", "Due date: 07 Apr 2020 is before the review (08 Apr 2020); "
                                             "an action arising cannot be due before the meeting that set it."),
    (dict(due_on="2020-05-01"), "Carol", "Due date: '2020-05-01' is not a date; pick a day."),
    (dict(due_on=datetime(2020, 5, 1, 9)), "Carol", "Due date: '2020-05-01 09:00:00' is not a date; pick a day."),
    (dict(due_on=date(2101, 1, 1)), "Carol", "Due date: 01 Jan 2101 is outside the years 2000–2100."),
    (dict(kind="minute"), "Carol", "Kind: 'minute' is not one of decision, action."),
    (dict(step=" "), "Carol", "Step: say which step of the meeting it arose at."),
    (dict(review_date=date(2020, 4, 9)), "Carol", "Review: there is no review on 09 Apr 2020 in plan tiny; "
                                                  "decisions and actions are kept with a review meeting."),
    (dict(), " ", "Noted by: say who is noting it."),
    (dict(supersedes=999), "Carol", "Correcting: note 999 is not a note of this review."),
])
def test_each_refusal_names_the_field_and_writes_nothing(con, fields, actor, message):
    before = table_counts(con)
    with pytest.raises(ValidationError) as refused:
        record_note(con, note(**fields), actor=actor)
    assert refused.value.problems == [message]
    assert table_counts(con) == before


def test_text_of_exactly_2000_characters_is_accepted(con):
    record_note(con, note(text="y" * 2000), actor="Carol")
    assert len(listed(con)[0][2]) == 2000


def test_every_problem_is_listed_at_once(con):
    with pytest.raises(ValidationError) as refused:
        record_note(con, note(text="", owner_id="zed", kind="x"), actor="Carol")
    assert [p.split(":")[0] for p in refused.value.problems] == ["Kind", "Text", "Owner"]


def test_a_correction_supersedes_the_note_and_the_old_row_stays(con):
    first = record_note(con, note(), actor="Carol")
    fixed = record_note(con, note(text="Chase the contractor in writing", supersedes=first), actor="Carol")
    assert [row[:3] for row in listed(con)] == [(fixed, "action", "Chase the contractor in writing")]
    assert con.execute("select count(*) from review_note").fetchone() == (2,)  # nothing updated or deleted
    before = table_counts(con)
    with pytest.raises(ValidationError) as refused:  # the old note cannot be corrected a second time
        record_note(con, note(text="again", supersedes=first), actor="Carol")
    assert refused.value.problems == [f"Correcting: note {first} has already been corrected by note {fixed}; "
                                      "correct that one instead."]
    assert table_counts(con) == before


def test_a_note_of_another_review_cannot_be_corrected_from_this_one(con):
    other = record_note(con, note(review_date=R2, due_on=None), actor="Carol")
    with pytest.raises(ValidationError) as refused:
        record_note(con, note(supersedes=other), actor="Carol")
    assert refused.value.problems == [f"Correcting: note {other} is not a note of this review."]


def test_a_future_review_with_notes_cannot_be_removed(con):
    schedule_reviews(con, "tiny", add=[date(2020, 6, 1)], actor="Carol", today=date(2020, 5, 1))
    record_note(con, note(review_date=date(2020, 6, 1), due_on=None), actor="Carol")
    before = table_counts(con)
    with pytest.raises(ValidationError) as refused:
        schedule_reviews(con, "tiny", add=[], remove=[date(2020, 6, 1)], actor="Carol", today=date(2020, 5, 1))
    assert refused.value.problems == ["The review of 01 Jun 2020 has decisions or actions noted; it stays in the record."]
    assert table_counts(con) == before


def test_the_database_itself_refuses_a_bad_note_written_directly(con):
    import duckdb
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into review_note (plan_id, review_date, step, kind, note_text, recorded_by) "
                    "values ('tiny', date '2020-04-08', 'A.1', 'action', '  ', 'Carol')")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into review_note (plan_id, review_date, step, kind, note_text, recorded_by, due_on) "
                    "values ('tiny', date '2020-04-08', 'A.1', 'action', 'x', 'Carol', date '2020-04-01')")


def test_the_step_each_note_came_from_in_words(con):
    for step in ("summary", "changes", "notes", "theme B", "A.3", "A.2/1"):
        record_note(con, note(step=step, due_on=None), actor="Carol")
    assert [r[5] for r in listed(con)] == ["Summary", "What changed", "Decisions and actions", "Theme B", "Item A.3",
                                           "Item A.2/1"]
