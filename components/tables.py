"""Tables: st.dataframe with column configuration, a RAG label column, and a safe CSV download."""

from __future__ import annotations

import re
from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from components import rules
from components.export.values import is_missing
from components.settings import RAG_LABELS, STATUS_LABELS
from components.text import day, each_distinct
from components.sidebar import DEMO_VIEW_KEY
from store.cells import csv_bytes, neutralise_formulas  # noqa: F401 (re-exported for pages and tests)

def detail_link(ref: str, seq=None, **url: str) -> str:
    """A relative link to the Action detail page for one item (keeps the view's filters)."""
    return _detail_links([ref], [seq], url)[0]


def _detail_links(refs, seqs, url: dict) -> list[str]:
    # The view's part of the query string is encoded once: per row only ref and seq change.
    # Each distinct ref is quoted once (as urlencode would): a table of 34,000 rows took 0.6 s a rerun.
    # Refs made only of characters quote_plus leaves alone (most: "2.1", "T-04") are not quoted at all.
    base = "Action_detail?" + (urlencode(url, doseq=True) + "&" if url else "")
    refs, seqs = _as_list(refs), _as_list(seqs)  # a column in bulk: one value at a time cost 0.06 s at scale 1000
    quoted = {r: str(r) if _UNQUOTED.fullmatch(str(r)) else quote_plus(str(r)) for r in set(refs)}
    # is_missing, not pd.isna, on each seq: pd.isna cost 25 ms a rerun of the Review page at scale 1000
    return [f"{base}ref={quoted[r]}" if is_missing(s) else f"{base}ref={quoted[r]}&seq={int(s)}"
            for r, s in zip(refs, seqs)]


_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]+")  # what quote_plus never changes


def _as_list(values) -> list:
    return values.tolist() if isinstance(values, pd.Series) else list(values)


def with_labels(frame: pd.DataFrame, url: dict | None = None) -> pd.DataFrame:
    """Add display columns: RAG as a labelled word, status in words, and a link to the item's detail.
    The item's ref and label come from SQL (item_ref, item_label): nothing here builds them."""
    out = frame.copy(deep=False)  # pandas copies on write: the caller's frame is never changed, and 18,000 rows are not copied
    if "rag" in out:
        out.insert(0, "RAG", out["rag"].map(RAG_LABELS))
    if "status" in out:
        out["status"] = out["status"].map(STATUS_LABELS).fillna(out["status"])
    if "ref" in out and url is not None:
        seqs = out["seq"] if "seq" in out else [None] * len(out)
        out["detail"] = _detail_links(out["ref"], seqs, url)
    return out


COMMON_CONFIG = {
    "RAG": st.column_config.TextColumn("RAG", width="small", help="Red, Amber, Green, Complete (blue) or Not due (grey)"),
    "ref": st.column_config.TextColumn("Ref", width="small"),
    "item_ref": st.column_config.TextColumn("Ref", width="small", help="Action, or action/milestone"),
    "item_label": st.column_config.TextColumn("Item", width="large"),
    "seq": st.column_config.NumberColumn("Milestone", format="%d", width="small"),
    "theme_code": st.column_config.TextColumn("Theme", width="small"),
    "action_text": st.column_config.TextColumn("Action", width="large"),
    "milestone_title": st.column_config.TextColumn("Milestone", width="large"),
    "title": st.column_config.TextColumn("Item", width="large"),
    "owners": st.column_config.TextColumn("Owners", width="medium"),
    "status": st.column_config.TextColumn("Status", width="small"),
    "percent_complete": st.column_config.ProgressColumn("Done", format="%.0f%%", min_value=0, max_value=100,
                                                        width="small"),
    "baseline_start": st.column_config.DateColumn("Start", format="D MMM YYYY"),
    "baseline_end": st.column_config.DateColumn("Baseline end", format="D MMM YYYY"),
    "original_end": st.column_config.DateColumn("Original end", format="D MMM YYYY"),
    "forecast_end": st.column_config.DateColumn("Forecast end", format="D MMM YYYY"),
    "actual_end": st.column_config.DateColumn("Actual end", format="D MMM YYYY"),
    "due_on": st.column_config.DateColumn("Due", format="D MMM YYYY"),
    "last_update_on": st.column_config.DateColumn("Last update", format="D MMM YYYY"),
    "changed_on": st.column_config.DateColumn("On", format="D MMM YYYY"),
    "reported_on": st.column_config.DateColumn("Reported", format="D MMM YYYY"),
    "slippage_days": st.column_config.NumberColumn("Slippage (days)", format="%d", help="Days after the baseline end"),
    "original_slippage_days": st.column_config.NumberColumn("vs original (days)", format="%d"),
    "days_until_due": st.column_config.NumberColumn("Days left", format="%d"),
    "days_moved": st.column_config.NumberColumn("Days", format="%d"),
    "rag_reason": st.column_config.TextColumn("Why", width="medium"),
    "is_stale": st.column_config.CheckboxColumn("Stale", help="No update since the previous review"),
    "is_overridden": st.column_config.CheckboxColumn("Override"),
    "last_commentary": st.column_config.TextColumn("Latest commentary", width="large"),
    "commentary": st.column_config.TextColumn("Commentary", width="large"),
    "detail": st.column_config.LinkColumn("Detail", display_text="Open", width="small",
                                          help="Open the action's detail page"),
}


