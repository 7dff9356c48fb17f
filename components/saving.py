"""Saving progress from any page (the Review page's form, My updates' grid) and undoing it, one way.

A save goes through components.db.write to store.progress.record_updates: an officer may save only the
items they own (the store checks it too); the conflict check keys on plan, ref and milestone; a worse
rating needs its reason. After a save the editor's own view moves to the update's date when it was
later than the as-of date, so they see their change at once; nobody else's view moves. Undo reverses
only a save made in this browser session, by its author, all of it.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import filters as f
from components.auth import Access
from components.db import WRITE_WARNING, write
from components.settings import RED_AFTER_DAYS
from components.text import escape_markdown, shown_error
from store.errors import ConflictError, PlanError, ReasonNeeded, ValidationError
from store.progress import ProgressUpdate, Saved, record_updates, undo_save

SAVES_KEY = "saves_this_session"  # [(event_id, items label)] of this session's saves, newest last
FLASH_KEY = "saved_flash"


def expected_key(plan_id: str, item_ref: str) -> str:
    """The session key holding the update id an editor saw when they opened an item (plan included)."""
    return f"expected_{plan_id}_{item_ref}"


def save_updates(updates: list[ProgressUpdate], access: Access, filters: f.Filters,
                 expected: dict[tuple[str, str, int | None], int | None]) -> Saved | None:
    """Save, and say so; on a refusal show every problem and return None (nothing was written)."""
    try:
        saved = write(record_updates, updates, actor=access.editor, expected_last_ids=expected,
                      officer_id=None if access.is_manager else access.officer_id, red_after_days=RED_AFTER_DAYS)
    except ReasonNeeded as exc:
        st.warning("Not saved yet: a rating got worse since the last review, so its owner's reason is needed.\n\n"
                   + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
        return None
    except ValidationError as exc:
        st.error("Not saved:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
        return None
    except (ConflictError, PlanError) as exc:
        st.error(shown_error(exc))
        return None
    items = ", ".join(u.item_ref() for u in updates)
    st.session_state.setdefault(SAVES_KEY, []).append((saved.event_id, items))
    latest = max(u.reported_on for u in updates)
    message = f"Saved {items} for {latest:%-d %b %Y}, recorded by {access.editor}."
    if latest > filters.as_of:  # otherwise the view would not count the update yet
        f.set_filter("as_of", latest)
        st.session_state["f_as_of_custom"] = True
        message += f" Showing the dashboard as of {latest:%-d %b %Y} so your update counts."
    st.session_state[FLASH_KEY] = (message, st.session_state.pop(WRITE_WARNING, None))
    st.rerun()
    return saved


def render_flash() -> None:
    """The confirmation of the save just made (kept across the rerun that shows it)."""
    if flash := st.session_state.pop(FLASH_KEY, None):
        message, warning = flash
        st.success(escape_markdown(message))
        if warning:  # e.g. the analysts' copy could not be refreshed: the save stands
            st.warning(escape_markdown(warning))


def render_undo(access: Access) -> None:
    """Undo this session's latest save, if it has one that is still undoable."""
    saves = st.session_state.get(SAVES_KEY, [])
    if not saves:
        return
    event_id, items = saves[-1]
    if st.button(f"Undo my last save ({items})", key="undo", icon=":material/undo:"):
        try:
            undone = write(undo_save, event_id=event_id, actor=access.editor)
            saves.pop()
            st.success(escape_markdown(f"Undone: {', '.join(undone)}. The update is kept in the record, marked "
                                       "as undone."))
            for key in [k for k in st.session_state if str(k).startswith("expected_")]:
                del st.session_state[key]
        except PlanError as exc:
            st.error(shown_error(exc))


def today() -> date:
    return date.today()
