"""Decisions and actions arising at a review meeting (issue 13): noted by a manager during the meeting,
kept with the review, append-only. A correction is a new note that supersedes the old one; nothing is
updated or deleted. Each note is checked first (every problem in plain words, naming the field), then
written with its audit row in one transaction: a refused note writes nothing at all."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

import duckdb

from store.audit import audit
from store.db import store_sql
from store.errors import ValidationError

KINDS = ("decision", "action")
MAX_TEXT = 2000
SANE_YEARS = range(2000, 2101)


@dataclass(frozen=True)
class ReviewNote:
    plan_id: str
    review_date: date
    step: str  # where in the meeting: "summary", "changes", "notes", an item ref ("5.2"), "theme 2"
    kind: str  # "decision" or "action"
    text: str
    owner_id: str | None = None
    due_on: date | None = None
    supersedes: int | None = None  # the note_id this one corrects


def _due_problems(due_on, review_date: date) -> list[str]:
    if due_on is None:
        return []
    # a datetime is a date too, but a due date with a time of day is not what the form gives
    if not isinstance(due_on, date) or isinstance(due_on, datetime):
        return [f"Due date: '{due_on}' is not a date; pick a day."]
    if due_on.year not in SANE_YEARS:
        return [f"Due date: {due_on:%d %b %Y} is outside the years 2000–2100."]
    if due_on < review_date:
        return [f"Due date: {due_on:%d %b %Y} is before the review ({review_date:%d %b %Y}); "
                "an action arising cannot be due before the meeting that set it."]
    return []


def validate_note(con: duckdb.DuckDBPyConnection, note: ReviewNote, actor: str) -> list[str]:
    """Every problem with a note, in plain words; empty when it can be saved."""
    problems = [] if (actor or "").strip() else ["Noted by: say who is noting it."]
    review_exists, owner_known, supersedes_known, superseded_by = con.execute(store_sql("note_context"), {
        "plan_id": note.plan_id, "review_date": note.review_date, "owner_id": note.owner_id,
        "supersedes": note.supersedes}).fetchone()
    if not review_exists:
        problems.append(f"Review: there is no review on {note.review_date:%d %b %Y} in plan {note.plan_id}; "
                        "decisions and actions are kept with a review meeting.")
    if note.kind not in KINDS:
        problems.append(f"Kind: '{note.kind}' is not one of {', '.join(KINDS)}.")
    if not (note.step or "").strip():
        problems.append("Step: say which step of the meeting it arose at.")
    text = note.text or ""
    if not text.strip():
        problems.append("Text: it is empty; say what was decided or is to be done.")
    elif len(text) > MAX_TEXT:
        problems.append(f"Text: it is {len(text)} characters; the limit is {MAX_TEXT}.")
    if note.owner_id is not None and not owner_known:
        problems.append(f"Owner: '{note.owner_id}' is not an officer of plan {note.plan_id}.")
    if review_exists:
        problems += _due_problems(note.due_on, note.review_date)
    if note.supersedes is not None:
        if not supersedes_known:
            problems.append(f"Correcting: note {note.supersedes} is not a note of this review.")
        elif superseded_by is not None:
            problems.append(f"Correcting: note {note.supersedes} has already been corrected by note "
                            f"{superseded_by}; correct that one instead.")
    return problems


def record_note(con: duckdb.DuckDBPyConnection, note: ReviewNote, *, actor: str) -> int:
    """Append one note with its audit row in one transaction; returns its note_id."""
    con.execute("begin transaction")
    try:
        problems = validate_note(con, note, actor)
        if problems:
            raise ValidationError(problems)
        note_id = con.execute(store_sql("insert_review_note"),
                              {**asdict(note), "text": note.text.strip(), "recorded_by": actor.strip()}).fetchone()[0]
        audit(con, actor.strip(), "review_note_added", {"note_id": note_id, **asdict(note)})
        con.execute("commit")
        return note_id
    except BaseException:
        con.execute("rollback")
        raise
