"""components/forecast.py (forecasts in words) and components/forecast_charts.py (the evidence on the
slip chart and the Gantt), on rows written by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from components import forecast as words
from components.charts import build_slip_chart
from components.forecast_charts import build_gantt_with_evidence, build_slip_chart_with_evidence
from components.settings import RAG_COLOURS

T = pd.Timestamp


def forecast_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "item_ref": ["6a.8", "2.1/3", "1.1"], "ref": ["6a.8", "2.1", "1.1"], "seq": pd.array([None, 3, None], "Int64"),
        "evidence_finish": [T("2021-03-16"), T("2020-09-01"), pd.NaT],
        "evidence_low": [T("2020-08-07"), pd.NaT, pd.NaT], "evidence_high": [T("2021-05-16"), pd.NaT, pd.NaT],
        "evidence_gap_days": [167, 120, None],
        "evidence_gap_words": ["about 5 months after its forecast", "about 4 months after its forecast", None],
        "is_likely_late": [True, True, False],
        "evidence_basis": ["from its last 6 updates with progress", "from its last 2 updates with progress",
                           "not enough history: 1 update with progress"],
        "range_basis": ["80% range from 438 past evidence forecasts checked against what happened",
                        "no 80% range yet: 3 past evidence forecasts checked against what happened, 20 needed", None],
        "chance_on_time": [0.0, 0.35, None], "baseline_end": [T("2018-12-31"), T("2020-10-31"), T("2019-12-31")],
        "chance_basis": ["from 62 past forecasts in this theme", "from 20 past forecasts across the plan",
                         "too few past forecasts to judge (3, 20 needed)"],
    })


def test_chance_is_a_plain_percentage_that_never_rounds_to_certainty():
    assert [words.chance_text(c) for c in (0.35, 0.0, 1.0, 0.004, 0.996, None, float("nan"))] == [
        "35%", "0%", "100%", "under 1%", "over 99%", "—", "—"]


def test_likely_late_sentences_latest_first():
    assert words.likely_late_sentences(forecast_rows()) == [
        "Likely late: the evidence says 6a.8 will finish about 5 months after its forecast "
        "(16 Mar 2021; 80% range 7 Aug 2020 to 16 May 2021).",
        "Likely late: the evidence says 2.1/3 will finish about 4 months after its forecast (1 Sep 2020).",
    ]


def test_one_item_in_words():
    first, _, none = (row for _, row in forecast_rows().iterrows())
    assert words.evidence_line(first) == ("The evidence says 16 Mar 2021, about 5 months after its forecast "
                                          "(80% range 7 Aug 2020 to 16 May 2021).")
    assert words.method_line(first) == ("From its last 6 updates with progress; 80% range from 438 past evidence "
                                        "forecasts checked against what happened.")
    assert words.chance_line(first) == ("Chance of finishing by its baseline end (31 Dec 2018): 0%, "
                                        "from 62 past forecasts in this theme.")
    assert words.evidence_line(none) == "No forecast from the evidence: not enough history: 1 update with progress."
    assert words.chance_line(none) == ("Chance of finishing by its baseline end (31 Dec 2019): not judged, "
                                       "too few past forecasts to judge (3, 20 needed).")


def test_reliability_and_theme_lines():
    reliability = pd.DataFrame({"scope": ["item", "officer", "theme"], "scope_label": ["A.2", "Ann Able", "Theme A"],
                                "forecasts_compared": [2, 1, 3], "median_slip_days": [12.5, 0.0, -5.0],
                                "mean_slip_days": [12.5, 1.0, 10.0], "percent_moved_later": [100.0, 0.0, 66.7]})
    assert words.reliability_lines(reliability) == [
        "This item: over 2 updates, the typed forecast moved by a median of +12.5 days (mean +12.5 days); "
        "it moved later 100% of the time.",
        "Items of Ann Able: over 1 update, the typed forecast moved by a median of 0 days (mean +1 day); "
        "it moved later 0% of the time.",
        "Theme A: over 3 updates, the typed forecast moved by a median of -5 days (mean +10 days); "
        "it moved later 66.7% of the time.",
    ]
    themes = pd.DataFrame({"theme_code": ["W", "T"], "theme_end": [T("2020-08-09"), T("2020-12-31")],
                           "chance_on_time": [0.35, None],
                           "chance_basis": ["its 1 open item judged from 20 past forecasts in this theme",
                                            "too few past forecasts to judge (3, 20 needed)"]})
    assert words.theme_chance_sentences(themes) == [
        "Theme W: 35% chance that all is done by 9 Aug 2020, its 1 open item judged from 20 past forecasts in "
        "this theme.",
        "Theme T: not judged, too few past forecasts to judge (3, 20 needed).",
    ]


def test_slip_chart_gains_the_evidence_and_its_band():
    trend = pd.DataFrame({"on_date": [T("2020-03-02"), T("2020-04-01")], "original_end": [T("2020-12-31")] * 2,
                          "baseline_end": [T("2020-12-31")] * 2, "expected_finish": [T("2020-12-31")] * 2,
                          "slippage_days": [0, 0]})
    evidence = pd.DataFrame({"on_date": [T("2020-03-02"), T("2020-04-01")],
                             "evidence_finish": [T("2020-07-30")] * 2, "evidence_low": [pd.NaT, T("2020-06-23")],
                             "evidence_high": [pd.NaT, T("2020-12-22")]})
    fig = build_slip_chart_with_evidence(trend, evidence, title="T.1").to_dict()
    by_name = {t["name"]: t for t in fig["data"]}
    assert list(by_name["Evidence forecast"]["y"]) == ["2020-07-30", "2020-07-30"]
    band = by_name["Evidence: 80% range"]  # the lower edge, filled up to the upper one drawn before it
    assert (list(band["x"]), list(band["y"]), band["fill"]) == (["2020-04-01"], ["2020-06-23"], "tonexty")
    assert by_name["Evidence forecast"]["hovertext"][1] == ("1 Apr 2020: the evidence says 30 Jul 2020<br>"
                                                            "80% range 23 Jun 2020 to 22 Dec 2020")


def test_slip_chart_draws_an_on_time_finish_green_and_a_late_one_red():
    trend = pd.DataFrame({"on_date": [T("2020-03-02"), T("2020-04-01"), T("2020-05-01")],
                          "original_end": [T("2020-12-31")] * 3, "baseline_end": [T("2020-12-31")] * 3,
                          "expected_finish": [T("2020-12-01"), T("2020-12-31"), T("2021-01-30")],
                          "slippage_days": [-30, 0, 30]})
    finish = next(t for t in build_slip_chart(trend, title="T.1").to_dict()["data"] if t["name"] == "Expected finish")
    assert list(finish["marker"]["color"]) == [RAG_COLOURS["green"], RAG_COLOURS["green"], RAG_COLOURS["red"]]
    assert list(finish["marker"]["symbol"]) == ["circle", "circle", "triangle-up"]
    assert list(finish["customdata"]) == ["30 days early", "on time", "30 days late"]


def test_gantt_whisker_runs_from_the_bar_end_to_the_bound_on_the_evidence_side():
    timeline = pd.DataFrame({
        "item_kind": ["action", "action"], "item_ref": ["6a.8", "1.1"], "item_label": ["6a.8 · Monitor <b>", "1.1 · x"],
        "ref": ["6a.8", "1.1"], "seq": pd.array([None, None], "Int64"), "theme_code": ["6a", "1"],
        "theme_title": ["Arrears", "Framework"], "theme_position": [6, 1], "position": [2, 1], "title": ["Monitor", "x"],
        "owners": ["Sue Philp", "Ann"], "status": ["in_progress"] * 2, "percent_complete": [70.0, 95.0],
        "rag": ["red", "green"], "rag_reason": ["late", "on track"],
        "bar_start": [date(2017, 11, 1)] * 2, "baseline_bar_end": [date(2018, 12, 31)] * 2,
        "progress_bar_end": [date(2020, 9, 30), date(2019, 12, 31)],
        "baseline_start": [date(2017, 11, 1)] * 2, "baseline_end": [date(2018, 12, 31)] * 2,
        "original_end": [date(2018, 12, 31)] * 2, "forecast_end": [date(2020, 9, 30), date(2019, 12, 31)],
        "actual_end": [None, None], "slippage_days": [639, 0], "is_ongoing": [False] * 2,
        "is_rebaselined": [False] * 2, "is_demo": [True] * 2,
    })
    forecasts = forecast_rows().iloc[[0, 2]].assign(ref=["6a.8", "1.1"])
    fig = build_gantt_with_evidence(timeline, forecasts, as_of=date(2020, 5, 20), review_dates=[]).to_dict()
    by_name = {t.get("name"): t for t in fig["data"]}
    whisker = by_name["Evidence: to its 80% bound"]
    # 6a.8 only (1.1 has no evidence forecast): from its bar's end, 30 Sep 2020, to the later bound
    assert list(whisker["x"]) == ["2020-09-30", "2021-05-16", None]
    assert list(by_name["Evidence forecast"]["x"]) == ["2021-03-16"]
    assert "<b>6a.8</b>: the evidence says 16 Mar 2021" in by_name["Evidence forecast"]["hovertext"][0]
    assert "&lt;b&gt;" in whisker["y"][0]  # the row label: plan text escaped, as charts.gantt_rows does
