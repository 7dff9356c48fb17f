"""Shared by the query tests (tests/test_queries*.py): the tiny plan's database, fresh for each test,
and a short way to write a date."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tiny_plan import tiny_db

D = date.fromisoformat


@pytest.fixture
def con():
    con = tiny_db()
    yield con
    con.close()
