"""Drawing forecasts with st.*: the Action detail's forecast section and the Review page's. Each draws only
the rows it is given (queries/item_forecast.sql, theme_forecast.sql, forecast_reliability.sql); the words
come from components.forecast, so the page, the review pack and the data-quality check say the same."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import forecast as words
from components.tables import render_table, with_labels
from components.text import day, escape_markdown, note

METHOD_NOTE = ("The evidence forecast extends each item's percent complete over time (a robust line through its "
               "latest six updates with progress; a stalled item is assumed to move 3 points a month). Its 80% "
               "range comes from how far such forecasts missed before; the chance of finishing by the baseline "
               "end from how far typed forecasts of comparable items slipped. README, Forecasts, has the detail.")

FORECAST_CONFIG = {
    "effective_finish": st.column_config.DateColumn("Expected finish", format="D MMM YYYY",
                                                    help="Typed forecast, else baseline end; never before the as-of date"),
    "evidence_finish": st.column_config.DateColumn("Evidence says", format="D MMM YYYY"),
    "evidence_low": st.column_config.DateColumn("80% range from", format="D MMM YYYY"),
    "evidence_high": st.column_config.DateColumn("80% range to", format="D MMM YYYY"),
    "evidence_gap_words": st.column_config.TextColumn("Evidence against expected", width="medium"),
    "chance": st.column_config.TextColumn("Chance by baseline end", width="small"),
    "chance_basis": st.column_config.TextColumn("Chance judged", width="medium"),
    "evidence_basis": st.column_config.TextColumn("Evidence from", width="medium"),
    "theme_code": st.column_config.TextColumn("No.", width=50),  # one "Theme" header: the name's
    "theme_title": st.column_config.TextColumn("Theme", width="medium"),
    "theme_end": st.column_config.DateColumn("Theme's baseline end", format="D MMM YYYY"),
    "open_items": st.column_config.NumberColumn("Open items", format="%d"),
    "likely_late_items": st.column_config.NumberColumn("Likely late", format="%d"),
}


def _bullets(lines: list[str]) -> None:
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in lines))


def render_item_forecast(row: pd.Series | None, reliability: pd.DataFrame) -> None:
    """Action detail: its expected finish beside the evidence, the chance of finishing by its baseline end,
    and how far typed forecasts have moved before (the item, its owners, its theme)."""
    st.subheader("Forecast from the evidence")
    if row is None:
        st.write("This action is complete, cancelled or has no end date: there is no finish to forecast.")
    else:  # sentences, not metric cards: a date in a card is cut off on a narrow screen
        lines = [f"Expected finish (typed forecast, else baseline end): {day(row['effective_finish'])}.",
                 words.evidence_line(row)]
        if not pd.isna(row["evidence_finish"]):
            lines.append(words.method_line(row))
        _bullets(lines + [words.chance_line(row)])
    if not reliability.empty:
        st.markdown("**How far typed forecasts moved from one update to the next**")
        _bullets(words.reliability_lines(reliability))


def render_review_forecasts(forecasts: pd.DataFrame, themes: pd.DataFrame, url: dict) -> None:
    """Review page: what is likely late on the evidence, each theme's chance of finishing by its baseline
    end, and every open item's forecast (the rows the review pack holds)."""
    st.header("Forecasts from the evidence")
    note(METHOD_NOTE)
    late = words.likely_late_sentences(forecasts)
    st.subheader(f"Likely late ({len(late)})")
    if late:
        _bullets(late)
    else:
        st.write("No open item's expected finish is far from what its progress says.")
    if not themes.empty:
        st.subheader("Chance each theme finishes by its baseline end")
        render_table(themes.assign(chance=[words.chance_text(c) for c in themes["chance_on_time"]]),
                     columns=["theme_code", "theme_title", "theme_end", "open_items", "likely_late_items", "chance",
                              "chance_basis"],
                     key="forecast_themes", filename="forecast-themes.csv", config=FORECAST_CONFIG)
    with st.expander(f"Every open item's forecast ({len(forecasts)})"):
        shown = with_labels(forecasts.assign(chance=[words.chance_text(c) for c in forecasts["chance_on_time"]]), url)
        render_table(shown, columns=["RAG", "item_ref", "title", "owners", "percent_complete", "baseline_end",
                                     "effective_finish", "evidence_finish", "evidence_low", "evidence_high",
                                     "evidence_gap_words", "chance", "evidence_basis", "detail"],
                     key="forecast_items", filename="forecast-items.csv", config=FORECAST_CONFIG)
