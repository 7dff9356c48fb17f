"""An officer's own items for this review cycle as one editable grid, saved in one transaction, and the
manager's chase list. Draws what it is given; saves through components.saving."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import rules, saving
from components.auth import Access
from components.filters import Filters
from components.settings import RAG_LABELS, STATUS_LABELS
from components.text import escape_markdown
from store.progress import ProgressUpdate

EDITABLE = ["status", "percent_complete", "forecast_end", "actual_end", "rag_override", "override_reason",
            "commentary", "change_reason"]
OVERRIDES = ["", "red", "amber", "green", "blue", "grey"]


def _grid(items: pd.DataFrame) -> pd.DataFrame:
    grid = items[["item_ref", "title", "rag", "is_updated_this_cycle", "last_update_on", "status",
                  "percent_complete", "forecast_end", "actual_end"]].copy()
    grid["rag"] = grid["rag"].map(RAG_LABELS)
    for column in ("forecast_end", "actual_end", "last_update_on"):
        grid[column] = pd.to_datetime(grid[column]).dt.date
    grid["percent_complete"] = grid["percent_complete"].astype(float)
    grid["rag_override"] = ""
    for column in ("override_reason", "commentary", "change_reason"):
        grid[column] = ""
    return grid.set_index("item_ref")


CONFIG = {
    "title": st.column_config.TextColumn("Item", disabled=True, width="large"),
    "rag": st.column_config.TextColumn("RAG now", disabled=True),
    "is_updated_this_cycle": st.column_config.CheckboxColumn("Updated this cycle", disabled=True),
    "last_update_on": st.column_config.DateColumn("Last update", disabled=True, format="D MMM YYYY"),
    "status": st.column_config.SelectboxColumn("Status", options=list(STATUS_LABELS), required=True),
    "percent_complete": st.column_config.NumberColumn("% done", min_value=0, max_value=100, step=5),
    "forecast_end": st.column_config.DateColumn("Forecast end", format="D MMM YYYY"),
    "actual_end": st.column_config.DateColumn("Actual end", format="D MMM YYYY",
                                              help="When complete; left empty, the day you save"),
    "rag_override": st.column_config.SelectboxColumn("RAG override", options=OVERRIDES),
    "override_reason": st.column_config.TextColumn("Override reason"),
    "commentary": st.column_config.TextColumn("Commentary", width="large", max_chars=5000),
    "change_reason": st.column_config.TextColumn("If worse since the last review: why", max_chars=5000),
}


def _changed_updates(plan_id: str, items: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame,
                     day: date) -> list[ProgressUpdate]:
    """An update for every row whose editable cells changed (a new commentary alone counts)."""
    updates = []
    for ref, row in after.iterrows():
        old = before.loc[ref]
        if all(_same(row[c], old[c]) for c in EDITABLE):
            continue
        item = items.set_index("item_ref").loc[ref]
        updates.append(ProgressUpdate(
            plan_id, item["ref"], None if pd.isna(item["seq"]) else int(item["seq"]), day, row["status"],
            None if pd.isna(row["percent_complete"]) else float(row["percent_complete"]),
            forecast_end=_day(row["forecast_end"]), actual_end=_day(row["actual_end"]),
            rag_override=row["rag_override"] or None, rag_reason=row["override_reason"] or None,
            commentary=row["commentary"] or None, change_reason=row["change_reason"] or None))
    return updates


def _same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) if (_blank(a) or _blank(b)) else a == b


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _day(value) -> date | None:
    return None if _blank(value) else pd.Timestamp(value).date()


def render_my_items(filters: Filters, access: Access, officer_name: str, items: pd.DataFrame) -> None:
    """The grid of one officer's open items, not-yet-updated first, and one Save for all the changes."""
    saving.render_flash()
    outstanding = int((~items["is_updated_this_cycle"].astype(bool)).sum())
    st.markdown(escape_markdown(f"{officer_name}: {len(items)} open item(s), {outstanding} not yet updated this "
                                "cycle. Change the cells you need, then save once."))
    if items.empty:
        return
    before = _grid(items)
    for ref, last_id in zip(items["item_ref"], items["last_update_id"]):  # what this editor saw
        st.session_state.setdefault(saving.expected_key(filters.plan_id, ref),
                                    None if pd.isna(last_id) else int(last_id))
    with st.form("my_updates_form"):
        after = st.data_editor(before, column_config=CONFIG, hide_index=False, width="stretch", key="my_grid",
                               disabled=["title", "rag", "is_updated_this_cycle", "last_update_on"])
        submitted = st.form_submit_button("Save my updates", type="primary")
    if submitted:
        updates = _changed_updates(filters.plan_id, items, before, after, saving.today())
        if not updates:
            st.info("Nothing changed: edit a cell first.")
            return
        expected = {(u.plan_id, u.ref, u.seq): st.session_state.get(saving.expected_key(u.plan_id, u.item_ref()))
                    for u in updates}
        saving.save_updates(updates, access, filters, expected)
    saving.render_undo(access)


CHASE_PAGE = 25  # officers to a page: a screen's worth, and a large plan's thousands stay quick to draw


def _chase_page(waiting: pd.DataFrame) -> pd.DataFrame:
    """The page of the chase list chosen (most outstanding first); a picker only when there is more than one."""
    if len(waiting) <= CHASE_PAGE:
        return waiting
    total = len(waiting)
    page = st.selectbox("Officers shown", range(-(-total // CHASE_PAGE)), key="chase_page",
                        format_func=lambda p: f"{p * CHASE_PAGE + 1:,}–{min((p + 1) * CHASE_PAGE, total):,} of "
                                              f"{total:,}, most outstanding first")
    return waiting.iloc[page * CHASE_PAGE:(page + 1) * CHASE_PAGE]


def render_chase_list(chase: pd.DataFrame, next_review: date, link_for) -> None:
    """Who has items not yet updated this cycle, how many and since when, with a reminder to send.
    `link_for(name)` gives the address of that officer's own update page."""
    st.subheader(rules.reporting_summary(chase))
    waiting = chase[chase["items_not_updated"] > 0]
    if waiting.empty:
        st.write(f"Everyone has reported for the review on {next_review:%-d %b %Y}.")
        return
    for _, row in _chase_page(waiting).iterrows():
        since = "never updated" if pd.isna(row["oldest_update_on"]) else f"since {row['oldest_update_on']:%-d %b %Y}"
        refs = list(row["refs_not_updated"])
        cols = st.columns([3, 2, 2])
        cols[0].markdown(escape_markdown(f"{row['name']}: {row['items_not_updated']:,} of {row['open_items']:,} item(s) "
                                         f"not updated ({since}): {', '.join(refs[:8])}"
                                         + (" …" if len(refs) > 8 else "")))
        cols[1].page_link("pages/7_My_updates.py", label="Their update page", icon=":material/edit_note:",
                          query_params={"who": row["name"]})
        mail = rules.reminder_mailto(row["email"] if isinstance(row["email"], str) else None, row["name"], refs,
                                     next_review, link_for(row["name"]))
        cols[2].link_button("Send a reminder", mail, icon=":material/mail:")
