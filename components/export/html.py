"""The review pack as one self-contained HTML file: opens offline (plotly.js inlined once, no remote
fonts, scripts or images) and prints cleanly on A4 landscape.

The page skeleton is pack.html and its style sheet pack.css, filled with string.Template. Plan and user
text is never trusted: every text value is escaped here before it is substituted, and the only values
put in unescaped are the fragments built below (tables, figures, lists), which escape each text as they
insert it, and the style sheet. pack.html ends with a script that resizes the charts before and after
printing, so they print at the page's width: Plotly sizes a figure to its container on screen.
"""

from __future__ import annotations

import html
from importlib.resources import files
from string import Template

import plotly.io as pio

from components.export.tables import (
    CREATOR, ILLUSTRATIVE_NOTE, ReviewPack, Table, actions_table, all_themes_row, changes_table, exceptions_table,
    forecasts_table, headline_numbers, notes_table, theme_forecasts_table, themes_table,
)
from components.export.values import RAG_BY_WORD, as_date, long_date
from components.settings import RAG_COLOURS, RAG_ORDER, RAG_TEXT_COLOURS, RAG_WORDS, RED_AFTER_DAYS

_FIGURE_CONFIG = {"displaylogo": False, "responsive": True}

# Loaded once. The RAG colours come from settings, like the charts' and the workbook's.
_TEMPLATES = files(__package__)
_RAG_RULES = "\n".join(
    f"  .rag-{r} {{ background: {RAG_COLOURS[r]}; color: {RAG_TEXT_COLOURS[r]}; }}" for r in RAG_ORDER
)
_CSS = Template(_TEMPLATES.joinpath("pack.css").read_text(encoding="utf-8")).substitute(rag_rules=_RAG_RULES)
_PAGE = Template(_TEMPLATES.joinpath("pack.html").read_text(encoding="utf-8"))


def _e(value) -> str:
    return html.escape(value, quote=True)


def _cell_html(value, kind: str) -> str:
    """One <td>: text escaped, numbers right-aligned, dates in words, RAG as its word on its colour."""
    if value is None:
        return '<td class="empty-cell">—</td>' if kind != "long" else "<td></td>"
    if kind == "rag":
        rag = RAG_BY_WORD.get(value.split(" (")[0])
        css = f"rag rag-{rag}" if rag else "rag"
        return f'<td class="{css}">{_e(value)}</td>'
    if kind in ("date", "month"):
        text = f"{value:%b %Y}" if kind == "month" else f"{value.day} {value:%b %Y}"
        return f'<td class="date">{text}</td>'
    if kind in ("int", "number", "percent"):
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f'<td class="num">{text}{"%" if kind == "percent" else ""}</td>'
    css = ' class="long"' if kind == "long" else ""
    return f"<td{css}>{_e(str(value))}</td>"


