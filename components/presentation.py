"""Presentation mode of the review meeting: larger type, the sidebar hidden, and one step at a time
(each exception item once, then each theme), every step with a link of its own (`?present=1&step=n`).

`present_steps` and `step_number` are pure (no st.*); the render_* functions draw what they are given."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.settings import RAG_LABELS, STATUS_LABELS
from components.tables import render_table, with_labels
from components.text import day, escape_markdown

# static CSS only: no plan or user text reaches this markup
PRESENTATION_CSS = ("<style>.stMainBlockContainer p, .stMainBlockContainer li {font-size: 1.35rem;} "
                    ".stMainBlockContainer h1 {font-size: 3rem;} .stMainBlockContainer h2 {font-size: 2.2rem;}</style>")


def present_steps(exceptions: pd.DataFrame, themes_now: pd.DataFrame) -> list[dict]:
    """The meeting's running order: each exception item once (at its first row in `exceptions`), then
    each theme of `themes_now` (theme_completion rows; the all-themes row, theme_code NULL, left out).
    A step is {"kind": "item" | "theme", "row": the row it shows}."""
    steps = []
    seen = set()
    for _, row in exceptions.iterrows():
        if row["item_ref"] not in seen:
            seen.add(row["item_ref"])
            steps.append({"kind": "item", "row": row})
    for _, row in themes_now[themes_now["theme_code"].notna()].iterrows():
        steps.append({"kind": "theme", "row": row})
    return steps


def step_number(raw: str | None, count: int) -> int:
    """The step to show, 1-based, from the URL's `step` value (missing means 1), kept within 1..count."""
    try:
        return min(max(int("1" if raw is None else raw), 1), count)
    except ValueError:
        return 1


def render_presentation_style() -> None:
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)


def render_presentation_toggle(present: bool) -> None:
    """The switch in and out of presentation mode; it lives in the URL, so the page reruns on a change."""
    toggle = st.toggle("Presentation mode", value=present, key="present_toggle",
                       help="Larger type, sidebar hidden, Next/Previous through the exceptions and then the themes.")
    if toggle != present:
        st.query_params["present"] = "1" if toggle else "0"
        if not toggle:
            st.query_params.pop("step", None)
        st.rerun()


def render_step(step: dict, *, exception_titles: dict[str, str], theme_actions: Callable[[str], pd.DataFrame],
                url: dict) -> None:
    """One step: an exception item in full, or a theme's summary and its actions (`theme_actions(code)`
    gives the action_status rows of one theme; called only for the theme shown)."""
    row = step["row"]
    if step["kind"] == "item":
        st.header(f"{escape_markdown(row['item_ref'])} · {RAG_LABELS[row['rag']]}")
        st.markdown(f"**{escape_markdown(exception_titles[row['exception_kind']])}**")
        st.markdown(escape_markdown(row["title"]))
        st.markdown(f"**Why:** {escape_markdown(row['rag_reason'])}  \n"
                    f"**Owners:** {escape_markdown(row['owners'] or '—')}  \n"
                    f"**Status:** {STATUS_LABELS.get(row['status'], row['status'])}, {row['percent_complete']:.0f}% · "
                    f"**Due:** {day(row['due_on'])}")
        if isinstance(row["last_commentary"], str) and row["last_commentary"]:
            st.markdown("**Latest commentary:** " + escape_markdown(row["last_commentary"]))
    else:
        st.header(escape_markdown(f"Theme {row['theme_code']} · {row['theme_title']}"))
        st.markdown(f"**{int(row['actions_complete'])} of {int(row['actions_total'])} actions complete** · "
                    f"{int(row['actions_red'])} red · {int(row['actions_amber'])} amber · "
                    f"worst slippage {0 if pd.isna(row['worst_slippage_days']) else int(row['worst_slippage_days'])} days")
        actions = theme_actions(row["theme_code"])
        render_table(with_labels(actions, url), columns=["RAG", "item_ref", "action_text", "owners", "status",
                                                         "slippage_days", "rag_reason"],
                     key=f"present_theme_{row['theme_code']}", filename=f"theme-{row['theme_code']}.csv")


def _go_to_step(n: int) -> None:
    st.query_params["step"] = str(n)


def render_presentation(steps: list[dict], current: int, *, exception_titles: dict[str, str],
                        theme_actions: Callable[[str], pd.DataFrame], url: dict) -> None:
    """Previous/Next buttons, "Step n of m", and step `current` (1-based) of `steps`."""
    nav = st.columns([1, 1, 4])
    nav[0].button("◀ Previous", on_click=_go_to_step, args=(current - 1,), disabled=current <= 1, key="prev_step")
    nav[1].button("Next ▶", on_click=_go_to_step, args=(current + 1,), disabled=current >= len(steps), key="next_step")
    nav[2].markdown(f"**Step {current} of {len(steps)}** · each step has its own link: copy the address bar")
    if steps:
        render_step(steps[current - 1], exception_titles=exception_titles, theme_actions=theme_actions, url=url)
