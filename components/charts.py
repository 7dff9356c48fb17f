"""Pure figure builders: DataFrame in, Plotly figure out. No Streamlit, no queries.

Every RAG colour comes with its word (legend, bar text or hover), so nothing is told by colour alone.
Text from the plan is escaped before it reaches Plotly, whose labels understand a little HTML.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.settings import RAG_COLOURS, RAG_ORDER, RAG_TEXT_COLOURS, RAG_WORDS
from components.text import day

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


def _theme_label(code: str, title: str, limit: int = 24) -> str:
    return f"{safe(code)} · {safe(title, limit)}"


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
    return _layout(fig, height=150 + 42 * len(rows), title="RAG by theme (actions)")


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
    return _layout(fig, height=90 + 42 * len(rows), title="Completion by theme", legend=False)


def build_slippage_by_theme(actions: pd.DataFrame) -> go.Figure:
    """One dot per action: its slippage in days, by theme; the box shows the spread."""
    data = actions[actions["slippage_days"].notna()]
    fig = go.Figure()
    for code, group in data.groupby("theme_code", sort=False):
        fig.add_box(
            x=group["slippage_days"], y=[safe(code)] * len(group), name=safe(code), orientation="h",
            boxpoints="all", jitter=0.4, pointpos=0, marker=dict(size=9, color="#0b0c0c", opacity=0.7),
            line=dict(color="#505a5f"), fillcolor="rgba(29,112,184,0.12)",
            customdata=group[["item_ref", "rag"]].assign(rag=group["rag"].map(RAG_WORDS)).to_numpy(),
            hovertemplate="%{customdata[0]} · %{customdata[1]}<br>%{x} days<extra></extra>",
        )
    fig.add_vline(x=0, line=dict(color="#505a5f", width=1))
    fig.update_yaxes(autorange="reversed", title="Theme", type="category")
    fig.update_xaxes(title="Slippage (days after baseline end; negative = early)", gridcolor="#eeeeee", zeroline=False)
    return _layout(fig, height=110 + 48 * max(1, data["theme_code"].nunique()), title="Slippage by theme",
                   legend=False)


def _ms(days) -> list[float]:
    return [d * 86_400_000 for d in days]


def gantt_rows(timeline: pd.DataFrame, *, expanded_refs: set[str] | None, max_rows: int) -> pd.DataFrame:
    """The rows to draw, top to bottom: a header per theme, its actions, and milestones of expanded ones."""
    expanded_refs = expanded_refs or set()
    keep = (timeline["item_kind"] == "action") | timeline["ref"].isin(expanded_refs)
    rows = timeline[keep].head(max_rows).copy()
    # item_label ("2.1 · Refresh…", "2.1/3 · Update website") comes from SQL; a milestone row is indented
    rows["label"] = [safe(label, 54) if k == "action" else f"    ◇ {safe(label, 50)}"
                     for label, k in zip(rows["item_label"], rows["item_kind"])]
    return rows


def _item_keys(rows: pd.DataFrame) -> list[list]:
    """customdata of a bar: [ref, seq or None], the item's key, so a click opens it without reading labels."""
    return [[r, None if pd.isna(q) else int(q)] for r, q in zip(rows["ref"], rows["seq"])]


def category_order(rows: pd.DataFrame) -> list[str]:
    """Row labels top to bottom, with a bold header row before each theme's first item."""
    order: list[str] = []
    for (code, title), group in rows.groupby(["theme_code", "theme_title"], sort=False):
        order.append(f"<b>Theme {safe(code)} · {safe(title, 52)}</b>")
        order.extend(group["label"])
    return order