def _table_html(table: Table, *, caption: str, keep: list[str] | None = None, total_last: bool = False,
                empty: str = "None.") -> str:
    if table.frame.empty:
        return f'<p class="empty">{_e(empty)}</p>'
    headers = [h for h in table.headers if keep is None or h in keep]
    kinds = [k for h, k in zip(table.headers, table.kinds) if h in headers]
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    rows = []
    columns = [table.frame[h].tolist() for h in headers]
    n = len(table.frame)
    for i, values in enumerate(zip(*columns)):
        css = ' class="total"' if total_last and i == n - 1 else ""
        rows.append(f"<tr{css}>" + "".join(_cell_html(v, k) for v, k in zip(values, kinds)) + "</tr>")
    return (f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _with_override(table: Table) -> Table:
    """In HTML the RAG cell says when it is a manual override (the workbook has its own column)."""
    frame = table.frame.copy()
    overridden = frame["Override"] == "Yes"
    frame.loc[overridden, "RAG"] = frame.loc[overridden, "RAG"].map(lambda w: f"{w} (override)")
    return Table(table.headers, table.kinds, frame)


def _standalone(figure: dict) -> dict:
    """The figure with Plotly's own white template. Importing Streamlit makes its template the default,
    and that template's colours are placeholders (#000001, ...) that only Streamlit's front end swaps
    for real ones; it also leaves axis automargin off, so long theme labels were cut off here."""
    layout = dict(figure.get("layout") or {})
    layout["template"] = pio.templates["plotly_white"].to_plotly_json()
    return {**figure, "layout": layout}


def _figures_html(figures: dict[str, dict]) -> str:
    """Each figure under its title; plotly.js inlined once, with the first figure."""
    parts = []
    for i, (title, figure) in enumerate(figures.items()):
        div = pio.to_html(_standalone(figure), full_html=False, include_plotlyjs=(i == 0), include_mathjax=False,
                          validate=False, div_id=f"figure-{i + 1}", config=_FIGURE_CONFIG)
        parts.append(f'<figure aria-label="{_e(title)}"><figcaption>{_e(title)}</figcaption>{div}</figure>')
    return "\n".join(parts)


def _headline_html(pack: ReviewPack) -> str:
    """The headline figures as cards, worded as on the screen; a RAG count on its colour."""
    cards = []
    for label, text, rag in headline_numbers(pack):
        css = f' class="rag-{rag}"' if rag else ""
        cards.append(f'<li{css}><span class="number">{_e(text)}</span><span class="label">{_e(label)}</span></li>')
    return "\n".join(cards)


def _forecasts_html(pack: ReviewPack) -> str:
    """The pack's forecast section: what is likely late on the evidence, each theme's chance and every open
    item's forecast (issue 17). Empty when the pack carries no forecasts."""
    if pack.forecasts is None:
        return ""
    from components.forecast import likely_late_sentences

    late = likely_late_sentences(pack.forecasts)
    listed = ("<ul class=\"summary\">" + "".join(f"<li>{_e(s)}</li>" for s in late) + "</ul>" if late
              else '<p class="empty">No open item\'s expected finish is far from what its progress says.</p>')
    themes = "" if pack.theme_forecasts is None else _table_html(
        theme_forecasts_table(pack.theme_forecasts), caption="Chance each theme finishes by its baseline end",
        empty="No theme has open items with an end date.")
    items = _table_html(forecasts_table(pack.forecasts), caption="Every open item: expected finish and the evidence",
                        keep=["Ref", "Item", "% complete", "Baseline end", "Expected finish", "Evidence says",
                              "80% range from", "80% range to", "Evidence against expected", "Chance by baseline end"],
                        empty="No open items with an end date.")
    return (f'<section aria-labelledby="h-forecasts">\n<h2 id="h-forecasts">Forecasts from the evidence</h2>\n'
            f"<h3>Likely late</h3>\n{listed}\n{themes}\n{items}\n</section>")


def _minutes_html(pack: ReviewPack) -> str:
    """The minutes: decisions and actions arising noted at the review (empty when the pack has none)."""
    if pack.notes is None:
        return ""
    table = _table_html(notes_table(pack.notes), caption=f"Noted at the review of {long_date(pack.as_of)}",
                        empty="No decisions or actions were noted at this review.")
    return (f'<section aria-labelledby="h-minutes">\n<h2 id="h-minutes">Minutes: decisions and actions arising'
            f"</h2>\n{table}\n</section>")


def build_review_pack_html(pack: ReviewPack) -> str:
    """One self-contained HTML file for the review: opens offline, prints cleanly on A4 landscape."""
    as_of = long_date(pack.as_of)
    has_previous = as_date(pack.since) is not None
    previous = long_date(pack.since) if has_previous else "none recorded"
    actions = _with_override(actions_table(pack.actions))
    exceptions = exceptions_table(pack.exceptions, pack.exception_titles)
    text = {  # escaped here, all of it
        "title": f"{pack.plan_title}: review pack, {as_of}",
        "creator": CREATOR,
        "plan_title": pack.plan_title,
        "filters_line": pack.filters_line,
        "as_of": as_of,
        "previous": previous,
        "red_after_days": str(RED_AFTER_DAYS),
    }
    markup = {  # built from escaped text
        "css": _CSS.replace("$as_of_stamp", long_date(pack.as_of)),  # our own date words, no plan text
        "organisation": f'<p class="organisation">{_e(pack.organisation)}</p>' if pack.organisation else "",
        "sentences": "\n".join(f"<li>{_e(s)}</li>" for s in pack.summary_sentences),
        "headline": _headline_html(pack),
        "illustrative": (f'<p class="illustrative">{_e(ILLUSTRATIVE_NOTE)}</p>' if pack.uses_demo_progress
                         else ""),
        "exceptions_table": _table_html(
            exceptions, caption="What the meeting walks through, in order (an item may appear more than once)",
            keep=["Exception", "Ref", "Item", "Owners", "RAG", "Why", "Due", "Latest commentary"],
            empty="No exceptions: nothing red, stale, overdue or due before the next review."),
        "changes_table": _table_html(
            changes_table(pack.changes),
            caption=f"Changes after {previous} up to {as_of}" if has_previous else f"Changes up to {as_of}",
            empty="No changes recorded since the previous review."),
        "minutes": _minutes_html(pack),
        "forecasts": _forecasts_html(pack),
        "figures": _figures_html(pack.figures) if pack.figures else '<p class="empty">No charts in this pack.</p>',
        "themes_table": _table_html(
            themes_table(pack.themes), caption="Actions by theme", total_last=all_themes_row(pack.themes) is not None,
            keep=["Theme", "Title", "Actions", "Complete", "% complete", "% of complete on time",
                  "% milestones complete", *[f"RAG: {RAG_WORDS[r]}" for r in RAG_ORDER],
                  "Median slippage of actions (days)", "Worst slippage, any item (days)"], empty="No themes."),
        "actions_table": _table_html(
            actions, caption=f"All {len(actions.frame)} actions in this view",
            keep=["Ref", "Theme", "Action", "Owners", "Status", "% complete", "Baseline end", "Forecast end",
                  "Actual end", "Slippage (days)", "RAG", "Why", "Last update", "Stale", "Latest commentary"],
            empty="No actions in this view."),
    }
    return _PAGE.substitute(**{name: _e(value) for name, value in text.items()}, **markup)