def sized(widths: dict[str, int], config: dict | None = None) -> dict:
    """Column settings (shared, or `config`'s) with pixel widths, so a table's columns all fit beside the
    sidebar on a 1366 px laptop (about 900 px); long text shows in full when its cell is clicked."""
    merged = {**COMMON_CONFIG, **(config or {})}
    return {column: {**merged[column], "width": width} for column, width in widths.items()}


# Columns holding refs: kept as text in a CSV (1.10 stays 1.10 in Excel and LibreOffice).
REF_TITLES = ("Ref", "Item ref")


def screen_titles(frame: pd.DataFrame, config: dict | None = None) -> pd.DataFrame:
    """The frame with the column titles the screen shows ("Ref", "Forecast end"), for its CSV."""
    merged = {**COMMON_CONFIG, **(config or {})}
    titles = {}
    for column in frame.columns:
        setting = merged.get(column)
        title = setting if isinstance(setting, str) else (setting or {}).get("label")
        titles[column] = title or column
    return frame.rename(columns=titles)


def _number_text(value, fmt: str | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    if fmt and "%" in fmt:
        try:
            return fmt % value
        except (TypeError, ValueError):
            pass
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def without_blanks(frame: pd.DataFrame, config: dict) -> tuple[pd.DataFrame, dict]:
    """Date and number columns with missing values shown as text with "—" for the gap: the grid would
    print "None". Only for the screen; the CSV keeps the typed values. The settings are those of the frame's
    columns only: Streamlit copies every setting it is given on every run (30 ms a run of the Themes page,
    for the forty shared settings each of its tables was given)."""
    out, settings = frame, {column: config[column] for column in frame.columns if column in config}
    for column in frame.columns:
        setting = config.get(column)
        if not isinstance(setting, dict) or not frame[column].isna().any():
            continue
        kind = (setting.get("type_config") or {}).get("type")
        if kind == "date":
            texts = each_distinct(frame[column], day)
        elif kind == "number":
            texts = each_distinct(frame[column], lambda v, f=setting["type_config"].get("format"): _number_text(v, f))
        else:
            continue
        out = out.assign(**{column: texts})
        settings[column] = st.column_config.TextColumn(setting.get("label"), width=setting.get("width"),
                                                       help=setting.get("help"),
                                                       alignment="right" if kind == "number" else None)
    return out, settings


def render_table(
    frame: pd.DataFrame,
    *,
    columns: list[str],
    key: str,
    filename: str,
    height: int | str = "auto",
    config: dict | None = None,
) -> None:
    """Show `columns` of a labelled frame with the shared column configuration, and a CSV download of them."""
    columns = [c for c in columns if c in frame.columns]
    shown = frame[columns]
    display, settings = without_blanks(shown, {**COMMON_CONFIG, **(config or {})})
    st.dataframe(display, column_config=settings, hide_index=True, width="stretch", height=height, key=f"table_{key}")
    export = screen_titles(shown.drop(columns=["detail"], errors="ignore"), config)
    if st.session_state.get(DEMO_VIEW_KEY):  # this page's figures count illustrative (demo) updates
        filename = rules.illustrative_filename(filename)
    st.download_button(  # a callable: the CSV is made when the button is clicked, not on every rerun
        f"Download CSV ({len(export)} rows)", lambda: csv_bytes(export, REF_TITLES), file_name=filename,
        mime="text/csv",
        key=f"csv_{key}", icon=":material/download:",
    )
