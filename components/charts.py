"""Pure figure builders: DataFrame in, Plotly figure out. No Streamlit, no queries.

Every RAG colour comes with its word (legend, bar text or hover), so nothing is told by colour alone.
Text from the plan is escaped before it reaches Plotly, whose labels understand a little HTML.
"""

from __future__ import annotations

import html
import textwrap
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.settings import RAG_COLOURS, RAG_ORDER, RAG_TEXT_COLOURS, RAG_WORDS
from components.text import lateness

FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#0b0c0c")
BASELINE_COLOUR = "#dcdcdc"
THEME_PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#912b88", "#85994b",
                 "#28a197", "#6f72af", "#b58840", "#505a5f"]


def safe(text: object, limit: int | None = None) -> str:
    """Plan text as Plotly shows it literally (its labels understand <b>, <a>, ...)."""
    s = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    if limit and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return html.escape(s, quote=False)


def _layout(fig: go.Figure, *, height: int, title: str | None = None, legend: bool = True) -> go.Figure:
    fig.update_xaxes(tickfont=dict(color=FONT["color"]), title_font=dict(color=FONT["color"]))
    fig.update_yaxes(tickfont=dict(color=FONT["color"]), title_font=dict(color=FONT["color"]))
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin=dict(l=10, r=30, t=50 if title else 20, b=30),
        font=FONT,
        title=dict(text=title, font=dict(size=18)) if title else None,
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0, title=None, traceorder="normal"),
        uniformtext=dict(minsize=12, mode="show"),
        hoverlabel=dict(font_size=14),
    )
    return fig


def _theme_label(code: str, title: str, limit: int = 32, lines: int = 2) -> str:
    """'6a · Implement operational<br>improvements…': the theme's name over up to `lines` lines of about
    `limit` characters (an axis label wraps only where told); the full name is in the hover."""
    wrapped = textwrap.wrap(f"{code} · {'' if title is None else title}", width=limit) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines - 1] + [safe(" ".join(wrapped[lines - 1:]), limit)]
        return "<br>".join([safe(w) for w in wrapped[:-1]] + [wrapped[-1]])
    return "<br>".join(safe(w) for w in wrapped)


def build_rag_by_theme(themes: pd.DataFrame) -> go.Figure:
    """Stacked bars: how many actions of each theme are red, amber, green, complete, not due."""
    rows = themes[themes["theme_code"].notna()]
    labels = [_theme_label(c, t) for c, t in zip(rows["theme_code"], rows["theme_title"])]
    fig = go.Figure()
    for rag in RAG_ORDER:
        counts = rows[f"actions_{rag}"].astype(int)
        fig.add_bar(
            y=labels, x=counts, orientation="h", name=RAG_WORDS[rag], marker_color=RAG_COLOURS[rag],
            text=[str(n) if n else "" for n in counts], textposition="inside", insidetextanchor="middle",
            textfont=dict(color=RAG_TEXT_COLOURS[rag], size=14),
            customdata=[safe(t) for t in rows["theme_title"]],
            hovertemplate="%{customdata}<br>" + RAG_WORDS[rag] + ": %{x} action(s)<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Actions", gridcolor="#eeeeee", nticks=6)
    fig = _layout(fig, height=max(150 + 56 * len(rows), 250), title="RAG by theme (actions)")
    # the key beside the bars, top right: below them it sits on the axis title when a theme or two is shown
    return fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02))


