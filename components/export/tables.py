"""What a review's exports hold (`ReviewPack`) and the tables every output shows, defined once.

A table spec says, per column: the header, its kind (how values convert, see values.CONVERT, and how
the workbook and HTML format them) and where the values come from. To add a table, add one spec
function here; to add a headline number, change `headline_numbers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from components.export.values import CONVERT, as_words, is_missing
from components.rules import Figure
from components.settings import RAG_ORDER, RAG_WORDS, STATUS_LABELS

CREATOR = "Improvement plan dashboard"
ILLUSTRATIVE_NOTE = ("Illustrative progress: the updates counted here include an invented history that "
                     "shows how the dashboard works. They are not real reports from officers.")

CHANGE_KINDS = {
    "newly_complete": "Newly complete",
    "rag_changed": "RAG changed",
    "forecast_moved": "Forecast moved",
    "new_commentary": "New commentary",
    "rebaselined": "Re-baselined",
}


@dataclass(frozen=True, eq=False)  # eq=False: comparing or hashing DataFrames field by field cannot work
class ReviewPack:
    """Everything one review's exports show: the very query results and headline figures the Review
    page shows for the same view. Nothing in the exports counts or re-derives a figure."""

    plan_title: str
    organisation: str | None
    as_of: date
    since: date | None  # the previous review
    filters_line: str  # e.g. "As of 20 May 2020 (Review 33) · Theme 6b · illustrative progress"
    summary_sentences: list[str]  # components.review.build_review_summary
    headline: list[Figure]  # components.rules.headline_figures, from theme_completion's all-themes row
    exceptions: pd.DataFrame  # queries/review_exceptions.sql
    exception_titles: dict[str, str]  # components.rules.exception_titles
    actions: pd.DataFrame  # queries/action_status.sql
    milestones: pd.DataFrame  # queries/milestone_status.sql
    themes: pd.DataFrame  # queries/theme_completion.sql; last row theme_code NULL = all themes
    changes: pd.DataFrame  # queries/review_changes.sql
    load: pd.DataFrame  # queries/owner_load.sql
    uses_demo_progress: bool = False  # illustrative (demo) updates are counted: the cover says so
    figures: dict[str, dict] = field(default_factory=dict)  # title -> Plotly figure dict (HTML pack only)
    forecasts: pd.DataFrame | None = None  # queries/item_forecast.sql (None: the pack has no forecast section)
    theme_forecasts: pd.DataFrame | None = None  # queries/theme_forecast.sql
    notes: pd.DataFrame | None = None  # queries/review_notes.sql: the minutes (None: the pack has none)


@dataclass(frozen=True)
class Table:
    """A display table: headers, one kind per column (how to convert, format and style it), values."""

    headers: list[str]
    kinds: list[str]
    frame: pd.DataFrame  # object dtype, converted values, None for missing; columns = headers


def _column(frame: pd.DataFrame, name: str) -> list:
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def _table(frame: pd.DataFrame, spec: list[tuple[str, str, object]]) -> Table:
    """spec: (header, kind, source column name or a list of already-made values)."""
    data = {}
    for header, kind, source in spec:
        values = _column(frame, source) if isinstance(source, str) else list(source)
        data[header] = [CONVERT[kind](v) for v in values]
    out = pd.DataFrame(data, dtype=object, index=range(len(frame)), columns=[h for h, _, _ in spec])
    return Table([h for h, _, _ in spec], [k for _, k, _ in spec], out)


def actions_table(actions: pd.DataFrame) -> Table:
    status = [STATUS_LABELS.get(s, s) if isinstance(s, str) else s for s in _column(actions, "status")]
    return _table(actions, [
        ("Ref", "text", "item_ref"),
        ("Theme", "text", "theme_code"),
        ("Action", "long", "action_text"),
        ("Owners", "long", "owners"),
        ("Status", "text", status),
        ("% complete", "percent", "percent_complete"),
        ("Baseline end", "date", "baseline_end"),
        ("Original end", "date", "original_end"),
        ("Forecast end", "date", "forecast_end"),
        ("Actual end", "date", "actual_end"),
        ("Slippage (days)", "int", "slippage_days"),
        ("Slippage vs original (days)", "int", "original_slippage_days"),
        ("RAG", "rag", "rag"),
        ("Why", "long", "rag_reason"),
        ("Override", "yesno", "is_overridden"),
        ("Last update", "date", "last_update_on"),
        ("Stale", "yesno", "is_stale"),
        ("Latest commentary", "long", "last_commentary"),
    ])


def changes_table(changes: pd.DataFrame) -> Table:
    kinds = _column(changes, "change_kind")
    was, now, detail = _column(changes, "from_value"), _column(changes, "to_value"), _column(changes, "detail")
    # New commentary rows carry the author in from_value and the text in to_value: show the text as
    # "Now" and the author as the detail, so the Was/Now columns read the same for every kind.
    is_comment = [k == "new_commentary" for k in kinds]
    was_out = [None if c else as_words(w) for c, w in zip(is_comment, was)]
    now_out = [n if c else as_words(n) for c, n in zip(is_comment, now)]
    detail_out = [(f"by {w}" if not is_missing(w) else None) if c else d for c, w, d in zip(is_comment, was, detail)]
    return _table(changes, [
        ("Change", "text", [CHANGE_KINDS.get(k, as_words(k)) for k in kinds]),
        ("Ref", "text", "item_ref"),
        ("Theme", "text", "theme_code"),
        ("Item", "long", "title"),
        ("Was", "long", was_out),
        ("Now", "long", now_out),
        ("Days moved", "int", "days_moved"),
        ("On", "date", "changed_on"),
        ("Detail", "long", detail_out),
    ])


def notes_table(notes: pd.DataFrame) -> Table:
    """The minutes: each decision and action arising noted at the review, in the order noted."""
    return _table(notes, [
        ("Kind", "text", [as_words(k) for k in _column(notes, "kind")]),
        ("Decision or action", "long", "note_text"),
        ("Owner", "text", "owner_name"),
        ("Due", "date", "due_on"),
        ("Arose at", "text", "step_label"),
        ("Noted by", "text", "recorded_by"),
    ])


def load_table(load: pd.DataFrame) -> Table:
    return _table(load, [
        ("Officer", "text", "officer_name"),
        ("Kind", "text", [as_words(k) for k in _column(load, "officer_kind")]),
        ("Month", "month", "month_start"),
        ("Open actions", "int", "open_actions"),
        ("Open actions (weighted)", "number", "open_actions_weighted"),
        ("Open milestones", "int", "open_milestones"),
        ("Milestones due", "int", "milestones_due"),
        ("Red items", "int", "red_items"),
        ("Overloaded", "yesno", "is_overloaded"),
    ])


def themes_table(themes: pd.DataFrame) -> Table:
    codes = ["All" if is_missing(c) else c for c in _column(themes, "theme_code")]
    return _table(themes, [
        ("Theme", "text", codes),
        ("Title", "long", "theme_title"),
        ("Actions", "int", "actions_total"),
        ("Complete", "int", "actions_complete"),
        ("% complete", "percent", "percent_actions_complete"),
        ("% of complete on time", "percent", "percent_complete_on_time"),
        ("In progress", "int", "actions_in_progress"),
        ("Not started", "int", "actions_not_started"),
        ("On hold or cancelled", "int", "actions_on_hold_or_cancelled"),
        ("Milestones", "int", "milestones_total"),
        ("Milestones complete", "int", "milestones_complete"),
        ("% milestones complete", "percent", "percent_milestones_complete"),
        *[(f"RAG: {RAG_WORDS[r]}", "int", f"actions_{r}") for r in RAG_ORDER],
        ("Median slippage of actions (days)", "number", "median_slippage_days"),
        ("Worst slippage, any item (days)", "int", "worst_slippage_days"),
    ])


def all_themes_row(themes: pd.DataFrame) -> pd.Series | None:
    if "theme_code" not in themes.columns or themes.empty:
        return None
    rows = themes[themes["theme_code"].isna()]
    return None if rows.empty else rows.iloc[-1]


def milestones_table(milestones: pd.DataFrame) -> Table:
    status = [STATUS_LABELS.get(s, s) if isinstance(s, str) else s for s in _column(milestones, "status")]
    return _table(milestones, [
        ("Ref", "text", "item_ref"),
        ("Theme", "text", "theme_code"),
        ("Milestone", "long", "milestone_title"),
        ("Owners", "long", "owners"),
        ("Status", "text", status),
        ("% complete", "percent", "percent_complete"),
        ("Baseline end", "date", "baseline_end"),
        ("Forecast end", "date", "forecast_end"),
        ("Actual end", "date", "actual_end"),
        ("Slippage (days)", "int", "slippage_days"),
        ("RAG", "rag", "rag"),
        ("Why", "long", "rag_reason"),
        ("Last update", "date", "last_update_on"),
        ("Stale", "yesno", "is_stale"),
        ("Latest commentary", "long", "last_commentary"),
    ])


def exceptions_table(exceptions: pd.DataFrame, titles: dict[str, str]) -> Table:
    """The meeting's exceptions, in the Review page's order and with its group titles."""
    kinds = _column(exceptions, "exception_kind")
    return _table(exceptions, [
        ("Exception", "text", [titles.get(k, as_words(k)) for k in kinds]),
        ("Ref", "text", "item_ref"),
        ("Theme", "text", "theme_code"),
        ("Item", "long", "title"),
        ("Owners", "long", "owners"),
        ("RAG", "rag", "rag"),
        ("Why", "long", "rag_reason"),
        ("Due", "date", "due_on"),
        ("Slippage (days)", "int", "slippage_days"),
        ("Last update", "date", "last_update_on"),
        ("Latest commentary", "long", "last_commentary"),
    ])


def forecasts_table(forecasts: pd.DataFrame) -> Table:
    """Every open item's evidence forecast beside its expected finish (queries/item_forecast.sql)."""
    from components.forecast import chance_text

    return _table(forecasts, [
        ("Ref", "text", "item_ref"),
        ("Theme", "text", "theme_code"),
        ("Item", "long", "title"),
        ("Owners", "long", "owners"),
        ("% complete", "percent", "percent_complete"),
        ("Baseline end", "date", "baseline_end"),
        ("Expected finish", "date", "effective_finish"),
        ("Evidence says", "date", "evidence_finish"),
        ("80% range from", "date", "evidence_low"),
        ("80% range to", "date", "evidence_high"),
        ("Evidence against expected", "long", "evidence_gap_words"),
        ("Likely late", "yesno", "is_likely_late"),
        ("Chance by baseline end", "text", [chance_text(c) for c in _column(forecasts, "chance_on_time")]),
        ("Chance judged", "long", "chance_basis"),
        ("Evidence from", "long", "evidence_basis"),
        ("Range from", "long", "range_basis"),
    ])


def theme_forecasts_table(themes: pd.DataFrame) -> Table:
    """Each theme's chance of finishing by its baseline end (queries/theme_forecast.sql)."""
    from components.forecast import chance_text

    return _table(themes, [
        ("Theme", "text", "theme_code"),
        ("Title", "long", "theme_title"),
        ("Baseline end", "date", "theme_end"),
        ("Open items", "int", "open_items"),
        ("Likely late", "int", "likely_late_items"),
        ("Chance by baseline end", "text", [chance_text(c) for c in _column(themes, "chance_on_time")]),
        ("Chance judged", "long", "chance_basis"),
    ])


# The headline figures a RAG colour belongs to (the word is in the label, so colour is never alone).
HEADLINE_RAG = {"actions_red": "red", "actions_amber": "amber", "items_red": "red"}


def headline_numbers(pack: ReviewPack) -> list[tuple[str, str, str | None]]:
    """(label, text, rag) of each headline figure, exactly as the Overview and the Review page show it."""
    return [(f.label, f.text, HEADLINE_RAG.get(f.key)) for f in pack.headline]
