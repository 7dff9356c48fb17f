"""The review exports as spreadsheets: the workbook and the actions CSV, built from the hand-made frames
in tests/export_frames.py."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from components.export import build_actions_csv, build_review_pack_html, build_workbook
from components.export.tables import ILLUSTRATIVE_NOTE
from components.settings import RAG_COLOURS, RAG_TEXT_COLOURS
from tests.export_frames import (  # noqa: F401 (fixture)
    ACTIONS_HEADER, EVIL_FORMULA, make_actions, make_changes, make_pack, pack,
)


@pytest.fixture(scope="module")
def workbook(pack):
    return openpyxl.load_workbook(io.BytesIO(build_workbook(pack)))


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
    assert workbook.sheetnames == ["Summary", "Exceptions", "Actions", "Milestones", "Changes", "Owner load",
                                   "Themes"]
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
    # a string cell, shown as typed: no formula and no visible apostrophe (issue 13)
    assert evil.value == EVIL_FORMULA and evil.data_type == "s"
    early = cell_of(ws, "1.2", "Latest commentary")
    assert early.value == "-2 days: done early" and early.data_type == "s"
    slip = cell_of(ws, "1.2", "Slippage (days)")
    assert slip.value == -20 and slip.data_type == "n"
    # no cell anywhere in the workbook is a formula
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    # the Changes sheet's commentary and the Summary's sentences are string cells too
    assert "@Sue please chase" in [c.value for c in workbook["Changes"]["F"]]
    assert "=1+1 should stay text" in [c.value for c in workbook["Summary"]["B"]]


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
    assert "1 of 4 actions is complete." in [c.value for c in ws["B"]]
    # the headline figures, worded as on the screen (components.rules.headline_figures)
    assert (labels["Actions complete"], labels["Red actions"], labels["Amber actions"]) == ("1 of 4", "1", "1")
    assert (labels["Red actions + milestones"], labels["Stale actions + milestones"],
            labels["Due before the next review"]) == ("2", "1", "3")
    assert (labels["Median slippage of actions"], labels["Worst slippage, any item"]) == (
        "10 days", "152 days")
    # the theme table, on its own sheet: header, two themes, then the all-themes row outside the filter range
    assert ws.page_setup.orientation == "portrait"
    ws = workbook["Themes"]
    header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Theme")
    assert ws.cell(header_row, 2).value == "Title"
    assert [ws.cell(header_row + i, 1).value for i in (1, 2, 3)] == ["1", "2", "All"]
    assert ws.cell(header_row + 3, 2).value == "All themes" and ws.cell(header_row + 3, 1).font.bold
    assert ws.auto_filter.ref == f"A{header_row}:S{header_row + 2}"
    red_label = next(c for c in workbook["Summary"]["A"] if c.value == "Red actions")
    assert red_label.fill.fgColor.rgb.upper().endswith("D4351C")


def test_control_characters_are_dropped_before_neutralising():
    actions = make_actions()
    actions.loc[3, "last_commentary"] = "\x01=cmd|' /C calc'!A0\x0b"  # Word's vertical tab, say
    ws = openpyxl.load_workbook(io.BytesIO(build_workbook(make_pack(actions, {}))))["Actions"]
    assert cell_of(ws, "2.2", "Latest commentary").value == "=cmd|' /C calc'!A0"


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
    # refs made of digits and dots stay as typed when Excel or Calc opens the file (="1.1" is text)
    assert [(ref, kept) for ref, kept in zip(pack.actions["item_ref"], frame["Ref"])][:2] == [
        ("1.1", '="1.1"'), ("1.2", '="1.2"')]


# ---------------------------------------------------------------------------------------------- both

def test_large_pack_builds():
    """3,700 actions (the four of make_actions, 925 times over): both builders cope."""
    big = pd.concat([make_actions()] * 925, ignore_index=True)
    big["ref"] = big["item_ref"] = [f"{r}-{i}" for i, r in enumerate(big["ref"])]
    pack = make_pack(big, {})
    with zipfile.ZipFile(io.BytesIO(build_workbook(pack))) as xlsx:  # reading it back cell by cell is slow
        actions_sheet = xlsx.read("xl/worksheets/sheet3.xml").decode()
    assert actions_sheet.count("<row ") == 1 + 3700 and '<row r="3701"' in actions_sheet
    assert build_review_pack_html(pack).count("<tr>") >= 3700