def build_gantt(
    timeline: pd.DataFrame,
    *,
    as_of: date,
    review_dates: list[date],
    colour_by: str = "rag",
    expanded_refs: set[str] | None = None,
    max_rows: int = 150,
) -> go.Figure:
    """Gantt grouped by theme: a grey ghost bar for the baseline, a solid bar for the forecast or actual
    window coloured by RAG (or theme or first owner), milestone diamonds, the as-of line and review dates."""
    rows = gantt_rows(timeline, expanded_refs=expanded_refs, max_rows=max_rows)
    labels = list(rows["label"])
    start = pd.to_datetime(rows["bar_start"])
    base_end = pd.to_datetime(rows["baseline_bar_end"])
    prog_end = pd.to_datetime(rows["progress_bar_end"])
    one_day = pd.Timedelta(days=1)
    fig = go.Figure()
    fig.add_bar(
        y=labels, base=start.dt.strftime("%Y-%m-%d"), x=_ms(((base_end - start) / one_day + 1).tolist()),
        orientation="h", width=0.8, marker=dict(color=BASELINE_COLOUR, line=dict(color="#8a8a8a", width=1)),
        name="Baseline", hoverinfo="skip", customdata=_item_keys(rows),
    )
    slip_text = [
        "" if pd.isna(s) or s == 0 else (f"+{int(s)}d" if s > 0 else f"{int(s)}d") for s in rows["slippage_days"]
    ]
    hover = [
        f"<b>{safe(r)}</b> {safe(t, 70)}<br>"
        f"Owners: {safe(o) or '—'}<br>"
        f"Baseline: {day(bs)} – {day(be)}{' (original end ' + day(oe) + ')' if day(oe) != day(be) else ''}<br>"
        f"{'Finished' if st_ == 'complete' else 'Expected'}: {day(pe)}<br>"
        f"Slippage: {'—' if pd.isna(sl) else f'{int(sl)} days'}<br>{RAG_WORDS[rag]}: {safe(why)}"
        for r, t, o, bs, be, oe, pe, sl, rag, why, st_ in zip(
            rows["item_ref"], rows["title"], rows["owners"], rows["baseline_start"], rows["baseline_end"],
            rows["original_end"], rows["progress_bar_end"], rows["slippage_days"], rows["rag"], rows["rag_reason"],
            rows["status"])
    ]
    rows = rows.assign(_hover=hover, _text=[
        f"{RAG_WORDS[r]} {s}".strip() for r, s in zip(rows["rag"], slip_text)
    ], _dur=((prog_end - start) / one_day + 1).tolist())
    groups, colours = _colour_groups(rows, colour_by)
    for name, group in groups:
        fig.add_bar(
            y=group["label"], base=pd.to_datetime(group["bar_start"]).dt.strftime("%Y-%m-%d"), x=_ms(group["_dur"]),
            orientation="h", width=0.45, name=name, marker=dict(color=colours[name], line=dict(width=0)),
            text=group["_text"], textposition="outside", cliponaxis=False, textfont=dict(size=12),
            hovertext=group["_hover"], hovertemplate="%{hovertext}<extra></extra>", customdata=_item_keys(group),
        )
    _add_milestone_diamonds(fig, timeline, rows, expanded_refs or set())
    _add_date_markers(fig, as_of, review_dates)
    order = category_order(rows)
    fig.update_layout(barmode="overlay", bargap=0.2)
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=order,
                     range=[len(order) - 0.5, -0.5], tickfont=dict(size=13))
    fig.update_xaxes(type="date", gridcolor="#eeeeee", showgrid=True, tickformat="%b %Y", side="top")
    _layout(fig, height=170 + 26 * len(order))
    # legend at the very top, above the date axis
    fig.update_layout(legend=dict(orientation="h", yref="container", y=0.995, yanchor="top", x=0),
                      margin=dict(t=90))
    return fig