def build_completion_by_theme(themes: pd.DataFrame) -> go.Figure:
    """Horizontal bars: share of each theme's actions complete, labelled 'n of m (p%)'."""
    rows = themes[themes["theme_code"].notna()]
    labels = [_theme_label(c, t) for c, t in zip(rows["theme_code"], rows["theme_title"])]
    share = rows["percent_actions_complete"].fillna(0)
    text = [f"{int(d)} of {int(t)} ({p:.0f}%)" for d, t, p in zip(rows["actions_complete"], rows["actions_total"], share)]
    fig = go.Figure(go.Bar(
        y=labels, x=share, orientation="h", marker_color=RAG_COLOURS["blue"], text=text, textposition="outside",
        textfont=dict(color="#0b0c0c", size=13), cliponaxis=False, customdata=[safe(t) for t in rows["theme_title"]],
        hovertemplate="%{customdata}<br>%{text} complete<extra></extra>", name="Complete",
    ))
    fig.update_yaxes(autorange="reversed")
    # room to the right of a full bar for its "7 of 7 (100%)" label
    fig.update_xaxes(range=[0, 175], title="% of actions complete", tickvals=[0, 50, 100], gridcolor="#eeeeee")
    return _layout(fig, height=110 + 56 * len(rows), title="Completion by theme", legend=False)


def build_slippage_by_theme(themes: pd.DataFrame) -> go.Figure:
    """Per named theme, the median and the worst slippage in days (theme_completion rows), worst theme
    first: which theme is behind, read in five seconds. Negative = early."""
    rows = themes[themes["theme_code"].notna()].copy()
    rows["_worst"] = rows["worst_slippage_days"].fillna(0)
    rows = rows.sort_values("_worst", ascending=False, kind="stable")
    labels = [_theme_label(c, t, 34) for c, t in zip(rows["theme_code"], rows["theme_title"])]
    fig = go.Figure()
    words = [f"worst {lateness(w) or '—'} · median {lateness(m) or '—'}"
             for w, m in zip(rows["worst_slippage_days"], rows["median_slippage_days"])]
    for column, name, colour in (("worst_slippage_days", "Worst item", RAG_COLOURS["red"]),
                                 ("median_slippage_days", "Median action", "#505a5f")):
        values = rows[column]
        text = words if column == "worst_slippage_days" else [lateness(v) or "—" for v in values]
        fig.add_bar(y=labels, x=values.fillna(0), orientation="h", name=name, marker_color=colour, text=text,
                    textposition="outside" if column == "worst_slippage_days" else "none", cliponaxis=False,
                    textfont=dict(size=13, color="#0b0c0c"), customdata=[safe(t) for t in rows["theme_title"]],
                    hovertemplate="%{customdata}<br>" + name + ": %{text}<extra></extra>")
    fig.add_vline(x=0, line=dict(color="#505a5f", width=1))
    top = max(1.0, float(rows["_worst"].max() or 0))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title="Days late (negative = early)", gridcolor="#eeeeee", zeroline=False,
                     range=[min(0.0, float(rows["median_slippage_days"].min() or 0)) - top * 0.05, top * 1.6])
    return _layout(fig, height=130 + 56 * max(1, len(rows)), title="Slippage by theme, worst first")


def _ms(days) -> list[float]:
    return [d * 86_400_000 for d in days]


