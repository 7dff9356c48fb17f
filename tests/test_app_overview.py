"""The Overview page, run through Streamlit's AppTest against a private copy of the database."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_overview_shows_the_plan_title_and_theme_counts(built_db):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Rent Service Improvement Plan"
    themes = at.dataframe[0].value
    assert list(themes["theme_code"]) == ["1", "2", "3", "4", "5", "6a", "6b"]
    assert list(themes["action_count"]) == [7, 3, 2, 8, 3, 9, 5]


def test_app_builds_the_database_on_first_run(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("PLAN_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert path.exists()
    officers = at.dataframe[1].value.set_index("officer_name")
    assert officers.loc["Sue Philp", "action_count"] == 17
