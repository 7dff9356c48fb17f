"""Thresholds and display conventions, configurable by environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


# RAG: red when slippage is more than this many days (the UK council convention is 30).
RED_AFTER_DAYS = int(_number("PLAN_RED_AFTER_DAYS", 30))
# Owner load: an officer is overloaded in a month when their open actions, each weighted by
# 1/number of owners, add up to more than this (the sum to two decimal places, as shown).
OVERLOAD_THRESHOLD = _number("PLAN_OVERLOAD_THRESHOLD", 4.0)
# DuckDB's memory for the dashboard's connection, in MiB (it spills joins and sorts to disk beyond it): the
# app's whole process then stays within 1 GiB with a plan 1000 times the built-in one (README "Benchmark").
DB_MEMORY_MIB = max(64, int(_number("PLAN_DB_MEMORY_MIB", 300)))
# Reviews are 6-weekly: "due before the next review" looks this far ahead.
REVIEW_INTERVAL_DAYS = 42

STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "on_hold": "On hold",
    "cancelled": "Cancelled",
}
RAG_ORDER = ["red", "amber", "green", "blue", "grey"]
# Never colour alone: every RAG is shown with its word and a symbol of its own shape.
RAG_LABELS = {
    "red": "▲ Red",
    "amber": "◆ Amber",
    "green": "● Green",
    "blue": "✔ Complete",
    "grey": "○ Not due",
}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete", "grey": "Not due"}
# GOV.UK design system colours, chosen for contrast; text colour that passes WCAG AA on each.
RAG_COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c", "blue": "#1d70b8", "grey": "#b1b4b6"}
RAG_TEXT_COLOURS = {"red": "#ffffff", "amber": "#0b0c0c", "green": "#ffffff", "blue": "#ffffff", "grey": "#0b0c0c"}

# A local favicon: a ":material/...:" page icon makes the browser fetch it from an outside font host.
PAGE_ICON = str(Path(__file__).with_name("icon.png"))
