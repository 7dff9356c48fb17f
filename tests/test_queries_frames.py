"""Query results reach pandas through Arrow (queries.arrow_to_frame), not DuckDB's own .df(), which was
slower for text: every query gives exactly the frame .df() gives (values, dtypes, nullable whole numbers
and true/false only where a value is missing, dates, lists), on plans with and without gaps."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import queries
from bench.common import _context, params_for
from store.db import connect
from store.synth import synthesize
from tests.tiny_plan import tiny_db


def same_as_duckdb(con, plan_id: str) -> list[str]:
    """Every query at the pages' parameters; returns the names checked."""
    context = _context(con, plan_id)
    checked = []
    for name in queries.query_names():
        params = params_for(name, context)
        ours = queries.run(con, name, **params)
        theirs = con.execute(queries.sql_text(name), params or None).df()
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True, obj=name)
        for column in theirs.columns[theirs.dtypes == object]:  # lists: numpy arrays of the same kind
            mine, duck = ours[column].dropna(), theirs[column].dropna()
            assert [type(v) for v in mine] == [type(v) for v in duck], (name, column)
            assert [getattr(v, "dtype", None) for v in mine] == [getattr(v, "dtype", None) for v in duck], (name, column)
        checked.append(name)
    return checked


def test_every_query_on_the_built_in_plan(built_db):
    con = connect(built_db)
    try:
        assert len(same_as_duckdb(con, "tbc-rent-sip")) == len(queries.query_names())
    finally:
        con.close()


def test_every_query_on_the_tiny_plan():
    con = tiny_db()
    try:
        same_as_duckdb(con, "tiny")
    finally:
        con.close()


def test_every_query_on_a_synthetic_plan(tmp_path):
    synthesize(tmp_path / "s.duckdb", scale=5, seed=3)
    con = connect(tmp_path / "s.duckdb")
    try:
        same_as_duckdb(con, "synthetic-x5")
    finally:
        con.close()


@pytest.mark.parametrize("values, kind, dtype", [
    ([1, None], pa.int32(), "Int32"), ([1, 2], pa.int32(), "int32"), ([1, None], pa.int64(), "Int64"),
    ([True, None], pa.bool_(), "boolean"), ([True, False], pa.bool_(), "bool"),
    (["a", None], pa.string(), "str"), ([None, None], pa.string(), "object"), ([], pa.string(), "object"),
    ([date(2020, 1, 31), None], pa.date32(), "datetime64[us]"), ([0.5, None], pa.float64(), "float64"),
])
def test_arrow_to_frame_types(values, kind, dtype):
    frame = queries.arrow_to_frame(pa.table({"c": pa.array(values, kind)}))
    assert str(frame["c"].dtype) == dtype and len(frame) == len(values)
    if values and values[-1] is None:
        assert frame["c"].isna().tolist() == [False, True] if values[0] is not None else frame["c"].isna().all()


def test_a_text_column_with_no_value_holds_none():
    frame = queries.arrow_to_frame(pa.table({"c": pa.array([None, None], pa.string())}))
    assert frame["c"].tolist() == [None, None]
    assert isinstance(queries.arrow_to_frame(pa.table({"c": pa.array([["a"]], pa.list_(pa.string()))}))["c"][0],
                      np.ndarray)


def test_a_one_value_query_gives_the_value_its_frame_holds(built_db):
    con = connect(built_db)
    try:
        assert queries.scalar(con, "data_version") == queries.run(con, "data_version").iat[0, 0]
        latest = queries.scalar(con, "plan_latest_update", plan_id="tbc-rent-sip")  # a Python value: a date
        frame = queries.run(con, "plan_latest_update", plan_id="tbc-rent-sip")
        assert latest == date(2020, 5, 20) == frame.iat[0, 0].date()
        from store.audit import log_event

        before = queries.scalar(con, "data_version")
        log_event(con, "test", "sign_in_refused", {})
        assert queries.scalar(con, "data_version") > before
    finally:
        con.close()
