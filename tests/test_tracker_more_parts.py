"""The rules the new tracker shapes needed, one by one: numbers shown by their format, styled empty cells,
hidden columns, title rows that are not group headings, plan titles, RAG words, owners' emails."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from store.tracker import TrackerOptions, build_plan, read_tracker
from store.tracker.excel import format_number, open_xlsx, read_xlsx_sheet
from store.tracker.grid import Cell, Sheet
from store.tracker.header import find_header, read_layout
from store.tracker.meta import title_of
from store.tracker.officers import split_owners
from store.tracker.synonyms import recognise
from store.tracker.when import read_when
from store.tracker.words import rag_of, status_of


@pytest.mark.parametrize("value, fmt, shown", [
    (1.1, "0.00", "1.10"), (1.1, "0.0", "1.1"), (2, "0", "2"), (2.0, "0.0", "2.0"), (1500, "#,##0", "1,500"),
    (1500.5, "#,##0.00", "1,500.50"), (1.1, "General", "1.1"), (0.5, "0%", "50%"), (12.0, "General", "12")])
def test_numbers_are_read_as_their_format_shows_them(value, fmt, shown):
    assert format_number(value, fmt) == shown


def _xlsx(build) -> bytes:
    book = Workbook()
    build(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_styled_empty_cell_and_a_hidden_column_are_read_without_fuss():
    def build(ws):
        ws.append(["Ref", "Action", "Notes", "Target date"])
        ws.append(["1", "Do it", "private", "Jun 2019"])
        ws["B5"].font = Font(bold=True)  # formatting with no value (this used to stop the reader)
        ws.column_dimensions["C"].hidden = True

    book = open_xlsx(_xlsx(build), "t.xlsx")
    sheet = read_xlsx_sheet(book, "Sheet", "t.xlsx")
    assert (sheet.max_row, sheet.hidden_cols, sheet.text(2, 3)) == (2, {3}, "private")
    layout = read_layout(sheet)
    assert [(c.label, c.field, c.how) for c in layout.columns] == [
        ("Ref", "ref", "phrase"), ("Action", "action", "phrase"), ("Notes", "extra", "hidden"),
        ("Target date", "end", "phrase")]
    assert layout.notes == ["Column C 'Notes' is hidden in the sheet: kept as an extra column, not read as "
                            "'Progress commentary'."]
    given = read_layout(sheet, given={"Notes": "commentary"})  # a mapping still reads it
    assert [c.field for c in given.columns] == ["ref", "action", "commentary", "end"]


def _sheet(rows, merges=()) -> Sheet:
    sheet = Sheet("S", "x.xlsx")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                sheet.cells[(r, c)] = Cell(value, value)
    sheet.merges = list(merges)
    sheet.index_merges()
    return sheet


HEADER = ["Ref", "Action", "Lead officer", "Target date", "RAG"]
DATA = ["1", "Do a thing", "Head of Income", "Jun 2019", "G"]


def test_a_title_over_the_header_is_not_a_group_heading_but_rag_over_quarters_is():
    assert find_header(_sheet([["Action Plan"], HEADER, DATA]), {})[0] == (2,)
    assert find_header(_sheet([["Action Plan"], HEADER, DATA], [(1, 1, 1, 5)]), {})[0] == (2,)  # across the table
    long_title = "Tenant Services Plan – progress report as at 30 September 2019"
    assert find_header(_sheet([[long_title], HEADER, DATA]), {})[0] == (2,)
    quarters = _sheet([HEADER[:4] + ["RAG", "", ""], ["", "", "", "", "Q1", "Q2", "Q3"], DATA], [(1, 5, 1, 7)])
    assert find_header(quarters, {}) == ((1, 2), {1: "Ref", 2: "Action", 3: "Lead officer", 4: "Target date",
                                                  5: "RAG Q1", 6: "RAG Q2", 7: "RAG Q3"})


@pytest.mark.parametrize("rows, title", [
    ([(1, "Southvale City Council"), (2, "Rent Collection Plan")], "Southvale City Council – Rent Collection Plan"),
    ([(1, "Southvale City Council"), (2, "Key: B = complete")], "Southvale City Council"),
    ([(1, "Tenant Services Plan – progress report as at 30 September 2019")], "Tenant Services Plan"),
    ([(1, "Housing Plan: position at end of Q2 2019/20")], "Housing Plan"),
    ([(1, "Quarterly Performance Monitoring Report")], "Quarterly Performance Monitoring Report"),
    ([(1, "Progress as at 31 March 2011"), (2, "Voids Plan")], "Voids Plan"),
])
def test_plan_titles_from_title_rows(rows, title):
    assert title_of(rows, "Sheet1", "x.xlsx") == title


def test_rag_words_councils_use_and_a_status_said_in_the_rag_column():
    words = ("On track", "At risk", "Off track", "Not on track", "Completed", "Green/Amber", "On schedule")
    assert [rag_of(w) for w in words] == ["green", "amber", "red", "red", "blue", "amber", "green"]
    assert [status_of(w) for w in ("Not started", "On hold", "At risk")] == ["not_started", "on_hold", "in_progress"]


def test_an_email_address_is_a_person_and_a_job_title_in_brackets_is_dropped():
    owners = split_owners("j.bloggs@southvale.gov.uk / Jane Smith (Head of Rents); Legal Services")
    assert [(o.as_written, o.name, o.kind) for o in owners] == [
        ("j.bloggs@southvale.gov.uk", "j.bloggs@southvale.gov.uk", "person"),
        ("Jane Smith (Head of Rents)", "Jane Smith", "person"), ("Legal Services", "Legal Services", "role")]
    # a role keeps what its brackets add, unless they only say it is a stopgap
    assert [(o.name, o.kind) for o in split_owners("Director (Housing) / Repairs Manager (Interim)")] == [
        ("Director (Housing)", "role"), ("Repairs Manager", "role")]


@pytest.mark.parametrize("text, first, last, ranged", [
    ("Jan-Mar 2020", "2020-01-01", "2020-03-31", True), ("Sep – Dec 2019", "2019-09-01", "2019-12-31", True),
    ("January to March 2020", "2020-01-01", "2020-03-31", True), ("Nov-Feb 2020", "2019-11-01", "2020-02-29", True),
    ("Spring/Summer 2020", "2020-03-01", "2020-08-31", True), ("Mar - Jun 19", "2019-03-01", "2019-06-30", True),
    ("2019/20 Q3", "2019-10-01", "2019-12-31", False), ("H1 2020", "2020-01-01", "2020-06-30", False),
    ("H2 2020", "2020-07-01", "2020-12-31", False), ("H1 2020/21", "2020-04-01", "2020-09-30", False),
    ("H2 2019/20", "2019-10-01", "2020-03-31", False), ("Apr 2019 – Mar 2020", "2019-04-01", "2020-03-31", True)])
def test_month_ranges_sharing_a_year_financial_year_quarters_and_halves(text, first, last, ranged):
    """A range gives the item its start too (when it has no start column); a period alone does not."""
    got = read_when(text, "end")
    assert (got.first, got.last, got.ranged) == (date.fromisoformat(first), date.fromisoformat(last), ranged)


@pytest.mark.parametrize("header, field", [
    ("RAG¹", "rag"), ("Target date*", "end"), ("Progress (RAG)", "rag"), ("Q3 (RAG)", "rag"),
    ("Completion date (actual)", "completed_on"), ("Actual completion", "completed_on"),
    ("Target date (revised)", "revised_end"), ("Target date (month means month end)", "end"),
    ("Date action added", "extra"), ("Evidence of completion", "extra"), ("Status update", "commentary"),
    ("Target\nDate", "end"), ("Action owner(s)", "owner"), ("Lead Officer / Team", "owner")])
def test_headers_with_footnote_marks_brackets_and_line_breaks(header, field):
    """A bracket naming what the cells hold decides; other brackets are hints and are ignored."""
    assert recognise(header) == field


def test_a_workbook_with_a_sheet_a_quarter_imports_one_and_says_which_others_hold_a_plan():
    book = Workbook()
    book.active.title = "Guidance"
    book.active["A1"] = "Update the status by the 5th of each month."
    for name, status in (("Q1 2019-20", "Not started"), ("Q2 2019-20", "In progress")):
        ws = book.create_sheet(name)
        ws.append(["Ref", "Action", "Lead officer", "Target date", "Status"])
        ws.append(["1", "Do a thing", "Head of Income", "Jun 2019", status])
    out = io.BytesIO()
    book.save(out)
    sheet, names = read_tracker(out.getvalue(), "plan.xlsx")
    assert (sheet.name, names) == ("Q1 2019-20", ["Guidance", "Q1 2019-20", "Q2 2019-20"])
    assert sheet.notes == ["plan.xlsx: other sheets are laid out like a plan too ('Q2 2019-20'); only 'Q1 2019-20' "
                           "was imported. Import another with --sheet NAME (on the Data page: the Sheet box)."]
    chosen, _ = read_tracker(out.getvalue(), "plan.xlsx", sheet="q2 2019-20")
    assert (chosen.name, chosen.notes) == ("Q2 2019-20", [])


@pytest.mark.parametrize("cell, owners", [
    ("J.Smith/K.Jones", [("J.Smith", "person"), ("K.Jones", "person")]),
    ("Jane Smith - Head of Rents", [("Jane Smith", "person")]),
    ("Lead: Jane Smith; Support: Tom Reid", [("Jane Smith", "person"), ("Tom Reid", "person")]),
    ("Head of Service: Housing", [("Head of Service: Housing", "role")]),
    ("Head of Housing - North", [("Head of Housing - North", "role")])])
def test_owners_written_with_initials_a_title_after_a_dash_or_labels(cell, owners):
    assert [(o.name, o.kind) for o in split_owners(cell)] == owners


def test_more_status_and_rag_words():
    words = ("Transferred to BAU", "Business as usual", "Slippage", "No longer applicable", "Merged with 2.3")
    assert [status_of(w) for w in words] == ["complete", "complete", "in_progress", "cancelled", "cancelled"]
    assert [rag_of(w) for w in ("AG", "GA", "AR", "RA")] == ["amber", "amber", "red", "red"]


def test_a_ref_typed_1_10_into_a_general_cell_is_read_as_1_10_after_1_9():
    def build(ws):
        ws.append(["Ref", "Action", "Target date"])
        for ref in (1.1, 1.2, 1.9, 1.1, 1.11, 2.1):  # Excel keeps 1.10 as the number 1.1
            ws.append([ref, f"Action {ref}", "Jun 2019"])

    book = open_xlsx(_xlsx(build), "t.xlsx")
    plan = build_plan(read_xlsx_sheet(book, "Sheet", "t.xlsx"), TrackerOptions(), officers=[], aliases=[],
                      today=date(2019, 5, 1))
    assert [a["ref"] for a in plan.actions] == ["1.1", "1.2", "1.9", "1.10", "1.11", "2.1"]
    assert plan.warnings == ["t.xlsx, sheet 'Sheet' row 5, column A (Ref): Excel keeps the number 1.1; after '1.9' it "
                             "is read as '1.10'."]
