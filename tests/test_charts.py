"""The Overview's and Themes' charts: the traces they draw, theme names wrapped rather than cut, and
plan text shown literally."""

from __future__ import annotations

import pandas as pd

from components.charts import _theme_label, build_completion_by_theme, build_rag_by_theme
from components.settings import RAG_ORDER, RAG_WORDS


def themes() -> pd.DataFrame:
    frame = pd.DataFrame({"theme_code": ["1", "6a", None],
                          "theme_title": ["Update the strategic framework",
                                          "Implement operational improvements – arrears <b>prevention</b>", "All"],
                          "actions_complete": [6, 7, 13], "actions_total": [7, 9, 16],
                          "percent_actions_complete": [6 / 7 * 100, 7 / 9 * 100, 13 / 16 * 100]})
    for rag in RAG_ORDER:
        frame[f"actions_{rag}"] = 0
    frame.loc[:, "actions_red"] = [1, 1, 2]
    frame.loc[:, "actions_blue"] = [6, 7, 13]
    frame.loc[:, "actions_green"] = [0, 1, 1]
    return frame


def test_theme_names_wrap_over_two_lines_and_are_cut_only_beyond():
    assert _theme_label("1", "Update the strategic framework") == "1 · Update the strategic<br>framework"
    assert _theme_label("4", "Manage demand to ensure that resources are targeted efficiently") == (
        "4 · Manage demand to ensure that<br>resources are targeted efficien…")
    assert _theme_label("9", "<b>x</b>") == "9 · &lt;b&gt;x&lt;/b&gt;"  # literal, never markup
    assert _theme_label("2", "Promote a strong service identity", 40, lines=1) == "2 · Promote a strong service identity"


def test_rag_by_theme_draws_one_trace_per_rating_with_the_counts_of_each_named_theme():
    fig = build_rag_by_theme(themes())
    assert [t.name for t in fig.data] == [RAG_WORDS[r] for r in RAG_ORDER]
    red = next(t for t in fig.data if t.name == RAG_WORDS["red"])
    assert list(red.x) == [1, 1]  # the all-themes row is not a bar
    assert list(red.y)[1] == "6a · Implement operational<br>improvements – arrears &lt;b&gt;preve…"
    assert fig.layout.legend.x > 1  # the key beside the bars: never on the axis title
    assert fig.layout.height == 262  # 150 + 56 a theme


def test_completion_by_theme_labels_each_bar_n_of_m():
    fig = build_completion_by_theme(themes())
    assert list(fig.data[0].text) == ["6 of 7 (86%)", "7 of 9 (78%)"]


def test_a_slip_chart_over_a_few_weeks_ticks_each_month_once():
    from components.charts import build_slip_chart

    stamp = pd.Timestamp
    trend = pd.DataFrame({"on_date": [stamp("2017-06-01"), stamp("2017-07-01")],
                          "original_end": [stamp("2017-07-31")] * 2, "baseline_end": [stamp("2017-07-31")] * 2,
                          "expected_finish": [stamp("2017-07-31"), stamp("2017-08-15")], "slippage_days": [0, 15]})
    axis = build_slip_chart(trend, title="1.1").layout.yaxis
    assert (axis.dtick, tuple(axis.range)) == ("M1", ("2017-06-16", "2017-09-29"))
    long = trend.assign(expected_finish=[stamp("2017-07-31"), stamp("2019-01-31")])
    assert build_slip_chart(long, title="1.1").layout.yaxis.dtick is None  # a long span keeps Plotly's ticks
