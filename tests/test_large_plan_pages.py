"""A plan too big to draw action by action: the Timeline groups by theme, then pages through one."""

import pytest

from store.synth import synthesize
from tests.pages import fresh_streamlit_caches, open_page, plotly_specs  # noqa: F401 (fixture)


@pytest.fixture
def big_plan(tmp_path, monkeypatch):
    path = tmp_path / "big.duckdb"
    result = synthesize(path, scale=3, seed=7)  # 111 actions: more than the 80 drawn one by one
    monkeypatch.setenv("PLAN_DB", str(path))
    return result


def test_timeline_shows_one_bar_per_theme_then_a_theme_a_page_at_a_time(big_plan):
    at = open_page("pages/1_Timeline.py")
    assert not at.exception
    summary = plotly_specs(at)[0]["data"][0]
    assert len(summary["y"]) == 7 and summary["y"][0].startswith("1 · ")
    assert summary["text"][5].startswith("27 actions: ")  # theme 6a: 3 x 9 actions
    at.selectbox(key="timeline_theme").set_value("6a").run()
    bars = plotly_specs(at)[0]["data"][0]["y"]
    assert len(bars) == 27 and all(label.startswith("6a.") for label in bars)
