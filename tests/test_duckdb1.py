"""DuckDB 1.x (the pinned package in .venv-duckdb1, as in DBeaver, the CLI and BI drivers) opens the
built database read-only from another process and reads the same tables and rows as DuckDB 2.0."""

from __future__ import annotations

import sys

import pytest

from tests.duckdb1 import PINNED_VERSION, duckdb1_python, read_with


@pytest.fixture(scope="module")
def reports(built_db_template):
    """What DuckDB 1.x and DuckDB 2.0 each read from the same file, in separate processes."""
    old = read_with(duckdb1_python(), built_db_template, "--rows")
    new = read_with(sys.executable, built_db_template, "--rows")
    return old, new


def test_duckdb1_opens_the_file_and_reads_the_same_rows_as_duckdb2(reports):
    old, new = reports
    assert "error" not in old, old.get("error")
    assert (old["duckdb"], new["duckdb"]) == (PINNED_VERSION, "2.0.0")
    assert {k: old[k] for k in ("tables", "views", "macros", "rows")} == {
        k: new[k] for k in ("tables", "views", "macros", "rows")}
    counts = {name: len(found) for name, found in old["rows"].items()}
    assert (counts["action"], counts["milestone"], counts["item"], counts["progress_update"]) == (37, 77, 114, 1153)


def test_duckdb1_runs_the_item_state_macro_and_reads_a_known_item(built_db_template):
    # 3.2 is recorded as done in the source itself ("Obtained Feb 2016"): complete, blue, on time
    got = read_with(duckdb1_python(), built_db_template, "--sql",
                    "select item_ref, status, actual_end, rag, is_complete_on_time "
                    "from item_state('tbc-rent-sip', date '2018-03-01', 30) where item_ref = '3.2'")
    assert got["rows"] == [{"item_ref": "3.2", "status": "complete", "actual_end": "2016-02-29", "rag": "blue",
                            "is_complete_on_time": True}]
