"""The app builds its database on first run, and the Overview names the plan."""

from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)


def test_app_builds_the_database_on_first_run(tmp_path, monkeypatch):
    path = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("PLAN_DB", str(path))
    at = open_page(timeout=60)
    assert not at.exception
    assert path.exists()
    assert at.title[0].value == "Rent Service Improvement Plan"
    assert at.metric[0].label == "Actions complete" and at.metric[0].value.endswith(" of 37")
