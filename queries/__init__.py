"""The one way to read the plan database: `run(con, "name", **params)` runs queries/name.sql.

Every query is one read-only statement in its own .sql file whose header states the grain and the
parameters. Values are bound as $name parameters, never pasted into the SQL text; DuckDB rejects a
missing or extra parameter, so a file and its callers cannot drift apart silently.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    """The SQL of queries/NAME.sql (read once per process)."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file() or path.parent != QUERY_DIR:
        raise FileNotFoundError(f"No query named {name!r} in {QUERY_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run one named query with bound parameters on a fresh cursor and return its rows.

    A cursor per call: the app shares one connection between Streamlit's threads, and a
    connection used from two threads at once fails ("connection is busy").
    """
    return run_on_cursor(con.cursor(), name, params)


def run_on_cursor(cursor: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """Run one named query on `cursor` (set up by the caller: the app's put the memo of item_states on
    their search path), then close it."""
    try:
        return cursor.execute(sql_text(name), params or None).df()
    finally:
        cursor.close()
