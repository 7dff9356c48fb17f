"""The review meeting's normal view: the exceptions, what changed since the last review, and the
themes now and then. Each section draws only the frames it is given (from the review queries)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.rules import CHANGE_TITLES
from components.tables import render_table, sized, with_labels
from components.text import escape_markdown

def render_summary(lines: list[str]) -> None:
    """The review's opening lines (components.review.build_review_summary), as a list, red first."""
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))


def _height(rows: int) -> int | str:
    """Long tables scroll within about eight rows, so the meeting's page stays short; all rows are in the CSV."""
    return "auto" if rows <= 8 else 36 * 8 + 38


def render_exceptions(exceptions: pd.DataFrame, url: dict, exception_titles: dict[str, str]) -> None:
    """One table per exception kind (review_exceptions rows), in the order of `exception_titles`."""
    st.header("Exceptions")
    if exceptions.empty:
        st.write("No exceptions: nothing red, stale, overdue or due before the next review.")
    for kind, title in exception_titles.items():
        group = exceptions[exceptions["exception_kind"] == kind]
        if len(group):
            st.subheader(f"{title} ({len(group)})")  # text: title from a fixed dict of titles
            when = "last_update_on" if kind == "stale" else "due_on"  # what the exception is about
            widths = {"RAG": 70, "item_ref": 55, "title": 170, "owners": 130, "percent_complete": 80, when: 95,
                      "slippage_days": 95, "rag_reason": 150, "detail": 50}
            render_table(with_labels(group, url), columns=list(widths), config=sized(widths),
                         key=f"exc_{kind}", filename=f"review-{kind}.csv", height=_height(len(group)))


def render_changes(changes: pd.DataFrame, url: dict, since: date | None) -> None:
    """One table per kind of change since the review dated `since` (review_changes rows; None: the first
    review, everything recorded so far)."""
    st.header("What changed" if since else "What has been recorded")
    if changes.empty:
        st.write(f"No changes recorded since {since:%-d %b %Y}." if since else "No progress recorded yet.")
    for kind, title in CHANGE_TITLES.items():
        group = changes[changes["change_kind"] == kind]
        if len(group):
            st.subheader(f"{title} ({len(group)})")  # text: title from a fixed dict of titles
            # the query's own "detail" (the owner's reason) is text; with_labels' "detail" is the item's link
            rows = with_labels(group.rename(columns={"detail": "change_detail"}), url)
            text = ["from_value", "to_value", "change_detail"]
            rows[text] = rows[text].astype(object).where(rows[text].notna(), "")  # no "None" in a cell
            commentary = kind == "new_commentary"
            shown = [c for c in ("item_ref", "title", "from_value", "to_value", "days_moved", "changed_on",
                                 "change_detail", "detail") if c not in text or (rows[c] != "").any()]
            widths = {"item_ref": 55, "title": 200, "from_value": 110, "to_value": 330 if commentary else 110,
                      "days_moved": 60, "changed_on": 95, "change_detail": 150, "detail": 50}
            names = {"from_value": st.column_config.TextColumn("By" if commentary else "From"),
                     "to_value": st.column_config.TextColumn("Commentary" if commentary else "To"),
                     "change_detail": st.column_config.TextColumn("Why")}
            render_table(rows, columns=shown, key=f"chg_{kind}", filename=f"review-{kind}.csv",
                         height=_height(len(group)), config=sized({c: widths[c] for c in shown}, names))


def render_theme_table(themes_now: pd.DataFrame, themes_then: pd.DataFrame) -> None:
    """Each theme (and the all-themes row) now, with how many more actions are complete than at the
    last review (theme_completion rows as of now and as of then)."""
    st.header("Theme by theme")
    then = themes_then.set_index(themes_then["theme_code"].fillna("all"))
    theme_rows = themes_now.assign(
        complete_then=[int(then.at[c, "actions_complete"]) if c in then.index else 0
                       for c in themes_now["theme_code"].fillna("all")],
    )
    theme_rows["change"] = theme_rows["actions_complete"] - theme_rows["complete_then"]
    theme_rows["theme_code"] = theme_rows["theme_code"].fillna("All")  # the all-themes row: no "None" cell
    n = st.column_config.NumberColumn
    render_table(theme_rows, columns=["theme_code", "theme_title", "actions_total", "actions_complete", "change",
                                      "percent_actions_complete", "actions_red", "actions_amber", "worst_slippage_days"],
                 key="review_themes", filename="review-themes.csv",
                 config={"theme_code": st.column_config.TextColumn("No.", width=50),
                         "theme_title": st.column_config.TextColumn("Theme", width="medium"),
                         "actions_total": n("Actions", width=70),
                         "actions_complete": n("Complete", width=80),
                         "change": n("Since last review", format="%+d", width=125),
                         "percent_actions_complete": st.column_config.ProgressColumn("% complete", format="%.0f%%",
                                                                                     min_value=0, max_value=100,
                                                                                     width=110),
                         "actions_red": n("▲ Red", width=65),
                         "actions_amber": n("◆ Amber", width=80),
                         "worst_slippage_days": n("Worst slip (days)", format="%.0f", width=120,
                                                  help="Most days any action or milestone is late")})
