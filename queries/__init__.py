"""The one way to read the plan database: `run(con, "name", **params)` runs queries/name.sql.

Every query is one read-only statement in its own .sql file whose header states the grain and the
parameters. Values are bound as $name parameters, never pasted into the SQL text; DuckDB rejects a
missing or extra parameter, so a file and its callers cannot drift apart silently.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

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
    cursor = con.cursor()
    try:
        return run_on_cursor(cursor, name, params)
    finally:
        cursor.close()


def scalar(con: duckdb.DuckDBPyConnection, name: str, **params):
    """The one value of a one-row, one-column query, as a Python value (a date as datetime.date), without a
    frame: the app reads data_version before every cached query, 20 times a page run, and a frame cost 2-3 ms
    of each."""
    cursor = con.cursor()
    try:
        row = cursor.execute(sql_text(name), params or None).fetchone()
        return None if row is None else row[0]
    finally:
        cursor.close()


def run_on_cursor(cursor: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    """Run one named query on `cursor`, set up (and closed, or kept for the next query) by the caller: the
    app's read the memo of item states first (store/state_memo.read_through)."""
    return arrow_to_frame(cursor.execute(sql_text(name), params or None).to_arrow_table())


# DuckDB suggests con.sql(...) for Arrow output, to save a copy of the rows; but a relation is planned twice
# (once for its columns, once to run), which on the built-in plan costs more (theme_completion 58 ms against
# 46 ms) than the copy saves even at scale 1000. So execute(), and DuckDB's advice is not repeated.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_TEXT = pd.StringDtype(na_value=np.nan)  # pandas' own "str"
_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
             pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
             pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
             pa.string(): _TEXT, pa.large_string(): _TEXT}


def arrow_to_frame(table: pa.Table) -> pd.DataFrame:
    """The frame DuckDB's own .df() gives (the same dtypes, tests/test_queries_frames.py proves it), made
    through Arrow: .df() turned every text value into a Python object first, which took 0.25-0.3 s of
    action_status's and milestone_status's 0.3-0.45 s at scale 1000; this takes 20-35 ms.
    Column by column, not Table.to_pandas(): its metadata handling cost 0.5-6 ms a query even on the
    built-in plan's few rows, a quarter to a half of a small query's time (now 0.1-1.3 ms)."""
    frame = pd.DataFrame(dict(enumerate(_column_values(column) for column in table.columns)), copy=False)
    frame.columns = table.column_names  # after: two columns may share a name
    return frame


def _column_values(column: pa.ChunkedArray):
    """One column as .df() gives it: whole numbers and true/false nullable only when a value is missing,
    dates to the microsecond, a text column with no value at all as Python None."""
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
        return column.to_numpy() if column.null_count == 0 else _NULLABLE[kind].__from_arrow__(column)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return np.full(len(column), None, dtype=object) if column.null_count == len(column) else _TEXT.__from_arrow__(column)
    if pa.types.is_date(kind):
        return column.cast(pa.timestamp("us")).to_numpy()
    if pa.types.is_floating(kind) or (pa.types.is_timestamp(kind) and kind.tz is None):
        return column.to_numpy()
    return column.to_pandas(date_as_object=False).to_numpy()  # lists (numpy arrays, as .df()), decimals, ...
