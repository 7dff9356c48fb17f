"""DuckDB 1.x (the pinned package in .venv-duckdb1, as in DBeaver, the CLI and BI drivers) opens the
built database read-only from another process: every table, view, column and macro with its comment,
and every view's rows the same as DuckDB 2.0 gives."""

from __future__ import annotations

import sys

import pytest

from tests.duckdb1 import PINNED_VERSION, duckdb1_python, read_with

TABLES = ["action", "assignment", "audit_log", "import_finding", "import_layout", "item", "item_span", "milestone", "officer",
          "officer_alias", "plan",
          "progress_retraction", "progress_update", "rebaseline", "review", "review_note", "theme", "view_setting"]
VIEWS = ["data_dictionary", "item_state_at_review", "item_state_today", "officer_load_by_month",
         "theme_completion_at_review"]


@pytest.fixture(scope="module")
def reports(built_db_template):
    """What DuckDB 1.x and DuckDB 2.0 each read from the same file, in separate processes."""
    old = read_with(duckdb1_python(), built_db_template, "--rows")
    new = read_with(sys.executable, built_db_template, "--rows")
    return old, new


def test_duckdb1_opens_the_file_and_reads_every_comment(reports):
    old, new = reports
    assert "error" not in old, old.get("error")
    assert (old["duckdb"], new["duckdb"]) == (PINNED_VERSION, "2.0.0")
    assert sorted(old["tables"]) == TABLES and sorted(old["views"]) == VIEWS
    assert {k: old[k] for k in ("tables", "views", "macros")} == {k: new[k] for k in ("tables", "views", "macros")}
    undescribed = [f"{name}.{column}" for kind in ("tables", "views") for name, spec in old[kind].items()
                   for column, info in spec["columns"].items() if not info["comment"]]
    assert undescribed == [] and all(spec["comment"] for kind in ("tables", "views") for spec in old[kind].values())
    assert old["tables"]["progress_update"]["columns"]["rag_override"]["comment"] == (
        "A manual RAG rating replacing the computed one, or NULL. RAG: blue = complete, grey = not due/cancelled, "
        "red, amber, green. Needs rag_reason.")
    assert old["views"]["item_state_at_review"]["columns"]["slippage_days"] == {
        "type": "BIGINT", "comment": "Days late against the current baseline: effective_finish - baseline_end "
                                     "(negative = early). NULL for ongoing and cancelled items."}
    assert "item_state" in old["macros"] and "theme_completion" in old["macros"]


def test_duckdb1_reads_the_same_rows_as_duckdb2(reports):
    old, new = reports
    assert old["rows"] == new["rows"]
    counts = {name: len(found) for name, found in old["rows"].items()}
    # 37 actions and 77 milestones; 33 reviews; 8 theme rows (7 themes and all) a review
    assert (counts["action"], counts["milestone"], counts["item_state_today"]) == (37, 77, 114)
    assert (counts["item_state_at_review"], counts["theme_completion_at_review"]) == (33 * 114, 33 * 8)
    assert counts["progress_update"] == 1153


def test_duckdb1_runs_the_item_state_macro_and_reads_a_known_item(built_db_template):
    # 3.2 is recorded as done in the source itself ("Obtained Feb 2016"): complete, blue, on time
    got = read_with(duckdb1_python(), built_db_template, "--sql",
                    "select item_ref, status, actual_end, rag, is_complete_on_time "
                    "from item_state('tbc-rent-sip', date '2018-03-01', 30) where item_ref = '3.2'")
    assert got["rows"] == [{"item_ref": "3.2", "status": "complete", "actual_end": "2016-02-29", "rag": "blue",
                            "is_complete_on_time": True}]