def build_load_heatmap(load: pd.DataFrame, *, measure: str, threshold: float) -> go.Figure:
    """Officers by month; the number in each cell; overloaded cells outlined and marked '!'."""
    officers = list(dict.fromkeys(load["officer_name"]))
    months = sorted(load["month_start"].unique())
    grid = load.pivot_table(index="officer_name", columns="month_start", values=measure, aggfunc="sum").reindex(
        index=officers, columns=months).fillna(0)
    over = load.pivot_table(index="officer_name", columns="month_start", values="is_overloaded", aggfunc="max").reindex(
        index=officers, columns=months).fillna(False).astype(bool)
    month_labels = [f"{pd.Timestamp(m):%b %y}" for m in months]
    names = [safe(o) for o in officers]
    whole = not measure.endswith("weighted")  # counts are whole numbers; the weighted share keeps one decimal
    text = [[((f"{v:.0f}" if whole else f"{v:.1f}".rstrip("0").rstrip(".")) + ("!" if o else "")) if v else ""
             for v, o in zip(vals, flags)]
            for vals, flags in zip(grid.to_numpy(), over.to_numpy())]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=month_labels, y=names, text=text, texttemplate="%{text}", textfont=dict(size=12),
        colorscale=[[0, "#ffffff"], [0.001, "#e8f1f8"], [1, "#1d4f91"]], zmin=0,
        showscale=False,  # the number is in each cell
        hovertemplate="%{y} · %{x}<br>" + ("Weighted open actions" if measure.endswith("weighted") else
                                           "Open actions") + ": %{z}<extra></extra>",
        xgap=1, ygap=1,
    ))
    flagged = [(x, y) for i, y in enumerate(names) for j, x in enumerate(month_labels) if over.to_numpy()[i][j]]
    if flagged:
        fig.add_scatter(
            x=[x for x, _ in flagged], y=[y for _, y in flagged], mode="markers", name=f"Overloaded (over {threshold:g})",
            marker=dict(symbol="square-open", size=26, color="#d4351c", line=dict(width=3)), hoverinfo="skip",
        )
    fig.update_yaxes(autorange="reversed", type="category", tickfont=dict(size=13))
    fig.update_xaxes(type="category", side="top", tickangle=0, tickfont=dict(size=12),
                     tickvals=month_labels[::max(1, -(-len(month_labels) // 8))])  # at most 8 labels: none collide
    return _layout(fig, height=140 + 30 * len(officers), legend=bool(flagged))


def build_slip_chart(trend: pd.DataFrame, *, title: str) -> go.Figure:
    """The expected finish at each review against the current and the original baseline end."""
    x = pd.to_datetime(trend["on_date"]).dt.strftime("%Y-%m-%d")
    fig = go.Figure()
    fig.add_scatter(x=x, y=pd.to_datetime(trend["original_end"]).dt.strftime("%Y-%m-%d"), mode="lines",
                    name="Original baseline end", line=dict(color="#505a5f", dash="dash", width=2))
    fig.add_scatter(x=x, y=pd.to_datetime(trend["baseline_end"]).dt.strftime("%Y-%m-%d"), mode="lines",
                    name="Current baseline end", line=dict(color="#0b0c0c", shape="hv", width=2))
    # each review's point in its own colour and shape: late red ▲, on time or early green ●
    late = trend["slippage_days"].fillna(0) > 0
    fig.add_scatter(
        x=x, y=pd.to_datetime(trend["expected_finish"]).dt.strftime("%Y-%m-%d"), mode="lines+markers",
        name="Expected finish", line=dict(color="#1d70b8", width=3),
        marker=dict(size=9, symbol=["triangle-up" if v else "circle" for v in late],
                    color=[RAG_COLOURS["red"] if v else RAG_COLOURS["green"] for v in late]),
        customdata=[lateness(d) or "no end date" for d in trend["slippage_days"]],
        hovertemplate="Review %{x}: expected %{y}<br>%{customdata}<extra></extra>",
    )
    fig.update_xaxes(type="date", title="Review", gridcolor="#eeeeee", tickformat="%b %Y")
    fig.update_yaxes(type="date", title="Finish date", gridcolor="#eeeeee", tickformat="%b %Y")
    return fit_date_axis(_layout(fig, height=380, title=title))


def fit_date_axis(fig: go.Figure) -> go.Figure:
    """A date y-axis spanning under six months gets monthly ticks and a month's margin either side: left to
    itself it ticks every few days under a month-only label ("Jul 2017" five times)."""
    ys = pd.to_datetime(pd.Series([y for t in fig.data for y in (t.y if t.y is not None else ())]), errors="coerce")
    ys = ys.dropna()
    if ys.empty or (ys.max() - ys.min()).days >= 183:
        return fig
    low, high = ys.min() - pd.Timedelta(days=45), ys.max() + pd.Timedelta(days=45)
    return fig.update_yaxes(range=[f"{low:%Y-%m-%d}", f"{high:%Y-%m-%d}"], dtick="M1", tickformat="%b %Y")
