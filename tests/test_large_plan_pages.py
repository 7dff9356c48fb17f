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


def test_a_long_chase_list_shows_25_officers_a_page_most_outstanding_first(tmp_path, monkeypatch):
    from datetime import date

    import queries
    from components import rules
    from store.db import connect

    path = tmp_path / "fifty-officers.duckdb"
    synthesize(path, scale=10, seed=7)  # 50 officers
    monkeypatch.setenv("PLAN_DB", str(path))
    con = connect(path)
    reviews = list(queries.run(con, "review_dates", plan_id="synthetic-x10")["review_date"].dt.date)
    chase = queries.run(con, "chase_list", plan_id="synthetic-x10", as_of=date.today(), red_after_days=30,
                        cycle_start=rules.cycle_start(date.today(), reviews))
    con.close()
    waiting = list(chase.loc[chase["items_not_updated"] > 0, "name"])
    assert 25 < len(waiting) <= 50  # two pages (40 at the time of writing)

    def shown(at):
        lines = [m.value.split("\\:")[0] for m in at.markdown]  # markdown shown escaped: "Name\\: 3 of 5 …"
        return [name for name in lines if name in waiting]

    at = open_page("pages/7_My_updates.py")
    assert not at.exception
    assert shown(at) == waiting[:25] and len(at.get("link_button")) == 25
    picker = at.selectbox(key="chase_page")
    assert picker.options == [f"1–25 of {len(waiting)}, most outstanding first",
                              f"26–{len(waiting)} of {len(waiting)}, most outstanding first"]
    picker.set_value(1).run()
    assert shown(at) == waiting[25:]
