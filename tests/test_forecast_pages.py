"""Where the forecasts show (issue 17): the Action detail's slip chart and forecast section, the Timeline's
optional whiskers, the Review page and its pack, the Data page's check. Each surface is compared with the
query run directly on the same database, so they cannot drift apart."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import openpyxl

from components import forecast as words
from components import rules, views
from components.db import connection
from components.export import build_review_pack_html, build_workbook
from components.filters import Filters
from components.text import day, escape_markdown
from queries import run
from tests.pages import fresh_streamlit_caches, open_page, plotly_specs  # noqa: F401 (fixture)

PLAN = "tbc-rent-sip"
LATEST = date(2020, 5, 20)  # the built-in plan's latest review: the pages' default as-of date
NO_FILTERS = {"themes": None, "officers": None, "statuses": None, "rags": None}


def direct(path, name: str, **params):
    """The query run straight on the file, on the process's own connection (DuckDB allows one
    configuration per file in a process)."""
    con = connection().cursor()
    try:
        return run(con, name, **params)
    finally:
        con.close()


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_action_detail_shows_the_evidence_beside_the_typed_forecasts(built_db):
    expected = direct(built_db, "item_forecast", plan_id=PLAN, as_of=LATEST, red_after_days=30, **NO_FILTERS)
    row = expected[(expected["ref"] == "6a.8") & expected["seq"].isna()].iloc[0]
    history = direct(built_db, "forecast_history", plan_id=PLAN, ref="6a.8", seq=None, as_of=LATEST)
    at = open_page("pages/5_Action_detail.py", query={"ref": "6a.8"})
    assert not at.exception
    slip = [s for s in plotly_specs(at) if s["layout"]["title"]["text"].startswith("6a.8")][0]
    names = [t["name"] for t in slip["data"]]
    assert names[:3] == ["Original baseline end", "Current baseline end", "Expected finish"]
    assert "Evidence: 80% range" in names
    evidence = slip["data"][names.index("Evidence forecast")]
    assert evidence["y"] == [f"{d:%Y-%m-%d}" for d in history["evidence_finish"]]  # one point per review
    assert evidence["y"][-1] == f"{row['evidence_finish']:%Y-%m-%d}"  # the last one is today's forecast
    shown = " ".join(m.value for m in at.markdown)
    assert f"Expected finish (typed forecast, else baseline end): {day(row['effective_finish'])}." in unescape(shown)
    for line in (words.evidence_line(row), words.method_line(row), words.chance_line(row)):
        assert escape_markdown(line) in shown
    assert day(row["evidence_finish"]) in words.evidence_line(row)
    reliability = direct(built_db, "forecast_reliability", plan_id=PLAN, ref="6a.8", seq=None, as_of=LATEST)
    for line in words.reliability_lines(reliability):
        assert escape_markdown(line) in shown


def test_an_action_without_progress_history_says_so(built_db):
    at = open_page("pages/5_Action_detail.py", query={"ref": "3.2"})  # done in the source
    assert not at.exception
    assert "This action is complete, cancelled or has no end date: there is no finish to forecast." in [
        m.value for m in at.markdown]


def test_timeline_whiskers_are_off_until_asked_for(built_db):
    at = open_page("pages/1_Timeline.py")
    assert not at.exception
    toggle = at.toggle(key="timeline_evidence")
    assert toggle.value is False
    gantt = plotly_specs(at)[0]
    assert "Evidence forecast" not in [t.get("name") for t in gantt["data"]]
    toggle.set_value(True).run()
    assert not at.exception
    gantt = plotly_specs(at)[0]
    names = [t.get("name") for t in gantt["data"]]
    marks = gantt["data"][names.index("Evidence forecast")]
    whiskers = gantt["data"][names.index("Evidence: to its 80% bound")]
    expected = direct(built_db, "item_forecast", plan_id=PLAN, as_of=LATEST, red_after_days=30, **NO_FILTERS)
    forecast_actions = expected[expected["evidence_finish"].notna() & expected["seq"].isna()]
    # one mark per action row with an evidence forecast (milestones are not expanded), at its date
    assert sorted(marks["x"]) == sorted(f"{d:%Y-%m-%d}" for d in forecast_actions["evidence_finish"])
    assert len(whiskers["x"]) == 3 * len(forecast_actions)  # from, to, gap


def review_pack(as_of: date = LATEST):
    options = views.options_for(PLAN)
    filters = Filters(PLAN, as_of)
    meeting = views.review_meeting(filters, options, rules.previous_review(as_of, list(options.reviews)))
    return views.review_pack(filters, options, meeting)


def test_review_page_and_pack_list_what_is_likely_late(built_db):
    expected = direct(built_db, "item_forecast", plan_id=PLAN, as_of=LATEST, red_after_days=30, **NO_FILTERS)
    sentences = words.likely_late_sentences(expected)
    # at the latest review: 5.2 is at 40% and moving 5 points a review (0.12 a day): 25 Aug 2021
    assert len(sentences) == 1
    assert sentences[0].startswith("Likely late: the evidence says 5.2 will finish about 13 months after its "
                                   "forecast (25 Aug 2021; 80% range ")
    at = open_page("pages/4_Review.py")
    assert not at.exception
    assert "Forecasts from the evidence" in [h.value for h in at.header]
    assert f"- {escape_markdown(sentences[0])}" in [m.value for m in at.markdown]
    themes = direct(built_db, "theme_forecast", plan_id=PLAN, as_of=LATEST, red_after_days=30, **NO_FILTERS)
    table = next(d.value for d in at.dataframe if "chance_basis" in d.value.columns)
    assert list(table["chance"]) == [words.chance_text(c) for c in themes["chance_on_time"]]

    pack = review_pack()
    assert pack.forecasts.equals(expected)
    page = build_review_pack_html(pack)
    assert '<h2 id="h-forecasts">Forecasts from the evidence</h2>' in page
    assert f"<li>{html.escape(sentences[0])}</li>" in page
    sheet = openpyxl.load_workbook(io.BytesIO(build_workbook(pack)))["Forecasts"]
    header = [c.value for c in sheet[1]]
    assert len(list(sheet.iter_rows(min_row=2))) == len(expected)
    late = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Likely late")] == "Yes"]
    assert [r[header.index("Ref")] for r in late] == ["5.2"]


def test_a_pack_without_forecasts_has_no_forecast_section(built_db):
    from dataclasses import replace

    pack = replace(review_pack(), forecasts=None, theme_forecasts=None)
    assert "h-forecasts" not in build_review_pack_html(pack)
    assert "Forecasts" not in openpyxl.load_workbook(io.BytesIO(build_workbook(pack))).sheetnames


def test_data_page_flags_a_forecast_the_evidence_disagrees_with(built_db):
    at = open_page("pages/6_Data.py")
    assert not at.exception
    findings = next(d.value for d in at.dataframe if "check_name" in d.value.columns)
    flagged = findings[findings["check_name"] == "Forecast disagrees with the evidence"]
    assert list(flagged["ref"]) == ["5.2"]
    assert flagged["detail"].iloc[0].startswith("Expected finish 31 Jul 2020 (its typed forecast), but its percent "
                                                "complete over time says 25 Aug 2021, about 13 months after")
