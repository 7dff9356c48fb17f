"""Shared by the tests of the illustrative progress history (tests/test_demo.py,
tests/test_demo_dynamics.py): the built database, a plan-only one, and a few queries."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from store.build import build_database
from store.db import connect

PLAN = "tbc-rent-sip"


@pytest.fixture(scope="module")
def con(built_db_template):
    con = duckdb.connect(str(built_db_template), read_only=True)
    yield con
    con.close()


def rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def review_days(con) -> list[date]:
    return [d for (d,) in rows(con, "select review_date from review where plan_id = ? order by 1", PLAN)]


def slipped_actions(con) -> set[str]:
    """Actions whose forecast end moved later at some review."""
    return {ref for (ref,) in rows(con, """
        select distinct ref from (
            select ref, forecast_end > lag(forecast_end) over (partition by ref order by reported_on) as moved
            from progress_update where origin = 'demo' and seq is null
        ) where moved
    """)}


@pytest.fixture
def plan_only(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path, with_demo=False)
    con = connect(path)
    yield con
    con.close()
