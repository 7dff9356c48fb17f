"""The steps of presentation mode, each drawn to fit a 1366x768 screen in large type: the item first
(ref, title, RAG in colour with its word and symbol, why, owners, due, the last commentary).
Plan text is shown as text (escape_markdown); RAG badges use Streamlit's own coloured badges."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.review_notes import render_notes_step
from components.rules import CHANGE_TITLES
from components.settings import RAG_LABELS, STATUS_LABELS
from components.text import day, escape_markdown, lateness

BADGE_COLOURS = {"red": "red", "amber": "orange", "green": "green", "blue": "blue", "grey": "gray"}
CHANGES_PER_GROUP = 6  # lines per kind of change on the "what changed" step; the rest are counted


def rag_badge(rag: str) -> str:
    """Markdown for a RAG in colour with its symbol and word, e.g. :red-badge[▲ Red] (fixed text only)."""
    return f":{BADGE_COLOURS.get(rag, 'gray')}-badge[{RAG_LABELS.get(rag, rag)}]"


def _text(value: object, none: str = "—") -> str:
    return none if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" \
        else escape_markdown(value)


def render_item(row: pd.Series, exception_titles: dict[str, str]) -> None:
    st.header(f"{escape_markdown(row['item_ref'])} · {_text(row['title'])}", anchor=False)
    late = lateness(row.get("slippage_days"))
    # text: escaped; lateness is words and a number
    st.subheader(f"{rag_badge(row['rag'])} {escape_markdown(exception_titles[row['exception_kind']])}"
                 + (f" · {late}" if late else ""), anchor=False)
    left, right = st.columns([1, 1], gap="large")
    status = STATUS_LABELS.get(row["status"], row["status"])
    pct = "" if pd.isna(row["percent_complete"]) else f", {row['percent_complete']:.0f}%"
    # text: every value escaped (_text) or a date, status escaped
    left.markdown(f"**Why:** {_text(row['rag_reason'])}  \n"
                  f"**Owners:** {_text(row['owners'])}  \n"
                  f"**Due:** {day(row['due_on'])}  \n"
                  f"**Status:** {escape_markdown(status)}{pct}")
    updated = day(row["last_update_on"]) if "last_update_on" in row else "—"
    # text: updated is a date (day())
    right.markdown(f"**Latest commentary** ({updated}):  \n{_text(row.get('last_commentary'), 'None recorded.')}")


def render_summary_step(summary: list[str], figures: list) -> None:
    st.header("Summary", anchor=False)
    per_row = 4
    for start in range(0, len(figures), per_row):
        for column, figure in zip(st.columns(per_row), figures[start:start + per_row]):
            column.metric(escape_markdown(figure.label), figure.text)
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in summary[:6]))


def _change_line(row: pd.Series, kind: str) -> str:
    ref = escape_markdown(row["item_ref"])
    if kind == "new_commentary":
        return ref
    moved = f" ({int(row['days_moved']):+d} days)" if kind == "forecast_moved" and pd.notna(row["days_moved"]) else ""
    return f"{ref} {_text(row['from_value'])} → {_text(row['to_value'])}{moved}"


def render_changes_step(changes: pd.DataFrame) -> None:
    st.header("What changed since the last review", anchor=False)
    for kind, title in CHANGE_TITLES.items():
        group = changes[changes["change_kind"] == kind]
        if group.empty:
            continue
        if kind == "new_commentary":  # many rows, one item each: the refs in one line
            refs = list(dict.fromkeys(group["item_ref"]))
            # text: title from CHANGE_TITLES (fixed)
            st.markdown(f"**{title} ({len(group)}):** " + ", ".join(escape_markdown(r) for r in refs))
            continue
        lines = [_change_line(row, kind) for _, row in group.head(CHANGES_PER_GROUP).iterrows()]
        more = len(group) - CHANGES_PER_GROUP
        # text: title fixed; lines from _change_line (escaped)
        st.markdown(f"**{title} ({len(group)}):** " + " · ".join(lines) + (f" · and {more} more" if more > 0 else ""))


def render_theme_step(step: dict, actions: pd.DataFrame, page_size: int) -> None:
    row = step["row"]
    st.header(f"Theme {escape_markdown(row['theme_code'])} · {_text(row['theme_title'])}", anchor=False)
    worst = row["worst_slippage_days"]
    st.markdown(f"**{int(row['actions_complete'])} of {int(row['actions_total'])} actions complete** · "
                f"{int(row['actions_red'])} red · {int(row['actions_amber'])} amber"
                + (f" · worst: {lateness(worst)}" if pd.notna(worst) and worst > 0 else ""))
    shown = actions.iloc[(step["page"] - 1) * page_size: step["page"] * page_size]
    for _, a in shown.iterrows():
        late = lateness(a.get("slippage_days"))
        # text: every value escaped; late is words
        st.markdown(f"{rag_badge(a['rag'])} **{escape_markdown(a['item_ref'])}** {_text(a['action_text'])}  \n"
                    f"{_text(a['owners'])} · {escape_markdown(STATUS_LABELS.get(a['status'], a['status']))}"
                    + (f" · {late}" if late else "") + f" · {_text(a['rag_reason'])}")


def render_step(step: dict, *, summary: list[str], figures: list, changes: pd.DataFrame,
                exception_titles: dict[str, str], theme_actions: Callable[[str], pd.DataFrame],
                page_size: int, notes: pd.DataFrame | None = None, notes_page_size: int = 5) -> None:
    """One step of presentation mode (`theme_actions(code)` gives the action_status rows of one theme;
    called only for the theme shown; `notes` the review_notes rows, for the last step)."""
    if step["kind"] == "notes":
        render_notes_step(notes if notes is not None else pd.DataFrame(), step["page"], step["pages"],
                          notes_page_size)
    elif step["kind"] == "summary":
        render_summary_step(summary, figures)
    elif step["kind"] == "item":
        render_item(step["row"], exception_titles)
    elif step["kind"] == "changes":
        render_changes_step(changes)
    else:
        render_theme_step(step, theme_actions(step["row"]["theme_code"]), page_size)
