"""Presentation mode of the review meeting: one step at a time on a 1366x768 screen, no scrolling.
Steps: the summary, each exception item once, what changed (grouped), then each theme (paged when it
has more actions than fit). Every step has a link of its own (`?present=1&step=n`); Page Down / Page Up
or the arrow keys move between steps (components.style). One slim bar holds the navigation, the
review compared with, and the way out.

`present_steps` and `step_number` are pure (no st.*); the render_* functions draw what they are given."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.presentation_steps import render_step
from components.style import render_presentation_style  # noqa: F401 (the page imports it from here)
from components.text import escape_markdown

THEME_PAGE_SIZE = 4  # actions per theme step in large type (a 1366x768 screen shows four in full)
NOTES_PAGE_SIZE = 5  # decisions and actions per last step (each up to components.review_notes.SHOWN_CHARS)


def present_steps(exceptions: pd.DataFrame, themes_now: pd.DataFrame, *, summary: bool = False,
                  changes: pd.DataFrame | None = None, page_size: int = THEME_PAGE_SIZE,
                  notes: int | None = None) -> list[dict]:
    """The meeting's running order: the summary (with `summary`), each exception item once (at its first
    row in `exceptions`), what changed (when `changes` is given and not empty), then each theme of
    `themes_now` (theme_completion rows; the all-themes row, theme_code NULL, left out), one step per
    `page_size` of its actions, and last (when `notes`, the number of decisions and actions noted, is
    given) the decisions and actions arising, NOTES_PAGE_SIZE a step. A step is {"kind": "summary" |
    "item" | "changes" | "theme" | "notes", "row": ..., and for a theme or notes "page" and "pages"}."""
    steps: list[dict] = [{"kind": "summary", "row": None}] if summary else []
    seen = set()
    for _, row in exceptions.iterrows():
        if row["item_ref"] not in seen:
            seen.add(row["item_ref"])
            steps.append({"kind": "item", "row": row})
    if changes is not None and not changes.empty:
        steps.append({"kind": "changes", "row": None})
    for _, row in themes_now[themes_now["theme_code"].notna()].iterrows():
        total = int(row["actions_total"]) if "actions_total" in row and pd.notna(row["actions_total"]) else 0
        pages = max(1, -(-total // page_size))
        for page in range(1, pages + 1):
            steps.append({"kind": "theme", "row": row, "page": page, "pages": pages})
    if notes is not None:  # at least one step, so the meeting always ends on its decisions and actions
        pages = max(1, -(-notes // NOTES_PAGE_SIZE))
        steps += [{"kind": "notes", "row": None, "page": page, "pages": pages} for page in range(1, pages + 1)]
    return steps


def step_key(step: dict) -> str:
    """What a note made at this step records as its step (review_note.step): "summary", "changes",
    "notes", the item's ref ("5.2", "6a.8/2") or "theme 2"."""
    if step["kind"] == "item":
        return str(step["row"]["item_ref"])
    if step["kind"] == "theme":
        return f"theme {step['row']['theme_code']}"
    return step["kind"]


def step_number(raw: str | None, count: int) -> int:
    """The step to show, 1-based, from the URL's `step` value (missing means 1), kept within 1..count."""
    try:
        return min(max(int("1" if raw is None else raw), 1), count)
    except ValueError:
        return 1


def step_name(step: dict) -> str:
    """What the bar says the step is, e.g. "Exception 5.2", "Theme 2 (page 1 of 2)"."""
    if step["kind"] == "summary":
        return "Summary"
    if step["kind"] == "changes":
        return "What changed"
    if step["kind"] == "item":
        return f"Exception {step['row']['item_ref']}"
    if step["kind"] == "notes":
        return "Decisions and actions" + (f" ({step['page']} of {step['pages']})" if step["pages"] > 1 else "")
    paged = f" (page {step['page']} of {step['pages']})" if step["pages"] > 1 else ""
    return f"Theme {step['row']['theme_code']}{paged}"


def presentation_bar() -> list:
    """The one slim bar at the top: [previous, next, where we are, compared with, notes, exit]."""
    return st.container(key="present_bar").columns([1, 0.9, 2.6, 2.1, 1.1, 1.5], vertical_alignment="center")


def render_presentation_toggle(present: bool, where=st) -> None:
    """The switch in and out of presentation mode; it lives in the URL, so the page reruns on a change."""
    toggle = where.toggle("Presentation mode", value=present, key="present_toggle",
                          help="Larger type, sidebar hidden, one step at a time: Page Down / Page Up or the "
                               "arrow keys move between steps.")
    if toggle != present:
        st.query_params["present"] = "1" if toggle else "0"
        if not toggle:
            st.query_params.pop("step", None)
        st.rerun()


def _go_to_step(n: int) -> None:
    st.query_params["step"] = str(n)


def render_presentation(bar: list, steps: list[dict], current: int, *, summary: list[str], figures: list,
                        changes: pd.DataFrame, exception_titles: dict[str, str], context: str,
                        theme_actions: Callable[[str], pd.DataFrame], notes: pd.DataFrame | None = None) -> None:
    """Previous/Next and "Step n of m" in the bar, then step `current` (1-based) of `steps`."""
    bar[0].button("◀ Previous", on_click=_go_to_step, args=(current - 1,), disabled=current <= 1, key="prev_step",
                  width="stretch")
    bar[1].button("Next ▶", on_click=_go_to_step, args=(current + 1,), disabled=current >= len(steps),
                  key="next_step", width="stretch")
    name = step_name(steps[current - 1]) if steps else "Nothing to present"
    # text: numbers; name and context escaped
    bar[2].markdown(f"**Step {current} of {len(steps)}** · {escape_markdown(name)} · {escape_markdown(context)}",
                    help="Each step has its own link: copy the address bar. Page Down / Page Up move between steps.")
    if steps:
        render_step(steps[current - 1], summary=summary, figures=figures, changes=changes,
                    exception_titles=exception_titles, theme_actions=theme_actions, page_size=THEME_PAGE_SIZE,
                    notes=notes, notes_page_size=NOTES_PAGE_SIZE)
