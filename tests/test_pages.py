"""Pages through AppTest: set a filter, then assert the table, metric or chart it shows.

Expected values come from the query layer run directly on the same database, or from the source plan
(Sue Philp owns 17 actions; theme 6b has five), never from the page itself.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from queries import run
from components.text import escape_markdown
from tests.pages import fresh_streamlit_caches, open_page, plotly_specs  # noqa: F401 (fixture)

PLAN = "tbc-rent-sip"
SUE_REFS = ["1.1", "1.2", "1.3", "1.7", "2.3", "3.2", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "6a.6",
            "6a.8", "6b.1", "6b.4"]


def latest_review(path) -> date:
    con = duckdb.connect(str(path))  # same configuration as the app in this process
    try:
        return con.execute("select max(review_date) from review").fetchone()[0]
    finally:
        con.close()


def status(path, as_of, **filters) -> pd.DataFrame:
    con = duckdb.connect(str(path))  # same configuration as the app in this process
    try:
        return run(con, "action_status", plan_id=PLAN, as_of=as_of, red_after_days=30,
                   **{"themes": None, "officers": None, "statuses": None, "rags": None, **filters})
    finally:
        con.close()


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_overview_headline_numbers_match_the_queries(built_db):
    at = open_page()
    assert not at.exception
    as_of = latest_review(built_db)
    expected = status(built_db, as_of)
    assert metric(at, "Actions complete") == f"{(expected['status'] == 'complete').sum()} of 37"
    assert metric(at, "Red actions") == str((expected["rag"] == "red").sum())
    assert at.markdown[0].value.startswith(f"**As of {as_of:%-d %b %Y}")
    assert "illustrative progress" in at.markdown[0].value


def test_officer_sue_philp_shows_exactly_her_actions(built_db):
    at = open_page(query={"officer": "Sue Philp"})
    assert not at.exception
    assert metric(at, "Actions complete").endswith("of 17")
    as_of = latest_review(built_db)
    hers = status(built_db, as_of, officers=["sue-philp"])
    assert sorted(hers["ref"]) == sorted(SUE_REFS)
    red_or_amber = hers[hers["rag"].isin(["red", "amber"])]
    late = at.dataframe[0].value if len(red_or_amber) else pd.DataFrame({"item_ref": []})
    assert set(late["item_ref"]) == set(red_or_amber["ref"])
    assert at.subheader[0].value == f"Red and amber actions ({len(red_or_amber)})"
    assert "Officer Sue Philp" in at.markdown[0].value


def test_theme_6b_shows_only_6b(built_db):
    at = open_page("pages/2_Themes.py", query={"theme": "6b"})
    assert not at.exception
    summary = at.dataframe[0].value
    assert list(summary["code"]) == ["6b", "All"]
    refs = at.dataframe[1].value["item_ref"]
    assert list(refs) == ["6b.1", "6b.2", "6b.3", "6b.4", "6b.5"]
    assert len(at.dataframe) == 2  # the summary and one theme's table: no other theme


def test_moving_the_as_of_date_back_shows_fewer_complete(built_db):
    now = open_page()
    earlier = open_page(query={"as_of": "2017-03-01"})
    done_now = int(metric(now, "Actions complete").split(" of ")[0])
    done_then = int(metric(earlier, "Actions complete").split(" of ")[0])
    assert done_then < done_now
    assert done_then == (status(built_db, date(2017, 3, 1))["status"] == "complete").sum()


def test_the_sidebar_date_picker_moves_the_as_of_date(built_db):
    at = open_page()
    reviews = at.selectbox(key="w_as_of_review").options
    at.selectbox(key="w_as_of_review").select_index(len(reviews) - 2).run()  # the first review
    assert not at.exception
    first_review = at.selectbox(key="w_as_of_review").value
    assert at.markdown[0].value.startswith("**As of")
    expected = status(built_db, first_review)
    assert metric(at, "Actions complete") == f"{(expected['status'] == 'complete').sum()} of 37"


def test_filters_survive_a_page_switch_and_reach_the_url(built_db):
    at = open_page()
    at.multiselect(key="w_themes").set_value(["6a"]).run()
    assert at.query_params["theme"] in ("6a", ["6a"])
    at.switch_page("pages/1_Timeline.py").run()
    assert not at.exception
    assert at.multiselect(key="w_themes").value == ["6a"]
    spec = plotly_specs(at)[0]
    bars = [t for t in spec["data"] if t["type"] == "bar" and t["name"] != "Baseline"]
    labels = {y for t in bars for y in t["y"]}
    assert {label.split(" · ")[0] for label in labels} == {f"6a.{i}" for i in range(1, 10)}


def test_timeline_traces(built_db):
    at = open_page("pages/1_Timeline.py", query={"officer": "Sue Philp"})
    spec = plotly_specs(at)[0]
    names = [t["name"] for t in spec["data"]]
    assert names[0] == "Baseline" and "Milestone" in names
    as_of = latest_review(built_db)
    hers = status(built_db, as_of, officers=["sue-philp"])
    rag_words = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete", "grey": "Not due"}
    assert set(names) - {"Baseline", "Milestone", "rows"} == {rag_words[r] for r in hers["rag"]}  # rows: the invisible points that keep every row
    baseline = spec["data"][0]
    assert len(baseline["y"]) == 17
    # every coloured bar carries its RAG word as text: nothing told by colour alone
    for trace in spec["data"][1:]:
        if trace["type"] == "bar":
            assert all(text.startswith(trace["name"]) for text in trace["text"])
    shapes = spec["layout"]["shapes"]
    assert any(s["x0"] == f"{as_of:%Y-%m-%d}" and s["line"]["width"] == 2 for s in shapes)


def test_timeline_expands_an_action_to_its_milestones(built_db):
    at = open_page("pages/1_Timeline.py", query={"theme": "2"})
    at.multiselect(key="timeline_expand").set_value(["2.1"]).run()
    labels = plotly_specs(at)[0]["data"][0]["y"]
    assert [label.strip().removeprefix("◇ ").split(" ")[0] for label in labels] == [
        "2.1", "2.1/1", "2.1/2", "2.1/3", "2.2", "2.3"]
    assert labels[1].strip() == "◇ 2.1/1 · Review rent letters"


def test_officers_heatmap_and_choosing_an_officer_sets_the_filter(built_db):
    at = open_page("pages/3_Officers.py")
    assert not at.exception
    heat = plotly_specs(at)[0]["data"][0]
    assert heat["type"] == "heatmap"
    assert "Sue Philp" in heat["y"] and "Housing Options Officers" not in heat["y"]  # roles hidden by default
    at.selectbox(key="officers_pick").set_value("julie-clempson").run()
    assert at.multiselect(key="w_themes").value == []
    assert at.multiselect(key="w_officers").value == ["julie-clempson"]
    items = at.dataframe[0].value
    assert sorted(items["item_ref"]) == sorted(["1.5", "2.1", "2.2", "3.1", "6a.4", "6a.5", "6a.6", "6a.7", "6b.2", "6b.3",
                                           "6b.4"])


def test_action_detail_deep_link(built_db):
    at = open_page("pages/5_Action_detail.py", query={"ref": "3.2"})
    assert not at.exception
    assert at.title[0].value == escape_markdown("3.2 · Consider applying for HQN accreditation for income management")
    assert "Theme 3 · Strengthen the performance management framework" in [m.value for m in at.markdown]
    assert metric(at, "RAG") == "✔ Complete"
    history = at.dataframe[-1].value
    assert history.iloc[-1]["commentary"] == 'The plan records this as done: "Obtained Feb 2016".'
    dates = at.dataframe[0].value
    assert list(dates["As written"])[:2] == ["—", "Obtained Feb 2016"]


def test_action_detail_shows_a_slip_chart_and_history(built_db):
    at = open_page("pages/5_Action_detail.py", query={"ref": "1.2"})
    assert not at.exception
    slip = [s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("1.2")][0]
    # then the evidence forecast and its range (tests/test_forecast_pages.py)
    assert [t["name"] for t in slip["data"]][:3] == ["Original baseline end", "Current baseline end", "Expected finish"]
    con = duckdb.connect(str(built_db))
    reviews = con.execute("select count(*) from review").fetchone()[0]
    con.close()
    assert len(slip["data"][2]["x"]) == reviews  # one point per review up to the latest


def test_bad_url_values_are_dropped_with_a_notice(built_db):
    at = open_page(query={"theme": ["6b", "9z"], "as_of": "yesterday", "officer": "Nobody Here", "rag": "purple"})
    assert not at.exception
    notices = [w.value.replace("\\", "") for w in at.warning]  # shown as text: markdown escaped
    assert "Ignored theme '9z' from the link: it is not in this plan." in notices
    assert "The link's date 'yesterday' is not a date like 2018-03-31; showing the latest review." in notices
    assert "Ignored officer 'Nobody Here' from the link: it is not in this plan." in notices
    assert "Ignored rag 'purple' from the link: it is not in this plan." in notices
    assert at.multiselect(key="w_themes").value == ["6b"]


def test_tables_offer_csv_downloads(built_db):
    at = open_page("pages/2_Themes.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels and all(label.startswith("Download CSV") for label in labels)
