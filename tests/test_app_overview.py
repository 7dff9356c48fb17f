"""The Overview page, run through Streamlit's AppTest against a private copy of the database."""

from __future__ import annotations

from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)


def test_overview_shows_the_plan_title_and_theme_counts(built_db):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Rent Service Improvement Plan"
    themes = at.dataframe[0].value
    assert list(themes["theme_code"]) == ["1", "2", "3", "4", "5", "6a", "6b"]
    assert list(themes["action_count"]) == [7, 3, 2, 8, 3, 9, 5]


def test_app_builds_the_database_on_first_run(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("PLAN_DB", str(path))
    at = open_page(timeout=60)
    assert not at.exception
    assert path.exists()
    officers = at.dataframe[1].value.set_index("officer_name")
    assert officers.loc["Sue Philp", "action_count"] == 17