def _colour_groups(rows: pd.DataFrame, colour_by: str):
    if colour_by == "theme":
        keys = [safe(c) for c in rows["theme_code"]]
        names = {k: f"Theme {k}" for k in keys}
        palette = {names[k]: THEME_PALETTE[i % len(THEME_PALETTE)] for i, k in enumerate(dict.fromkeys(keys))}
        return [(names[k], g) for k, g in rows.assign(_k=keys).groupby("_k", sort=False)], palette
    if colour_by == "officer":
        keys = [safe(str(o).split(", ")[0]) if isinstance(o, str) and o else "No owner" for o in rows["owners"]]
        palette = {k: THEME_PALETTE[i % len(THEME_PALETTE)] for i, k in enumerate(dict.fromkeys(keys))}
        return list(rows.assign(_k=keys).groupby("_k", sort=False)), palette
    order = [r for r in RAG_ORDER if r in set(rows["rag"])]
    palette = {RAG_WORDS[r]: RAG_COLOURS[r] for r in order}
    return [(RAG_WORDS[r], rows[rows["rag"] == r]) for r in order], palette


def _add_milestone_diamonds(fig: go.Figure, timeline: pd.DataFrame, rows: pd.DataFrame, expanded: set[str]) -> None:
    """Diamonds on each collapsed action's row at its milestones' due dates, coloured by their RAG."""
    action_labels = dict(zip(rows.loc[rows["item_kind"] == "action", "ref"], rows.loc[rows["item_kind"] == "action", "label"]))
    ms = timeline[(timeline["item_kind"] == "milestone") & timeline["ref"].isin(action_labels) & ~timeline["ref"].isin(expanded)]
    if ms.empty:
        return
    when = pd.to_datetime(ms["actual_end"]).fillna(pd.to_datetime(ms["baseline_end"]))
    ms = ms.assign(_when=when)[when.notna()]
    fig.add_scatter(
        x=ms["_when"].dt.strftime("%Y-%m-%d"), y=[action_labels[r] for r in ms["ref"]], mode="markers",
        marker=dict(symbol="diamond", size=11, color=[RAG_COLOURS[r] for r in ms["rag"]],
                    line=dict(color="#0b0c0c", width=1)),
        name="Milestone",
        hovertext=[f"◇ {safe(label, 70)}<br>{RAG_WORDS[g]}: {safe(w)}"
                   for label, g, w in zip(ms["item_label"], ms["rag"], ms["rag_reason"])],
        hovertemplate="%{hovertext}<extra></extra>", customdata=_item_keys(ms),
    )


def _add_date_markers(fig: go.Figure, as_of: date, review_dates: list[date]) -> None:
    for review in review_dates:
        fig.add_shape(type="line", x0=f"{review:%Y-%m-%d}", x1=f"{review:%Y-%m-%d}", y0=0, y1=1, yref="paper",
                      line=dict(color="#b1b4b6", width=1, dash="dot"), layer="below")
    stamp = f"{as_of:%Y-%m-%d}"
    fig.add_shape(type="line", x0=stamp, x1=stamp, y0=0, y1=1, yref="paper", line=dict(color="#0b0c0c", width=2))
    fig.add_annotation(x=stamp, y=1, yref="paper", yanchor="top", xanchor="right", text=f"<b>As of {as_of:%-d %b %Y}</b>",
                       showarrow=False, bgcolor="#ffdd00", font=dict(size=13, color="#0b0c0c"))


def build_theme_summary_gantt(timeline: pd.DataFrame, *, as_of: date, review_dates: list[date]) -> go.Figure:
    """For plans too large to draw action by action: one bar per theme from its first start to its last
    expected finish, labelled with its RAG counts."""
    actions = timeline[timeline["item_kind"] == "action"]
    summary = actions.groupby(["theme_position", "theme_code", "theme_title"], sort=True).agg(
        start=("bar_start", "min"), end=("progress_bar_end", "max"), n=("ref", "size"),
        **{f"n_{r}": ("rag", lambda s, r=r: int((s == r).sum())) for r in RAG_ORDER},
    ).reset_index()
    labels = [_theme_label(c, t, 40) for c, t in zip(summary["theme_code"], summary["theme_title"])]
    counts = [", ".join(f"{int(row[f'n_{r}'])} {RAG_WORDS[r].lower()}" for r in RAG_ORDER if row[f"n_{r}"])
              for _, row in summary.iterrows()]
    start = pd.to_datetime(summary["start"])
    dur = ((pd.to_datetime(summary["end"]) - start) / pd.Timedelta(days=1) + 1).tolist()
    worst = [next((r for r in RAG_ORDER if row[f"n_{r}"]), "grey") for _, row in summary.iterrows()]
    fig = go.Figure(go.Bar(
        y=labels, base=start.dt.strftime("%Y-%m-%d"), x=_ms(dur), orientation="h", width=0.6,
        marker_color=[RAG_COLOURS[w] for w in worst], text=[f"{int(n)} actions: {c}" for n, c in zip(summary["n"], counts)],
        textposition="inside", insidetextanchor="start", textfont=dict(color=[RAG_TEXT_COLOURS[w] for w in worst]),
        name="Theme (coloured by its worst RAG)", hovertemplate="%{y}<br>%{text}<extra></extra>",
    ))
    _add_date_markers(fig, as_of, review_dates)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="date", gridcolor="#eeeeee", tickformat="%b %Y", side="top")
    return _layout(fig, height=160 + 50 * len(labels))


