"""Forecasts in words: pure (no st.*, no database), from the rows of queries/item_forecast.sql,
theme_forecast.sql and forecast_reliability.sql. The Action detail page, the Review page and the review
pack all word a forecast through these functions, so it reads the same everywhere. The figures themselves
are defined once, in store/sql/forecast.sql and forecast_items.sql (README "Forecasts")."""

from __future__ import annotations

import math

import pandas as pd

from components.text import day


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def chance_text(chance) -> str:
    """A chance as a plain percentage: "35%"; "under 1%" and "over 99%" rather than a rounded 0% or 100%
    that the figures do not say; "—" when there is too little to judge by."""
    if _missing(chance):
        return "—"
    share = float(chance)
    if 0 < share < 0.005:
        return "under 1%"
    if 0.995 <= share < 1:
        return "over 99%"
    return f"{share:.0%}"


def range_text(row) -> str | None:
    """"80% range 7 Aug 2020 to 16 May 2021", or None without a range."""
    if _missing(row.get("evidence_low")):
        return None
    return f"80% range {day(row['evidence_low'])} to {day(row['evidence_high'])}"


def evidence_line(row) -> str:
    """What the evidence says about one item (a row of item_forecast), in one sentence."""
    if _missing(row.get("evidence_finish")):
        return f"No forecast from the evidence: {row['evidence_basis']}."
    said = f"The evidence says {day(row['evidence_finish'])}"
    if not _missing(row.get("evidence_gap_words")):
        said += f", {row['evidence_gap_words']}"
    extent = range_text(row)
    return said + (f" ({extent})." if extent else ".")


def method_line(row) -> str:
    """How the evidence forecast was made: its updates and what its range rests on."""
    parts = [str(row["evidence_basis"]).capitalize()]
    if not _missing(row.get("range_basis")):
        parts.append(str(row["range_basis"]))
    return "; ".join(parts) + "."


def chance_line(row) -> str:
    """"Chance of finishing by its baseline end (31 Dec 2018): 35%, from 62 past forecasts in this theme."""
    head = f"Chance of finishing by its baseline end ({day(row['baseline_end'])})"
    if _missing(row.get("chance_on_time")):
        return f"{head}: not judged, {row['chance_basis']}."
    return f"{head}: {chance_text(row['chance_on_time'])}, {row['chance_basis']}."


def likely_late(forecasts: pd.DataFrame) -> pd.DataFrame:
    """The items the evidence says will finish well after their expected finish, latest first."""
    if forecasts is None or forecasts.empty:
        return forecasts
    late = forecasts[forecasts["is_likely_late"].fillna(False).astype(bool)]
    return late.sort_values("evidence_gap_days", ascending=False, kind="stable")


def likely_late_sentences(forecasts: pd.DataFrame) -> list[str]:
    """"Likely late: the evidence says 6a.8 will finish about 3 months after its forecast (...)." for each
    item the evidence and its expected finish disagree on, latest first."""
    lines = []
    for row in likely_late(forecasts).to_dict("records"):  # not iterrows: a Series per row cost 0.15 s for 1,300
        extent = range_text(row)
        lines.append(f"Likely late: the evidence says {row['item_ref']} will finish {row['evidence_gap_words']} "
                     f"({day(row['evidence_finish'])}{'; ' + extent if extent else ''}).")
    return lines


def theme_chance_sentences(themes: pd.DataFrame) -> list[str]:
    """One sentence per theme (rows of theme_forecast)."""
    lines = []
    for _, row in themes.iterrows():
        when = day(row["theme_end"])
        if _missing(row.get("chance_on_time")):
            lines.append(f"Theme {row['theme_code']}: not judged, {row['chance_basis']}.")
        else:
            lines.append(f"Theme {row['theme_code']}: {chance_text(row['chance_on_time'])} chance that all is done "
                         f"by {when}, {row['chance_basis']}.")
    return lines


def _signed_days(value) -> str:
    number = float(value)
    text = f"{number:+g}" if number else "0"
    return f"{text} day" if abs(number) == 1 else f"{text} days"


def reliability_lines(reliability: pd.DataFrame) -> list[str]:
    """How far typed forecasts moved from one update to the next, for the item, each owner and the theme
    (rows of forecast_reliability)."""
    who = {"item": "This item", "officer": "Items of {label}", "theme": "{label}"}
    lines = []
    for _, row in reliability.iterrows():
        subject = who.get(row["scope"], "{label}").format(label=row["scope_label"])
        n = int(row["forecasts_compared"])
        lines.append(f"{subject}: over {n} update{'s' if n != 1 else ''}, the typed forecast moved by a median of "
                     f"{_signed_days(row['median_slip_days'])} (mean {_signed_days(row['mean_slip_days'])}); "
                     f"it moved later {float(row['percent_moved_later']):g}% of the time.")
    return lines
