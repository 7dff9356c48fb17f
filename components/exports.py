"""Export builders for the 6-weekly review: pure functions, DataFrames in, bytes or text out.

Nothing here draws with Streamlit or reads the database: pages run the queries and pass the frames in
a `ReviewPack`.

- `build_workbook(pack)`: an Excel workbook (Summary, Actions, Changes, Owner load).
- `build_actions_csv(pack)`: the Actions sheet's rows as CSV for Excel (UTF-8 with BOM).
- `build_review_pack_html(pack)`: one self-contained HTML file that works offline and prints to A4.

Plan and user text is never trusted: in the workbook and the CSV a cell that a spreadsheet would run as
a formula gets a leading apostrophe (store.cells.neutralise_formulas); in HTML every piece of
text is escaped.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.io as pio

from components.export.csv import build_actions_csv  # noqa: F401  (re-exported until exports.py goes)
from components.export.tables import (
    CREATOR, ReviewPack, Table, actions_table, all_themes_row, changes_table, headline_numbers, themes_table,
)
from components.export.values import RAG_BY_WORD, as_date, long_date
from components.export.workbook import build_workbook  # noqa: F401  (re-exported until exports.py goes)
from components.settings import RAG_COLOURS, RAG_ORDER, RAG_TEXT_COLOURS, RAG_WORDS, RED_AFTER_DAYS


# --------------------------------------------------------------------------------------------------
# HTML review pack

_FIGURE_CONFIG = {"displaylogo": False, "responsive": True}


def _css() -> str:
    rag_rules = "\n".join(
        f"  .rag-{r} {{ background: {RAG_COLOURS[r]}; color: {RAG_TEXT_COLOURS[r]}; }}" for r in RAG_ORDER
    )
    return f"""
  html {{ font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #0b0c0c; background: #ffffff; }}
  body {{ margin: 24px auto; max-width: 1400px; padding: 0 16px; line-height: 1.4; }}
  h1 {{ font-size: 1.9rem; margin: 0 0 4px; }}
  h2 {{ font-size: 1.35rem; margin: 28px 0 8px; border-bottom: 2px solid #0b0c0c; padding-bottom: 4px; }}
  .organisation {{ font-size: 1.1rem; margin: 0 0 4px; }}
  .view {{ margin: 0 0 4px; font-weight: bold; }}
  .dates {{ margin: 0; color: #0b0c0c; }}
  .summary li {{ margin-bottom: 4px; }}
  .headline {{ display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 0; list-style: none; }}
  .headline li {{ border: 1px solid #b1b4b6; padding: 8px 12px; min-width: 120px; }}
  .headline .number {{ display: block; font-size: 1.6rem; font-weight: bold; }}
  .headline .label {{ display: block; font-size: 0.9rem; }}
  figure {{ margin: 0 0 20px; max-width: 1040px; }}
  figcaption {{ font-weight: bold; margin-bottom: 4px; }}
  table {{ border-collapse: collapse; width: 100%; font-size: 0.87rem; }}
  caption {{ text-align: left; font-weight: bold; padding: 4px 0; }}
  th, td {{ border: 1px solid #b1b4b6; padding: 4px 6px; vertical-align: top; text-align: left; }}
  thead th {{ background: #dee0e2; }}
  td.num {{ text-align: right; white-space: nowrap; }}
  td.date {{ white-space: nowrap; }}
  td.long {{ min-width: 14em; }}
  td.rag {{ font-weight: bold; white-space: nowrap; }}
  tr.total td {{ font-weight: bold; border-top: 2px solid #0b0c0c; }}
  .empty {{ font-style: italic; }}
  footer {{ margin-top: 32px; font-size: 0.85rem; }}
{rag_rules}
  @page {{ size: A4 landscape; margin: 10mm; }}
  @media print {{
    html {{ font-size: 10pt; }}
    body {{ margin: 0; max-width: none; padding: 0; }}
    * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
    h2 {{ break-after: avoid; page-break-after: avoid; }}
    figure {{ break-inside: avoid; page-break-inside: avoid; max-width: 100%; }}
    tr, .headline li {{ break-inside: avoid; page-break-inside: avoid; }}
    table {{ font-size: 8.5pt; }}
    th, td {{ padding: 2px 4px; }}
    td.long {{ min-width: 7em; overflow-wrap: anywhere; }}
    td.date {{ white-space: normal; }}
    thead {{ display: table-header-group; }}
    tfoot {{ display: table-footer-group; }}
    .modebar-container {{ display: none !important; }}
  }}
"""


# Print at the printed page's width: Plotly sizes a figure to its container on screen.
_PRINT_SCRIPT = """<script>
(function () {
  function resize() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (el) { window.Plotly.Plots.resize(el); });
  }
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
</script>"""


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


def _exceptions(actions: pd.DataFrame) -> pd.DataFrame:
    """Red then amber actions, most slipped first."""
    if "rag" not in actions.columns:
        return actions.iloc[0:0]
    late = actions[actions["rag"].isin(["red", "amber"])]
    slip = pd.to_numeric(late["slippage_days"], errors="coerce").fillna(0) if "slippage_days" in late else 0
    order = late.assign(_o=late["rag"].map({"red": 0, "amber": 1}), _s=-slip)
    return order.sort_values(["_o", "_s"], kind="stable").drop(columns=["_o", "_s"])


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


def build_review_pack_html(pack: ReviewPack) -> str:
    """One self-contained HTML file for the review: opens offline, prints cleanly on A4 landscape."""
    as_of = long_date(pack.as_of)
    has_previous = as_date(pack.since) is not None
    previous = long_date(pack.since) if has_previous else "none recorded"
    cards = []
    for label, value, kind, rag in headline_numbers(pack):
        number = "—" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        number += "%" if kind == "percent" and value is not None else ""
        css = f' class="rag-{rag}"' if rag else ""
        cards.append(f'<li{css}><span class="number">{number}</span><span class="label">{_e(label)}</span></li>')
    headline = "\n".join(cards)
    sentences = "\n".join(f"<li>{_e(s)}</li>" for s in pack.summary_sentences)
    actions = _with_override(actions_table(pack.actions))
    exceptions = _with_override(actions_table(_exceptions(pack.actions)))
    themes = themes_table(pack.themes)
    changes = changes_table(pack.changes)
    organisation = f'<p class="organisation">{_e(pack.organisation)}</p>' if pack.organisation else ""
    figures = _figures_html(pack.figures) if pack.figures else '<p class="empty">No charts in this pack.</p>'
    title = f"{pack.plan_title}: review pack, {as_of}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{_e(CREATOR)}">
<title>{_e(title)}</title>
<style>{_css()}</style>
</head>
<body>
<header>
<h1>{_e(pack.plan_title)}</h1>
{organisation}
<p class="view">{_e(pack.filters_line)}</p>
<p class="dates">Review pack as of {_e(as_of)}; previous review {_e(previous)}.</p>
</header>
<main>
<section aria-labelledby="h-summary">
<h2 id="h-summary">Summary</h2>
<ul class="summary">
{sentences}
</ul>
<ul class="headline" aria-label="Headline numbers">
{headline}
</ul>
</section>
<section aria-labelledby="h-exceptions">
<h2 id="h-exceptions">Exceptions: red and amber actions</h2>
{_table_html(exceptions, caption="Red and amber actions, most slipped first",
             keep=["Ref", "Theme", "Action", "Owners", "Forecast end", "Slippage (days)", "RAG", "Why",
                   "Latest commentary"], empty="No red or amber actions.")}
</section>
<section aria-labelledby="h-changes">
<h2 id="h-changes">Changes since the previous review</h2>
{_table_html(changes, caption=f"Changes after {previous} up to {as_of}" if has_previous else f"Changes up to {as_of}",
             empty="No changes recorded since the previous review.")}
</section>
<section aria-labelledby="h-figures">
<h2 id="h-figures">Charts</h2>
{figures}
</section>
<section aria-labelledby="h-themes">
<h2 id="h-themes">Themes</h2>
{_table_html(themes, caption="Actions by theme", total_last=all_themes_row(pack.themes) is not None,
             keep=["Theme", "Title", "Actions", "Complete", "% complete", "% of complete on time",
                   "% milestones complete", *[f"RAG: {RAG_WORDS[r]}" for r in RAG_ORDER],
                   "Median slippage (days)", "Worst slippage (days)"], empty="No themes.")}
</section>
<section aria-labelledby="h-actions">
<h2 id="h-actions">Actions</h2>
{_table_html(actions, caption=f"All {len(actions.frame)} actions in this view",
             keep=["Ref", "Theme", "Action", "Owners", "Status", "% complete", "Baseline end", "Forecast end",
                   "Actual end", "Slippage (days)", "RAG", "Why", "Last update", "Stale", "Latest commentary"],
             empty="No actions in this view.")}
</section>
</main>
<footer>
<p>Made by the {_e(CREATOR)}. RAG: Red = more than {RED_AFTER_DAYS} days of slippage; Amber = 1 to
{RED_AFTER_DAYS} days, or should have started and has not; Green = on track; Complete; Not due = not due to
start yet. Slippage = days after the baseline end (negative = early). Charts are interactive when this file is
opened in a browser.</p>
</footer>
{_PRINT_SCRIPT}
</body>
</html>
"""
