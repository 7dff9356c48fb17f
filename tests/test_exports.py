"""The review exports: workbook, CSV and HTML pack, built from small hand-made frames shaped like the
queries' results (dates as datetime64 and slippage as Int64, as DuckDB hands them over)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest

from components.charts import build_completion_by_theme, build_rag_by_theme
from components.export import ReviewPack, build_actions_csv, build_review_pack_html, build_workbook
from components.export.tables import ILLUSTRATIVE_NOTE
from components.rules import exception_titles, headline_figures, headline_row
from components.settings import RAG_COLOURS, RAG_TEXT_COLOURS

EVIL_FORMULA = '=HYPERLINK("http://evil")'
EVIL_SCRIPT = "<script>alert(1)</script> and <b>bold</b>"

ACTIONS_HEADER = [
    "Ref", "Theme", "Action", "Owners", "Status", "% complete", "Baseline end", "Original end", "Forecast end",
    "Actual end", "Slippage (days)", "Slippage vs original (days)", "RAG", "Why", "Override", "Last update",
    "Stale", "Latest commentary",
]


def _dates(*values):
    return pd.to_datetime(pd.Series(values, dtype=object))


def make_actions() -> pd.DataFrame:
    return pd.DataFrame({
        "item_ref": ["1.1", "1.2", "2.1", "2.2"],
        "ref": ["1.1", "1.2", "2.1", "2.2"],
        "theme_code": ["1", "1", "2", "2"],
        "theme_title": ["Update the strategic framework"] * 2 + ["Improve arrears recovery"] * 2,
        "action_text": [
            "Ensure that the outcomes from this review, together with the council's other planned improvements, "
            "are captured in a service improvement plan",
            "Publish a rent and service charge setting policy",
            "Review all direct debit payers' accounts",
            "Monitor new tenancies carefully for the first few weeks",
        ],
        "owners": ["David Turner, Sue Philp", "Sue Philp", "Jackie Lea", "Leanne Allwood"],
        "owner_ids": [["david-turner", "sue-philp"], ["sue-philp"], ["jackie-lea"], ["leanne-allwood"]],
        "status": ["in_progress", "complete", "in_progress", "not_started"],
        "percent_complete": [60.0, 100.0, 40.0, 0.0],
        "baseline_start": _dates("2019-01-01", "2018-06-01", "2020-01-01", "2020-09-01"),
        "baseline_end": _dates("2019-12-31", "2018-12-31", "2020-06-30", "2020-12-31"),
        "original_end": _dates("2019-12-31", "2018-12-31", "2020-06-30", "2020-12-31"),
        "forecast_end": _dates("2020-05-31", None, "2020-07-10", None),
        "actual_end": _dates(None, "2018-12-11", None, None),
        "slippage_days": pd.array([152, -20, 10, pd.NA], dtype="Int64"),
        "original_slippage_days": pd.array([152, -20, 10, pd.NA], dtype="Int64"),
        "rag": ["red", "blue", "amber", "grey"],
        "rag_reason": ["Red: forecast 152 days after baseline end", "Complete on time",
                       "Amber: forecast 10 days after baseline end", "Not due to start yet"],
        "is_overridden": [False, False, True, False],
        "is_ongoing": [False] * 4,
        "is_rebaselined": [False] * 4,
        "last_update_on": _dates("2020-05-20", "2018-12-11", "2020-04-08", None),
        "last_commentary": [EVIL_FORMULA, "-2 days: done early", EVIL_SCRIPT, None],
        "is_stale": [False, False, True, False],
        "is_demo": [False] * 4,
    })


def make_themes() -> pd.DataFrame:
    return pd.DataFrame({
        "theme_code": ["1", "2", None],
        "theme_title": ["Update the strategic framework", "Improve arrears recovery", "All themes"],
        "actions_total": [2, 2, 4],
        "actions_complete": [1, 0, 1],
        "actions_complete_on_time": [1, 0, 1],
        "actions_in_progress": [1, 1, 2],
        "actions_not_started": [0, 1, 1],
        "actions_on_hold_or_cancelled": [0, 0, 0],
        "percent_actions_complete": [50.0, 0.0, 25.0],
        "percent_complete_on_time": [100.0, None, 100.0],
        "milestones_total": [3, 2, 5],
        "milestones_complete": [2, 0, 2],
        "milestones_complete_on_time": [1, 0, 1],
        "percent_milestones_complete": [66.7, 0.0, 40.0],
        "actions_red": [1, 0, 1],
        "actions_amber": [0, 1, 1],
        "actions_green": [0, 0, 0],
        "actions_blue": [1, 0, 1],
        "actions_grey": [0, 1, 1],
        "milestones_red": [0, 1, 1],
        "milestones_amber": [0, 0, 0],
        "items_red": [1, 1, 2],
        "items_amber": [0, 1, 1],
        "items_stale": [0, 1, 1],
        "items_due": [1, 2, 3],
        "median_slippage_days": [66.0, 10.0, 10.0],
        "worst_slippage_days": [152, 10, 152],
        "worst_slippage_ref": ["1.1", "2.1", "1.1"],
        "uses_demo_progress": [True, True, True],
    })


def make_changes() -> pd.DataFrame:
    return pd.DataFrame({
        "change_kind": ["rag_changed", "new_commentary"],
        "item_ref": ["1.1", "2.1/2"],
        "ref": ["1.1", "2.1"],
        "seq": pd.array([pd.NA, 2], dtype="Int32"),
        "item_kind": ["action", "milestone"],
        "theme_code": ["1", "2"],
        "title": ["Ensure that the outcomes from this review ...", "Write to payers"],
        "from_value": ["amber", "Jackie Lea"],
        "to_value": ["red", "@Sue please chase"],
        "days_moved": pd.array([pd.NA, pd.NA], dtype="Int64"),
        "changed_on": _dates("2020-05-20", "2020-05-01"),
        "detail": ["Red: forecast 152 days after baseline end", None],
    })


def make_load() -> pd.DataFrame:
    return pd.DataFrame({
        "officer_id": ["jackie-lea", "jackie-lea", "sue-philp"],
        "officer_name": ["Jackie Lea", "Jackie Lea", "Sue Philp"],
        "officer_kind": ["person", "person", "person"],
        "month_start": _dates("2020-05-01", "2020-06-01", "2020-05-01"),
        "open_actions": [1, 1, 5],
        "open_actions_weighted": [1.0, 1.0, 4.5],
        "open_milestones": [2, 1, 0],
        "milestones_due": [1, 0, 0],
        "red_items": [0, 0, 1],
        "is_overloaded": [False, False, True],
    })


def make_exceptions() -> pd.DataFrame:
    return pd.DataFrame({
        "exception_kind": ["still_red", "stale", "due_soon"],
        "item_kind": ["action", "action", "milestone"],
        "item_ref": ["1.1", "2.1", "2.1/2"],
        "theme_code": ["1", "2", "2"],
        "title": ["Ensure that the outcomes ...", "Review all direct debit payers' accounts", "Write to payers"],
        "owners": ["David Turner, Sue Philp", "Jackie Lea", "Jackie Lea"],
        "rag": ["red", "amber", "red"],
        "rag_reason": ["Red: forecast 152 days after baseline end", "Amber: forecast 10 days after baseline end",
                       "Red: open 40 days past baseline end"],
        "due_on": _dates("2020-05-31", "2020-07-10", "2020-06-01"),
        "slippage_days": pd.array([152, 10, 40], dtype="Int64"),
        "last_update_on": _dates("2020-05-20", "2020-04-08", None),
        "last_commentary": [EVIL_FORMULA, EVIL_SCRIPT, None],
    })


def make_milestones() -> pd.DataFrame:
    return pd.DataFrame({
        "item_ref": ["2.1/2"], "theme_code": ["2"], "milestone_title": ["Write to payers"], "owners": ["Jackie Lea"],
        "status": ["in_progress"], "percent_complete": [10.0], "baseline_end": _dates("2020-04-11"),
        "forecast_end": _dates(None), "actual_end": _dates(None), "slippage_days": pd.array([40], dtype="Int64"),
        "rag": ["red"], "rag_reason": ["Red: open 40 days past baseline end"], "last_update_on": _dates(None),
        "is_stale": [True], "last_commentary": [None],
    })


TITLES = exception_titles(date(2020, 7, 1))


def make_pack(actions: pd.DataFrame | None = None, figures: dict | None = None) -> ReviewPack:
    themes = make_themes()
    return ReviewPack(
        plan_title="Rent Service Improvement Plan",
        organisation="Tamworth Borough Council",
        as_of=date(2020, 5, 20),
        since=date(2020, 4, 8),
        filters_line="As of 20 May 2020 (Review 33) · all themes · illustrative progress",
        summary_sentences=["1 of 4 actions is complete.", "=1+1 should stay text"],
        headline=headline_figures(headline_row(themes), date(2020, 7, 1)),
        exceptions=make_exceptions(),
        exception_titles=TITLES,
        actions=make_actions() if actions is None else actions,
        milestones=make_milestones(),
        uses_demo_progress=True,
        themes=themes,
        changes=make_changes(),
        load=make_load(),
        figures=figures if figures is not None else {
            "RAG by theme": build_rag_by_theme(themes).to_dict(),
            "Completion by theme": build_completion_by_theme(themes).to_dict(),
        },
    )


@pytest.fixture(scope="module")
def pack() -> ReviewPack:
    return make_pack()


@pytest.fixture(scope="module")
def workbook(pack):
    return openpyxl.load_workbook(io.BytesIO(build_workbook(pack)))


@pytest.fixture(scope="module")
def pack_html(pack) -> str:
    return build_review_pack_html(pack)


def header(ws, row: int = 1) -> list:
    return [c.value for c in ws[row] if c.value is not None]


def row_by_ref(ws, ref: str) -> dict:
    names = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] == ref:
            return dict(zip(names, row))
    raise AssertionError(f"no row {ref}")


def cell_of(ws, ref: str, column: str):
    col = [c.value for c in ws[1]].index(column) + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value == ref:
            return row[col - 1]
    raise AssertionError(f"no row {ref}")


# ---------------------------------------------------------------------------------------------- workbook

def test_sheets_in_order_and_properties(workbook):
    assert workbook.sheetnames == ["Summary", "Exceptions", "Actions", "Milestones", "Changes", "Owner load"]
    assert workbook.properties.creator == "Improvement plan dashboard"
    assert workbook.properties.title == "Rent Service Improvement Plan: review as of 20 May 2020"


def test_actions_sheet_header_and_one_row(workbook):
    ws = workbook["Actions"]
    assert header(ws) == ACTIONS_HEADER
    assert ws.max_row == 1 + 4
    row = row_by_ref(ws, "1.1")
    assert row["Theme"] == "1"
    assert row["Owners"] == "David Turner, Sue Philp"
    assert row["Status"] == "In progress"
    assert row["% complete"] == 60
    assert row["RAG"] == "Red"
    assert row["Why"] == "Red: forecast 152 days after baseline end"
    assert row["Slippage (days)"] == 152 and isinstance(row["Slippage (days)"], int)
    assert row["Baseline end"] == datetime(2019, 12, 31)  # a real date, not text
    assert row["Forecast end"] == datetime(2020, 5, 31)
    assert row["Actual end"] is None
    assert (row["Override"], row["Stale"]) == ("No", "No")
    assert row_by_ref(ws, "2.1")["Override"] == "Yes" and row_by_ref(ws, "2.1")["Stale"] == "Yes"
    assert row_by_ref(ws, "2.2")["RAG"] == "Not due"
    assert row_by_ref(ws, "2.2")["Slippage (days)"] is None  # missing stays empty, not 0 or NaN
    assert cell_of(ws, "1.1", "Baseline end").number_format == "d mmm yyyy"


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers(workbook):
    ws = workbook["Actions"]
    evil = cell_of(ws, "1.1", "Latest commentary")
    assert evil.value == "'" + EVIL_FORMULA and evil.data_type == "s"
    early = cell_of(ws, "1.2", "Latest commentary")
    assert early.value == "'-2 days: done early" and early.data_type == "s"
    slip = cell_of(ws, "1.2", "Slippage (days)")
    assert slip.value == -20 and slip.data_type == "n"
    # no cell anywhere in the workbook is a formula
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    # the Changes sheet's commentary and the Summary's sentences are neutralised too
    assert "'@Sue please chase" in [c.value for c in workbook["Changes"]["F"]]
    assert "'=1+1 should stay text" in [c.value for c in workbook["Summary"]["A"]]


def test_rag_cell_has_its_colour_and_word(workbook):
    ws = workbook["Actions"]
    for ref, rag, word in [("1.1", "red", "Red"), ("1.2", "blue", "Complete"), ("2.1", "amber", "Amber")]:
        cell = cell_of(ws, ref, "RAG")
        assert cell.value == word
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.upper().endswith(RAG_COLOURS[rag].lstrip("#").upper())
        assert cell.font.color.rgb.upper().endswith(RAG_TEXT_COLOURS[rag].lstrip("#").upper())


def test_table_sheets_are_frozen_filtered_and_sized(workbook):
    assert workbook["Actions"].freeze_panes == "A2"
    assert workbook["Actions"].auto_filter.ref == "A1:R5"  # 18 columns, header + 4 actions
    assert workbook["Changes"].freeze_panes == "A2"
    assert workbook["Changes"].auto_filter.ref == "A1:I3"
    assert workbook["Owner load"].freeze_panes == "A2"
    assert workbook["Owner load"].auto_filter.ref == "A1:I4"
    ws = workbook["Actions"]
    header_cell = ws["A1"]
    assert header_cell.font.bold and header_cell.fill.fill_type == "solid"
    action_width = ws.column_dimensions["C"].width
    assert 40 < action_width <= 60  # the long action text, capped
    assert ws["C2"].alignment.wrap_text
    assert ws.column_dimensions["A"].width < action_width


def test_changes_sheet_reads_in_words(workbook):
    ws = workbook["Changes"]
    assert header(ws) == ["Change", "Ref", "Theme", "Item", "Was", "Now", "Days moved", "On", "Detail"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[0][:6] == ("RAG changed", "1.1", "1", "Ensure that the outcomes from this review ...",
                           "Amber", "Red")
    assert rows[0][7] == datetime(2020, 5, 20)
    assert rows[1][0] == "New commentary" and rows[1][1] == "2.1/2" and rows[1][8] == "by Jackie Lea"


def test_owner_load_sheet(workbook):
    ws = workbook["Owner load"]
    assert header(ws) == ["Officer", "Kind", "Month", "Open actions", "Open actions (weighted)", "Open milestones",
                          "Milestones due", "Red items", "Overloaded"]
    assert list(ws.iter_rows(min_row=4, values_only=True))[0] == (
        "Sue Philp", "Person", datetime(2020, 5, 1), 5, 4.5, 0, 0, 1, "Yes")
    assert ws["C2"].number_format == "mmm yyyy"


def test_summary_sheet(workbook):
    ws = workbook["Summary"]
    assert ws["A1"].value == "Rent Service Improvement Plan"
    assert ws["A2"].value == "Tamworth Borough Council"
    assert (ws["A3"].value, ws["B3"].value) == ("As of", datetime(2020, 5, 20))
    assert (ws["A4"].value, ws["B4"].value) == ("Previous review", datetime(2020, 4, 8))
    assert ws["B5"].value.startswith("As of 20 May 2020 (Review 33)")
    assert (ws["A6"].value, ws["B6"].value) == ("Progress", ILLUSTRATIVE_NOTE)
    assert ws.freeze_panes == "A7"
    labels = {r[0]: r[1] for r in ws.iter_rows(min_row=8, max_col=2, values_only=True) if r[0]}
    assert labels["1 of 4 actions is complete."] is None
    # the headline figures, worded as on the screen (components.rules.headline_figures)
    assert (labels["Actions complete"], labels["Red actions"], labels["Amber actions"]) == ("1 of 4", "1", "1")
    assert (labels["Red actions + milestones"], labels["Stale actions + milestones"],
            labels["Due before the next review"]) == ("2", "1", "3")
    assert (labels["Median slippage of actions"], labels["Worst slippage, any item"]) == (
        "10 days", "152 days")
    # the theme table: header, two themes, then the all-themes row outside the filter range
    header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Theme")
    assert ws.cell(header_row, 2).value == "Title"
    assert [ws.cell(header_row + i, 1).value for i in (1, 2, 3)] == ["1", "2", "All"]
    assert ws.cell(header_row + 3, 2).value == "All themes" and ws.cell(header_row + 3, 1).font.bold
    assert ws.auto_filter.ref == f"A{header_row}:S{header_row + 2}"
    red_label = next(c for c in ws["A"] if c.value == "Red actions")
    assert red_label.fill.fgColor.rgb.upper().endswith("D4351C")


def test_control_characters_are_dropped_before_neutralising():
    actions = make_actions()
    actions.loc[3, "last_commentary"] = "\x01=cmd|' /C calc'!A0\x0b"  # Word's vertical tab, say
    ws = openpyxl.load_workbook(io.BytesIO(build_workbook(make_pack(actions, {}))))["Actions"]
    assert cell_of(ws, "2.2", "Latest commentary").value == "'=cmd|' /C calc'!A0"


def test_empty_frames_still_make_a_workbook():
    empty = replace(make_pack(make_actions().iloc[0:0], {}), changes=make_changes().iloc[0:0], since=None)
    wb = openpyxl.load_workbook(io.BytesIO(build_workbook(empty)))
    assert header(wb["Actions"]) == ACTIONS_HEADER and wb["Actions"].max_row == 1
    assert wb["Summary"]["B4"].value == "None recorded"
    assert "No actions in this view." in build_review_pack_html(empty)


# ---------------------------------------------------------------------------------------------- CSV

def test_actions_csv(pack):
    data = build_actions_csv(pack)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ACTIONS_HEADER
    first = frame.iloc[0]
    assert first["Latest commentary"] == "'" + EVIL_FORMULA
    assert first["Slippage (days)"] == "152" and first["RAG"] == "Red" and first["Baseline end"] == "2019-12-31"
    assert frame.iloc[1]["Slippage (days)"] == "-20"  # a number, not neutralised text
    assert frame.iloc[3]["Slippage (days)"] == "" and frame.iloc[3]["Latest commentary"] == ""


# ---------------------------------------------------------------------------------------------- HTML

class _Tags(HTMLParser):
    """Start tags and their attributes; script bodies are not parsed as markup (as in a browser)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _outside_scripts(page: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def test_html_embeds_plotly_once_and_draws_every_figure(pack, pack_html):
    assert pack_html.count("* plotly.js v") == 1  # the library's banner: the bundle is inlined once
    assert pack_html.count("Plotly.newPlot(") == len(pack.figures) == 2
    assert 'id="figure-1"' in pack_html and 'id="figure-2"' in pack_html
    assert "<figcaption>RAG by theme</figcaption>" in pack_html


def test_html_is_self_contained(pack_html):
    parser = _Tags()
    parser.feed(pack_html)
    for tag, attrs in parser.tags:
        assert not (tag == "script" and "src" in attrs), attrs
        assert tag != "link", attrs
        for name in ("src", "href", "srcset", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    assert not re.search(r"<script[^>]*\bsrc\s*=", pack_html, re.I)
    assert "<link" not in pack_html.lower()
    outside = _outside_scripts(pack_html)
    assert "@import" not in outside
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", outside, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", outside, re.I)  # no web fonts or remote images


def test_html_escapes_plan_text(pack_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;" in pack_html
    assert "<script>alert(1)</script>" not in pack_html
    assert "<b>bold</b>" not in pack_html
    # a formula-like comment is text in HTML: shown as written, without the spreadsheet apostrophe
    assert "=HYPERLINK(&quot;http://evil&quot;)" in pack_html


def test_html_head_print_rules_and_content(pack_html):
    head = pack_html.split("</head>")[0]
    assert '<meta charset="utf-8">' in head
    assert "<title>Rent Service Improvement Plan: review pack, 20 May 2020</title>" in head
    assert "@media print" in head and "@page" in head and "A4 landscape" in head
    assert "display: table-header-group" in head and "page-break-inside: avoid" in head
    assert "Arial, Helvetica, sans-serif" in head
    body = pack_html.split("<body>")[1]
    assert "As of 20 May 2020 (Review 33) · all themes · illustrative progress" in body
    assert "<li>1 of 4 actions is complete.</li>" in body
    # the headline figures as on the screen, the meeting's exceptions in order, changes, themes, actions
    assert '<span class="number">1 of 4</span><span class="label">Actions complete</span>' in body
    assert ('<li class="rag-red"><span class="number">2</span><span class="label">Red actions + milestones'
            '</span></li>') in body
    assert '<p class="illustrative">Illustrative progress:' in body
    exceptions = body.split('id="h-exceptions"')[1].split("</section>")[0]
    assert exceptions.index(">Still red<") < exceptions.index(">Not updated since the previous review<")
    assert exceptions.index(">1.1<") < exceptions.index(">2.1<") < exceptions.index(">2.1/2<")
    assert ">1.2<" not in exceptions
    assert "RAG changed" in body and "<th scope=\"col\">Theme</th>" in body
    assert '<tr class="total">' in body  # the all-themes row


def test_html_rag_is_word_on_colour(pack_html):
    assert '<td class="rag rag-red">Red</td>' in pack_html
    assert '<td class="rag rag-grey">Not due</td>' in pack_html  # in the actions table
    assert f".rag-red {{ background: {RAG_COLOURS['red']}; color: {RAG_TEXT_COLOURS['red']}; }}" in pack_html
    assert "print-color-adjust: exact" in pack_html  # colours survive printing


def _figure_layouts(page: str) -> list[dict]:
    """The layout argument of every Plotly.newPlot("id", data, layout, config) call."""
    decoder = json.JSONDecoder()
    layouts = []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', page):
        _, end = decoder.raw_decode(page, match.end())
        start = re.compile(r"\s*,\s*").match(page, end).end()
        layouts.append(decoder.raw_decode(page, start)[0])
    return layouts


def test_html_figures_use_a_standalone_template(pack_html):
    """Importing Streamlit (components.tables does) makes its Plotly template the default; its colours are
    placeholders that only Streamlit's front end replaces, and its axes have no automargin, which cut the
    theme labels off in the pack. The pack draws every figure with Plotly's own white template."""
    layouts = _figure_layouts(pack_html)
    assert len(layouts) == 2
    for layout in layouts:
        template = layout["template"]["layout"]
        assert template["yaxis"]["automargin"] is True
        assert "#000001" not in json.dumps(template)  # no Streamlit placeholder colours
    assert layouts[0]["title"]["text"] == "RAG by theme (actions)"


def test_html_marks_overrides_and_copes_without_a_previous_review(pack):
    # the review_dates query hands dates over as Timestamps, and "no previous review" as NaT
    page = build_review_pack_html(replace(pack, as_of=pd.Timestamp("2020-05-20"), since=pd.NaT,
                                          changes=make_changes().iloc[0:0]))
    assert "<title>Rent Service Improvement Plan: review pack, 20 May 2020</title>" in page
    assert '<td class="rag rag-amber">Amber (override)</td>' in page
    assert "previous review none recorded" in page
    assert "No changes recorded since the previous review." in page


def test_html_without_figures_has_no_plotly(pack):
    page = build_review_pack_html(replace(pack, figures={}))
    assert "plotly.js v" not in page and "No charts in this pack." in page


def test_large_pack_builds():
    """3,700 actions (the four above, 925 times over): both builders cope."""
    big = pd.concat([make_actions()] * 925, ignore_index=True)
    big["ref"] = big["item_ref"] = [f"{r}-{i}" for i, r in enumerate(big["ref"])]
    pack = make_pack(big, {})
    with zipfile.ZipFile(io.BytesIO(build_workbook(pack))) as xlsx:  # reading it back cell by cell is slow
        actions_sheet = xlsx.read("xl/worksheets/sheet3.xml").decode()
    assert actions_sheet.count("<row ") == 1 + 3700 and '<row r="3701"' in actions_sheet
    assert build_review_pack_html(pack).count("<tr>") >= 3700
