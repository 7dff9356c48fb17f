"""Forecast figures: the slip chart and the Gantt of components/charts.py with the evidence added. Pure
(DataFrame in, Plotly figure out); drawn through components.figures.render_chart like every chart.

Plan text in hovers is escaped with charts.safe; the evidence is never told by colour alone: its traces
are named in the legend and every hover says what it is."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components import charts, gantt
from components.charts import safe
from components.text import day

EVIDENCE_COLOUR = "#1d70b8"
BAND_COLOUR = "rgba(29, 112, 184, 0.16)"


def _stamp(values) -> list:
    return [None if pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}" for v in values]


def build_slip_chart_with_evidence(trend: pd.DataFrame, evidence: pd.DataFrame, *, title: str) -> go.Figure:
    """The slip chart (typed expected finish at each review against the baselines) with the evidence
    forecast as it stood at each review and its 80% range as a band (queries/forecast_history.sql)."""
    fig = charts.build_slip_chart(trend, title=title)
    if evidence.empty:
        return fig
    x = _stamp(evidence["on_date"])
    ranged = evidence[evidence["evidence_low"].notna()]
    if len(ranged):
        rx = _stamp(ranged["on_date"])
        fig.add_scatter(x=rx, y=_stamp(ranged["evidence_high"]), mode="lines", line=dict(width=0),
                        hoverinfo="skip", showlegend=False, name="Evidence 80% range (top)")
        fig.add_scatter(x=rx, y=_stamp(ranged["evidence_low"]), mode="lines", line=dict(width=0), fill="tonexty",
                        fillcolor=BAND_COLOUR, name="Evidence: 80% range", hoverinfo="skip")
    hover = [f"{day(d)}: the evidence says {day(f)}" + (f"<br>80% range {day(lo)} to {day(hi)}" if not pd.isna(lo) else "")
             for d, f, lo, hi in zip(evidence["on_date"], evidence["evidence_finish"], evidence["evidence_low"],
                                     evidence["evidence_high"])]
    fig.add_scatter(x=x, y=_stamp(evidence["evidence_finish"]), mode="lines+markers", name="Evidence forecast",
                    line=dict(color=EVIDENCE_COLOUR, width=3, dash="dot"), marker=dict(size=8, symbol="diamond"),
                    hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    return charts.fit_date_axis(fig)


def build_gantt_with_evidence(timeline: pd.DataFrame, forecasts: pd.DataFrame, *, as_of: date,
                              review_dates: list[date], colour_by: str = "rag", expanded_refs: set[str] | None = None,
                              max_rows: int = 150) -> go.Figure:
    """gantt.build_gantt, with a whisker on each bar the evidence has a forecast for: from the bar's end (the
    expected finish) to the evidence's 80% bound on its side (the later bound when the evidence says later),
    and a mark at the evidence forecast itself (rows of queries/item_forecast.sql)."""
    fig = gantt.build_gantt(timeline, as_of=as_of, review_dates=review_dates, colour_by=colour_by,
                             expanded_refs=expanded_refs, max_rows=max_rows)
    rows = gantt.gantt_rows(timeline, expanded_refs=expanded_refs, max_rows=max_rows)
    keyed = forecasts[forecasts["evidence_finish"].notna()][
        ["ref", "seq", "evidence_finish", "evidence_low", "evidence_high", "evidence_gap_words"]]
    rows = rows.merge(keyed, on=["ref", "seq"], how="inner")
    if rows.empty:
        return fig
    end = pd.to_datetime(rows["progress_bar_end"])
    point = pd.to_datetime(rows["evidence_finish"])
    bound = pd.to_datetime(rows["evidence_high"].where(point >= end, rows["evidence_low"])).fillna(point)
    xs, ys = [], []
    for label, a, b in zip(rows["label"], _stamp(end), _stamp(bound)):
        xs += [a, b, None]
        ys += [label, label, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=EVIDENCE_COLOUR, width=2), hoverinfo="skip",
                    name="Evidence: to its 80% bound", connectgaps=False)
    hover = [f"<b>{safe(r)}</b>: the evidence says {day(f)}"
             + (f", {safe(w)}" if isinstance(w, str) else "")
             + (f"<br>80% range {day(lo)} to {day(hi)}" if not pd.isna(lo) else "<br>no 80% range yet")
             for r, f, w, lo, hi in zip(rows["item_ref"], rows["evidence_finish"], rows["evidence_gap_words"],
                                        rows["evidence_low"], rows["evidence_high"])]
    fig.add_scatter(x=_stamp(point), y=list(rows["label"]), mode="markers", name="Evidence forecast",
                    marker=dict(symbol="line-ns-open", size=14, color=EVIDENCE_COLOUR, line=dict(width=3)),
                    hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                    customdata=[[r, None if pd.isna(q) else int(q)] for r, q in zip(rows["ref"], rows["seq"])])
    return fig
