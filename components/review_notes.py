"""Decisions and actions arising at a review meeting (issue 13): noted by a manager at any step of
presentation mode without leaving it, listed on the meeting's last step and on the Review page.

The rows are queries/review_notes.sql's (through components.views); the writes go through
store.notes.record_note. Every note's text is shown as text (escape_markdown) and cut short only on a
presentation step, where a screen has to hold it; the Review page and the pack show it whole."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import Access
from components.db import write
from components.tables import render_table
from components.text import day, escape_markdown
from store.errors import PlanError, ValidationError
from store.notes import MAX_TEXT, ReviewNote, record_note

KIND_WORDS = {"decision": "Decision", "action": "Action"}
POPOVER, JUST_SAVED = "note_popover", "note_just_saved"  # session keys: the Notes button's open state
SHOWN_CHARS = 180  # of a note's text on a presentation step (five notes fit a 1366x768 screen)


def _short(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def note_line(row: pd.Series, *, with_step: bool, limit: int = SHOWN_CHARS) -> str:
    """One note as a markdown line: "**Action** · text · Bob Brown · due 20 May 2020 (from Item 5.2)"."""
    parts = [f"**{KIND_WORDS.get(row['kind'], row['kind'])}** · {escape_markdown(_short(row['note_text'], limit))}"]
    if isinstance(row["owner_name"], str):
        parts.append(escape_markdown(row["owner_name"]))
    if not pd.isna(row["due_on"]):
        parts.append(f"due {day(row['due_on'])}")
    line = " · ".join(parts)
    return line + (f" (from {escape_markdown(row['step_label'])})" if with_step else "")


def render_notes_step(notes: pd.DataFrame, page: int, pages: int, page_size: int) -> None:
    """The meeting's last step(s): every decision and action arising noted at this review."""
    # text: page numbers
    st.header("Decisions and actions arising" + (f" ({page} of {pages})" if pages > 1 else ""), anchor=False)
    if notes.empty:
        st.markdown("None noted at this review yet.")
        return
    shown = notes.iloc[(page - 1) * page_size: page * page_size]
    st.markdown("\n".join(f"{n}. {note_line(row, with_step=True)}"  # text: n is a number; note_line escapes
                          for n, (_, row) in enumerate(shown.iterrows(), start=(page - 1) * page_size + 1)))


def render_note_control(where, *, step_key: str, step_notes: pd.DataFrame, review_date: date | None,
                        access: Access, plan_id: str, officers: dict[str, str]) -> None:
    """The bar's "Notes" button: this step's notes, and for a manager a form to note a decision or an
    action arising here. Saving reruns the page on the same step (its link is unchanged)."""
    label = f"Notes ({len(step_notes)})" if len(step_notes) else "Note"
    if st.session_state.pop(JUST_SAVED, False):  # closed after a save: the toast and the count say it worked
        st.session_state[POPOVER] = False
    # text: a count
    with where.popover(label, icon=":material/edit_note:", width="stretch", key=POPOVER, on_change="rerun"):
        for _, row in step_notes.iterrows():
            st.markdown(note_line(row, with_step=False, limit=MAX_TEXT))
        if review_date is None:
            st.markdown("Decisions and actions are kept with a review meeting: choose a review's date as the "
                        "as-of date to note them.")
        elif not access.is_manager:
            st.markdown("Only a manager can note decisions and actions. Sign in on the Review page (leave "
                        "presentation mode) first.")
        else:
            _note_form(step_key, review_date, access, plan_id, officers)


def _note_form(step_key: str, review_date: date, access: Access, plan_id: str, officers: dict[str, str]) -> None:
    with st.form("note_form", clear_on_submit=True, border=False):
        kind = st.radio("Kind", list(KIND_WORDS), format_func=KIND_WORDS.get, horizontal=True, key="note_kind")
        text = st.text_area("What was decided, or is to be done", max_chars=MAX_TEXT, height=90, key="note_text")
        owner = st.selectbox("Owner", [None, *officers], format_func=lambda o: "No one named" if o is None
                             else officers[o], key="note_owner")
        due = st.date_input("Due", value=None, min_value=review_date, format="DD/MM/YYYY", key="note_due")
        if not st.form_submit_button("Save note", type="primary"):
            return
    note = ReviewNote(plan_id, review_date, step_key, kind, text, owner, due)
    try:
        write(record_note, note, actor=access.editor or "")
    except ValidationError as exc:
        st.error("Not saved:\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
        return
    except PlanError as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.toast(f"Noted: {KIND_WORDS[kind].lower()} at {escape_markdown(step_key)}.")  # text: KIND_WORDS fixed
    st.session_state[JUST_SAVED] = True
    st.rerun()  # the step's notes and the last step show it; the URL (and so the step) is unchanged


def render_notes_section(notes: pd.DataFrame, review_date: date | None) -> None:
    """The Review page's list of the decisions and actions arising at the review shown."""
    st.header("Decisions and actions arising")
    if review_date is None:
        st.write("Decisions and actions are kept with a review meeting: pick a review's date as the as-of date.")
        return
    if notes.empty:
        st.write("None noted at this review. A manager notes them in presentation mode, at any step.")
        return
    rows = notes.assign(kind=notes["kind"].map(KIND_WORDS), owner_name=notes["owner_name"].fillna(""),
                        due=notes["due_on"].map(day))  # "—", not a grey "None", when no date was set
    render_table(rows, columns=["kind", "note_text", "owner_name", "due", "step_label", "recorded_by"],
                 key="review_notes", filename="review-decisions-and-actions.csv",
                 config={"kind": st.column_config.TextColumn("Kind", width="small"),
                         "note_text": st.column_config.TextColumn("Decision or action", width="large"),
                         "owner_name": st.column_config.TextColumn("Owner"),
                         "due": st.column_config.TextColumn("Due"),
                         "step_label": st.column_config.TextColumn("Arose at"),
                         "recorded_by": st.column_config.TextColumn("Noted by")})
