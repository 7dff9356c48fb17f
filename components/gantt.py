"""The Gantt (Timeline page), pure: DataFrame in, Plotly figure out. Bars get most of the width: the
row labels are short (the item's ref and the start of its title; the rest on hover), the date axis spans
the plan's dates and the as-of date only, review lines stop at the as-of date, and each bar says its
lateness in words ("152 days late", "20 days early", "on time")."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.charts import BASELINE_COLOUR, THEME_PALETTE, _layout, _ms, _theme_label, safe
from components.settings import RAG_COLOURS, RAG_ORDER, RAG_TEXT_COLOURS, RAG_WORDS
from components.text import day, lateness

LABEL_CHARS = 30  # a row label's length: ~190 px at 13 px, so the bars keep most of a 1366 screen's width


def bar_text(rag: str, slippage_days) -> str:
    """What a bar says beside it: its RAG word and its lateness in words, e.g. "Red · 152 days late"."""
    late = lateness(slippage_days)
    return f"{RAG_WORDS[rag]} · {late}" if late else RAG_WORDS[rag]


def gantt_rows(timeline: pd.DataFrame, *, expanded_refs: set[str] | None, max_rows: int) -> pd.DataFrame:
    """The rows to draw, top to bottom: a header per theme, its actions, and milestones of expanded ones."""
    expanded_refs = expanded_refs or set()
    keep = (timeline["item_kind"] == "action") | timeline["ref"].isin(expanded_refs)
    rows = timeline[keep].head(max_rows).copy()
    # item_label ("2.1 · Refresh…", "2.1/3 · Update website") comes from SQL; a milestone row is indented
    rows["label"] = [safe(label, LABEL_CHARS) if k == "action" else f"  ◇ {safe(label, LABEL_CHARS - 2)}"
                     for label, k in zip(rows["item_label"], rows["item_kind"])]
    return rows


def _item_keys(rows: pd.DataFrame) -> list[list]:
    """customdata of a bar: [ref, seq or None], the item's key, so a click opens it without reading labels."""
    return [[r, None if pd.isna(q) else int(q)] for r, q in zip(rows["ref"], rows["seq"])]


def category_order(rows: pd.DataFrame) -> list[str]:
    """Row labels top to bottom, with a bold header row before each theme's first item."""
    order: list[str] = []
    for (code, title), group in rows.groupby(["theme_code", "theme_title"], sort=False):
        order.append(f"<b>Theme {safe(code)} · {safe(title, LABEL_CHARS - 4)}</b>")
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
    hover = [
        f"<b>{safe(r)}</b> {safe(t, 90)}<br>"
        f"Owners: {safe(o) or '—'}<br>"
        f"Baseline: {day(bs)} – {day(be)}{' (original end ' + day(oe) + ')' if day(oe) != day(be) else ''}<br>"
        f"{'Finished' if st_ == 'complete' else 'Expected'}: {day(pe)}<br>"
        f"Slippage: {lateness(sl) or '—'}<br>{RAG_WORDS[rag]}: {safe(why)}"
        for r, t, o, bs, be, oe, pe, sl, rag, why, st_ in zip(
            rows["item_ref"], rows["title"], rows["owners"], rows["baseline_start"], rows["baseline_end"],
            rows["original_end"], rows["progress_bar_end"], rows["slippage_days"], rows["rag"], rows["rag_reason"],
            rows["status"])
    ]
    rows = rows.assign(_hover=hover, _text=[bar_text(r, s) for r, s in zip(rows["rag"], rows["slippage_days"])], _dur=((prog_end - start) / one_day + 1).tolist())
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
    span = _date_span(rows, as_of)
    fig.update_layout(barmode="overlay", bargap=0.2)
    # every row, the theme headers too, carries an invisible point: Plotly drops a category with no data
    # at either end of the axis (the first theme's header went missing when filtered)
    fig.add_scatter(x=[f"{as_of:%Y-%m-%d}"] * len(order), y=order, mode="markers", marker=dict(opacity=0),
                    hoverinfo="skip", showlegend=False, name="rows")
    fig.update_yaxes(autorange=False, type="category", categoryorder="array", categoryarray=order,
                     range=[len(order) - 0.5, -0.5], tickfont=dict(size=13))
    fig.update_xaxes(type="date", gridcolor="#eeeeee", showgrid=True, tickformat="%b %Y", side="top", range=span)
    _layout(fig, height=190 + 26 * len(order))
    # legend at the very top, then the as-of flag, then the date axis: none covers a row
    fig.update_layout(legend=dict(orientation="h", yref="container", y=0.998, yanchor="top", x=0),
                      margin=dict(t=120, r=10, l=5))
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


def _date_span(rows: pd.DataFrame, as_of: date) -> list[str]:
    """The x range: the plan's own dates and the as-of date (never a stray future review), with room
    after the last bar for its words ("Red · 152 days late") so they are never clipped."""
    ends = [pd.to_datetime(rows[c]).max() for c in ("baseline_bar_end", "progress_bar_end")]
    first = pd.to_datetime(rows["bar_start"]).min()
    last = max([e for e in ends if pd.notna(e)] + [pd.Timestamp(as_of)])
    first = first if pd.notna(first) else pd.Timestamp(as_of) - pd.Timedelta(days=365)
    pad = (last - first) * 0.25
    return [f"{first - pd.Timedelta(days=20):%Y-%m-%d}", f"{last + pad:%Y-%m-%d}"]


def _add_date_markers(fig: go.Figure, as_of: date, review_dates: list[date]) -> None:
    """Review meetings up to the as-of date as faint lines behind the bars; the as-of line in black with
    its flag above the plot (where it covers no bar or label)."""
    for review in (r for r in review_dates if r <= as_of):
        fig.add_shape(type="line", x0=f"{review:%Y-%m-%d}", x1=f"{review:%Y-%m-%d}", y0=0, y1=1, yref="paper",
                      line=dict(color="#e3e3e3", width=1), layer="below")
    stamp = f"{as_of:%Y-%m-%d}"
    fig.add_shape(type="line", x0=stamp, x1=stamp, y0=0, y1=1, yref="paper", line=dict(color="#0b0c0c", width=2))
    fig.add_annotation(x=stamp, y=1, yref="paper", yanchor="bottom", yshift=24, xanchor="center",
                       text=f"<b>As of {as_of:%-d %b %Y}</b>", showarrow=False, bgcolor="#ffdd00",
                       font=dict(size=13, color="#0b0c0c"))


def build_theme_summary_gantt(summary: pd.DataFrame, *, as_of: date, review_dates: list[date]) -> go.Figure:
    """For plans too large to draw action by action: one bar per theme (rows of timeline_themes.sql) from
    its first start to its last expected finish, labelled with its RAG counts."""
    labels = [_theme_label(c, t, 40, lines=1) for c, t in zip(summary["theme_code"], summary["theme_title"])]
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


