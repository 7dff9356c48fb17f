"""Small hand-made frames shaped like the queries' results (dates as datetime64 and slippage as Int64,
as DuckDB hands them over), and the review pack built from them, for the export tests
(tests/test_exports_workbook.py, tests/test_exports_html.py)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components.charts import build_completion_by_theme, build_rag_by_theme
from components.export import ReviewPack
from components.rules import exception_titles, headline_figures, headline_row

EVIL_FORMULA = '=HYPERLINK("http://evil")'
EVIL_SCRIPT = "<script>alert(1)</script> and <b>bold</b>"

ACTIONS_HEADER = [
    "Ref", "Theme", "Action", "Owners", "Status", "% complete", "Baseline end", "Original end", "Forecast end",
    "Actual end", "Slippage (days)", "Slippage vs original (days)", "RAG", "Why", "Override", "Last update",
    "Stale", "Latest commentary",
]


def _dates(*values):
    return pd.to_datetime(pd.Series(values, dtype=object))


def make_actions() -> pd.DataFrame:
    return pd.DataFrame({
        "item_ref": ["1.1", "1.2", "2.1", "2.2"],
        "ref": ["1.1", "1.2", "2.1", "2.2"],
        "theme_code": ["1", "1", "2", "2"],
        "theme_title": ["Update the strategic framework"] * 2 + ["Improve arrears recovery"] * 2,
        "action_text": [
            "Ensure that the outcomes from this review, together with the council's other planned improvements, "
            "are captured in a service improvement plan",
            "Publish a rent and service charge setting policy",
            "Review all direct debit payers' accounts",
            "Monitor new tenancies carefully for the first few weeks",
        ],
        "owners": ["David Turner, Sue Philp", "Sue Philp", "Jackie Lea", "Leanne Allwood"],
        "owner_ids": [["david-turner", "sue-philp"], ["sue-philp"], ["jackie-lea"], ["leanne-allwood"]],
        "status": ["in_progress", "complete", "in_progress", "not_started"],
        "percent_complete": [60.0, 100.0, 40.0, 0.0],
        "baseline_start": _dates("2019-01-01", "2018-06-01", "2020-01-01", "2020-09-01"),
        "baseline_end": _dates("2019-12-31", "2018-12-31", "2020-06-30", "2020-12-31"),
        "original_end": _dates("2019-12-31", "2018-12-31", "2020-06-30", "2020-12-31"),
        "forecast_end": _dates("2020-05-31", None, "2020-07-10", None),
        "actual_end": _dates(None, "2018-12-11", None, None),
        "slippage_days": pd.array([152, -20, 10, pd.NA], dtype="Int64"),
        "original_slippage_days": pd.array([152, -20, 10, pd.NA], dtype="Int64"),
        "rag": ["red", "blue", "amber", "grey"],
        "rag_reason": ["Red: forecast 152 days after baseline end", "Complete on time",
                       "Amber: forecast 10 days after baseline end", "Not due to start yet"],
        "is_overridden": [False, False, True, False],
        "is_ongoing": [False] * 4,
        "is_rebaselined": [False] * 4,
        "last_update_on": _dates("2020-05-20", "2018-12-11", "2020-04-08", None),
        "last_commentary": [EVIL_FORMULA, "-2 days: done early", EVIL_SCRIPT, None],
        "is_stale": [False, False, True, False],
        "is_demo": [False] * 4,
    })


def make_themes() -> pd.DataFrame:
    return pd.DataFrame({
        "theme_code": ["1", "2", None],
        "theme_title": ["Update the strategic framework", "Improve arrears recovery", "All themes"],
        "actions_total": [2, 2, 4],
        "actions_complete": [1, 0, 1],
        "actions_complete_on_time": [1, 0, 1],
        "actions_in_progress": [1, 1, 2],
        "actions_not_started": [0, 1, 1],
        "actions_on_hold_or_cancelled": [0, 0, 0],
        "percent_actions_complete": [50.0, 0.0, 25.0],
        "percent_complete_on_time": [100.0, None, 100.0],
        "milestones_total": [3, 2, 5],
        "milestones_complete": [2, 0, 2],
        "milestones_complete_on_time": [1, 0, 1],
        "percent_milestones_complete": [66.7, 0.0, 40.0],
        "actions_red": [1, 0, 1],
        "actions_amber": [0, 1, 1],
        "actions_green": [0, 0, 0],
        "actions_blue": [1, 0, 1],
        "actions_grey": [0, 1, 1],
        "milestones_red": [0, 1, 1],
        "milestones_amber": [0, 0, 0],
        "items_red": [1, 1, 2],
        "items_amber": [0, 1, 1],
        "items_stale": [0, 1, 1],
        "items_due": [1, 2, 3],
        "median_slippage_days": [66.0, 10.0, 10.0],
        "worst_slippage_days": [152, 10, 152],
        "worst_slippage_ref": ["1.1", "2.1", "1.1"],
        "uses_demo_progress": [True, True, True],
    })


def make_changes() -> pd.DataFrame:
    return pd.DataFrame({
        "change_kind": ["rag_changed", "new_commentary"],
        "item_ref": ["1.1", "2.1/2"],
        "ref": ["1.1", "2.1"],
        "seq": pd.array([pd.NA, 2], dtype="Int32"),
        "item_kind": ["action", "milestone"],
        "theme_code": ["1", "2"],
        "title": ["Ensure that the outcomes from this review ...", "Write to payers"],
        "from_value": ["amber", "Jackie Lea"],
        "to_value": ["red", "@Sue please chase"],
        "days_moved": pd.array([pd.NA, pd.NA], dtype="Int64"),
        "changed_on": _dates("2020-05-20", "2020-05-01"),
        "detail": ["Red: forecast 152 days after baseline end", None],
    })


def make_load() -> pd.DataFrame:
    return pd.DataFrame({
        "officer_id": ["jackie-lea", "jackie-lea", "sue-philp"],
        "officer_name": ["Jackie Lea", "Jackie Lea", "Sue Philp"],
        "officer_kind": ["person", "person", "person"],
        "month_start": _dates("2020-05-01", "2020-06-01", "2020-05-01"),
        "open_actions": [1, 1, 5],
        "open_actions_weighted": [1.0, 1.0, 4.5],
        "open_milestones": [2, 1, 0],
        "milestones_due": [1, 0, 0],
        "red_items": [0, 0, 1],
        "is_overloaded": [False, False, True],
    })


def make_exceptions() -> pd.DataFrame:
    return pd.DataFrame({
        "exception_kind": ["still_red", "stale", "due_soon"],
        "item_kind": ["action", "action", "milestone"],
        "item_ref": ["1.1", "2.1", "2.1/2"],
        "theme_code": ["1", "2", "2"],
        "title": ["Ensure that the outcomes ...", "Review all direct debit payers' accounts", "Write to payers"],
        "owners": ["David Turner, Sue Philp", "Jackie Lea", "Jackie Lea"],
        "rag": ["red", "amber", "red"],
        "rag_reason": ["Red: forecast 152 days after baseline end", "Amber: forecast 10 days after baseline end",
                       "Red: open 40 days past baseline end"],
        "due_on": _dates("2020-05-31", "2020-07-10", "2020-06-01"),
        "slippage_days": pd.array([152, 10, 40], dtype="Int64"),
        "last_update_on": _dates("2020-05-20", "2020-04-08", None),
        "last_commentary": [EVIL_FORMULA, EVIL_SCRIPT, None],
    })


def make_milestones() -> pd.DataFrame:
    return pd.DataFrame({
        "item_ref": ["2.1/2"], "theme_code": ["2"], "milestone_title": ["Write to payers"], "owners": ["Jackie Lea"],
        "status": ["in_progress"], "percent_complete": [10.0], "baseline_end": _dates("2020-04-11"),
        "forecast_end": _dates(None), "actual_end": _dates(None), "slippage_days": pd.array([40], dtype="Int64"),
        "rag": ["red"], "rag_reason": ["Red: open 40 days past baseline end"], "last_update_on": _dates(None),
        "is_stale": [True], "last_commentary": [None],
    })


TITLES = exception_titles(date(2020, 7, 1))


def make_pack(actions: pd.DataFrame | None = None, figures: dict | None = None) -> ReviewPack:
    themes = make_themes()
    return ReviewPack(
        plan_title="Rent Service Improvement Plan",
        organisation="Tamworth Borough Council",
        as_of=date(2020, 5, 20),
        since=date(2020, 4, 8),
        filters_line="As of 20 May 2020 (Review 33) · all themes · illustrative progress",
        summary_sentences=["1 of 4 actions is complete.", "=1+1 should stay text"],
        headline=headline_figures(headline_row(themes), date(2020, 7, 1)),
        exceptions=make_exceptions(),
        exception_titles=TITLES,
        actions=make_actions() if actions is None else actions,
        milestones=make_milestones(),
        uses_demo_progress=True,
        themes=themes,
        changes=make_changes(),
        load=make_load(),
        figures=figures if figures is not None else {
            "RAG by theme": build_rag_by_theme(themes).to_dict(),
            "Completion by theme": build_completion_by_theme(themes).to_dict(),
        },
    )


@pytest.fixture(scope="module")
def pack() -> ReviewPack:
    return make_pack()