def build_load_heatmap(load: pd.DataFrame, *, measure: str, threshold: float) -> go.Figure:
    """Officers by month; the number in each cell; overloaded cells outlined and marked '!'."""
    officers = list(dict.fromkeys(load["officer_name"]))
    months = sorted(load["month_start"].unique())
    grid = load.pivot_table(index="officer_name", columns="month_start", values=measure, aggfunc="sum").reindex(
        index=officers, columns=months).fillna(0)
    over = load.pivot_table(index="officer_name", columns="month_start", values="is_overloaded", aggfunc="max").reindex(
        index=officers, columns=months).fillna(False).astype(bool)
    month_labels = [f"{pd.Timestamp(m):%b %Y}" for m in months]
    names = [safe(o) for o in officers]
    text = [[(f"{v:.1f}".rstrip("0").rstrip(".") + ("!" if o else "")) if v else "" for v, o in zip(vals, flags)]
            for vals, flags in zip(grid.to_numpy(), over.to_numpy())]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=month_labels, y=names, text=text, texttemplate="%{text}", textfont=dict(size=12),
        colorscale=[[0, "#ffffff"], [0.001, "#e8f1f8"], [1, "#1d4f91"]], zmin=0,
        colorbar=dict(title=dict(text="Load", side="right"), thickness=12),
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
    fig.update_xaxes(type="category", side="top", tickangle=-45 if len(months) > 12 else 0)
    return _layout(fig, height=140 + 30 * len(officers), legend=bool(flagged))


def build_slip_chart(trend: pd.DataFrame, *, title: str) -> go.Figure:
    """The expected finish at each review against the current and the original baseline end."""
    x = pd.to_datetime(trend["on_date"]).dt.strftime("%Y-%m-%d")
    fig = go.Figure()
    fig.add_scatter(x=x, y=pd.to_datetime(trend["original_end"]).dt.strftime("%Y-%m-%d"), mode="lines",
                    name="Original baseline end", line=dict(color="#505a5f", dash="dash", width=2))
    fig.add_scatter(x=x, y=pd.to_datetime(trend["baseline_end"]).dt.strftime("%Y-%m-%d"), mode="lines",
                    name="Current baseline end", line=dict(color="#0b0c0c", shape="hv", width=2))
    fig.add_scatter(
        x=x, y=pd.to_datetime(trend["expected_finish"]).dt.strftime("%Y-%m-%d"), mode="lines+markers",
        name="Expected finish", line=dict(color=RAG_COLOURS["red"], width=3), marker=dict(size=8, symbol="circle"),
        customdata=trend["slippage_days"], hovertemplate="%{x}: expected %{y}<br>slippage %{customdata} days<extra></extra>",
    )
    fig.update_xaxes(type="date", title="Review", gridcolor="#eeeeee", tickformat="%b %Y")
    fig.update_yaxes(type="date", title="Finish date", gridcolor="#eeeeee", tickformat="%b %Y")
    return _layout(fig, height=380, title=title)
