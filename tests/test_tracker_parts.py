"""The tracker importer's parts: the one synonym table, dates as councils write them, owners, and the
bounds that keep an upload from taking the machine's memory."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from store.errors import DateParseError, ValidationError
from store.tracker import read_tracker
from store.tracker.excel import date_granularity, format_date
from store.tracker.grid import Cell
from store.tracker.officers import split_owners
from store.tracker.synonyms import FIELDS, SYNONYMS, recognise
from store.tracker.when import read_when
from store.tracker.words import rag_of, status_of

D = date.fromisoformat


def test_every_phrase_of_the_synonym_table_reads_as_its_field():
    assert set(SYNONYMS) <= set(FIELDS)
    wrong = [(p, f, recognise(p)) for f, phrases in SYNONYMS.items() for p in phrases if recognise(p) != f]
    assert wrong == []


@pytest.mark.parametrize(("header", "field"), [
    ("Ref No.", "ref"), ("Number", "ref"), ("Action Code", "ref"), ("Action", "action"), ("Improvement", "action"),
    ("Action description", "action"), ("Key project", "action"), ("Project Title", "action"),
    ("What we will deliver", "action"), ("Key milestones", "milestone"), ("Lead officer", "owner"),
    ("Responsible Person", "owner"), ("By whom", "owner"), ("Responsible for", "owner"),
    ("Project Executive", "owner"), ("Start date", "start"), ("Target date", "end"), ("Deadline", "end"),
    ("By when", "end"), ("Due Date", "end"), ("Target end date", "end"), ("Complete by", "end"),
    ("Target date (month means month end)", "end"), ("Status", "status"), ("RAG", "rag"), ("BRAG", "rag"),
    ("Q1 BRAG", "rag"), ("Q4 RAG status", "rag"), ("Progress", "commentary"), ("Comment on progress", "commentary"),
    ("Action update", "commentary"), ("Q2 update", "commentary"), ("Update date", "update_date"),
    ("Revised timetable", "revised_end"), ("Budget", "extra"), ("Savings £000", "extra"),
    ("Monitoring & Reporting", "extra"), ("Consultation", "extra"), ("Priority", "extra"),
    ("Lead Member", "extra"), ("Officer responsible for delivery", "owner"), ("Date action completed", "completed_on"),
    ("Revised target date (if slipped)", "revised_end"), ("Wibble", None),
])
def test_council_headers(header, field):
    assert recognise(header) == field


@pytest.mark.parametrize(("text", "start", "end"), [
    ("September 2009", "2009-09-01", "2009-09-30"), ("Jun 2016", "2016-06-01", "2016-06-30"),
    ("21 March 2005", "2005-03-21", "2005-03-21"), ("01 June 2006 and ongoing as needed", "2006-06-01", "2006-06-01"),
    ("30/09/2019", "2019-09-30", "2019-09-30"), ("5/3/2020", "2020-03-05", "2020-03-05"),
    ("30.09.19", "2019-09-30", "2019-09-30"), ("Q3 2017/18", "2017-10-01", "2017-12-31"),
    ("Q4 2017/18", "2018-01-01", "2018-03-31"), ("Q1 19/20", "2019-04-01", "2019-06-30"),
    ("2018/19", "2018-04-01", "2019-03-31"), ("2018-19", "2018-04-01", "2019-03-31"),
    ("2019", "2019-01-01", "2019-12-31"), ("Sept 16", "2016-09-01", "2016-09-30"), ("Jun-26", "2026-06-01", "2026-06-30"),
    ("31st March 2019", "2019-03-31", "2019-03-31"), ("by end of March 2020", "2020-03-01", "2020-03-31"),
    ("Autumn 2019", "2019-09-01", "2019-11-30"), ("Apr 2019 - Mar 2020", "2019-04-01", "2020-03-31"),
    ("Revised to March 2020", "2020-03-01", "2020-03-31"), ("2019-03-31", "2019-03-31", "2019-03-31"),
])
def test_dates_as_written(text, start, end):
    got = read_when(text, "end")
    assert (got.raw, got.first, got.last) == (text, D(start), D(end))


def test_words_that_are_not_dates():
    assert read_when("ongoing", "end").is_ongoing and read_when("Annually", "end").is_ongoing
    assert read_when("TBC", "end").no_date == "to be confirmed" == read_when("n/a", "start").no_date
    assert read_when("", "end").no_date is None and read_when("", "end").last is None
    done = read_when("Done", "end")
    assert (done.is_done, done.last) == (True, None)
    assert (read_when("Completed March 2019", "end").is_done, read_when("Completed March 2019", "end").last) == (
        True, D("2019-03-31"))
    assert read_when("When funding allows", "end").no_date == "not a date"
    for bad in ("31/02/2019", "Q5 2019", "13/13/2019", "2019/21"):
        with pytest.raises(DateParseError):
            read_when(bad, "end")


def test_excel_date_cells_keep_their_displayed_text():
    assert format_date(datetime(2026, 6, 1), "mmm-yy") == "Jun-26"
    assert format_date(datetime(2019, 12, 31), "dd-mmm-yyyy") == "31-Dec-2019"
    assert format_date(datetime(2019, 12, 31), "mm-dd-yy") == "31/12/2019"  # Excel's short date, UK order
    assert format_date(datetime(2019, 12, 31), "[$-809]d mmmm yyyy") == "31 December 2019"
    assert [date_granularity(f) for f in ("mmm-yy", "dd-mmm-yyyy", "yyyy", "mmmm yyyy")] == [
        "month", "day", "year", "month"]
    month = read_when(Cell("Jun-26", datetime(2026, 6, 1), "mmm-yy", is_date=True), "end")
    assert (month.raw, month.first, month.last) == ("Jun-26", D("2026-06-01"), D("2026-06-30"))
    day = read_when(Cell("01-Jun-2026", datetime(2026, 6, 1), "dd-mmm-yyyy", is_date=True), "end")
    assert (day.raw, day.first, day.last) == ("01-Jun-2026", D("2026-06-01"), D("2026-06-01"))


@pytest.mark.parametrize(("text", "owners"), [
    ("Sue Philp/Lee Birch", [("Sue Philp", "person"), ("Lee Birch", "person")]),
    ("A Smith and B Jones", [("A Smith", "person"), ("B Jones", "person")]),
    ("A Smith, B Jones", [("A Smith", "person"), ("B Jones", "person")]),
    ("Head of Income", [("Head of Income", "role")]),
    ("Head of Housing and Regeneration", [("Head of Housing and Regeneration", "role")]),
    ("Head of Income and Head of Housing", [("Head of Income", "role"), ("Head of Housing", "role")]),
    ("Project Board", [("Project Board", "role")]), ("DMT", [("DMT", "role")]),
    ("Customer Services", [("Customer Services", "role")]),
    ("Mr J Smith (Head of Income)", [("J Smith", "person")]),
    ("Director of Housing / Cabinet", [("Director of Housing", "role"), ("Cabinet", "role")]),
])
def test_owners_split_on_the_usual_separators(text, owners):
    assert [(o.name, o.kind) for o in split_owners(text)] == owners


def test_status_and_rag_words():
    assert [status_of(w) for w in ("Done", "Complete", "Ongoing", "In progress", "Not started", "Delayed",
                                   "On hold", "Withdrawn", "Wibble")] == [
        "complete", "complete", "in_progress", "in_progress", "not_started", "in_progress", "on_hold", "cancelled",
        None]
    assert [rag_of(w) for w in ("B", "R", "A", "G", "Amber/Red", "green", "Blue")] == [
        "blue", "red", "amber", "green", "red", "green", "blue"]
    assert [rag_of("", fill) for fill in ("FF0000", "FFC000", "00B050", "0070C0", None)] == [
        "red", "amber", "green", "blue", None]


def _workbook(rows, declared: str | None = None) -> bytes:
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    if declared is None:
        return out.getvalue()
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            dst.writestr(info, data)
    return patched.getvalue()


HEAD = ["Ref", "Action", "Lead officer", "Target date"]


def test_a_sheet_declaring_every_cell_of_excel_reads_only_what_it_holds():
    data = _workbook([HEAD, ["1", "Do the thing", "Sue Philp", "Jun 2020"]], declared="A1:XFD1048576")
    tracemalloc.start()
    sheet, _ = read_tracker(data, "huge.xlsx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (sheet.max_row, sheet.max_col) == (2, 4)
    assert peak < 20_000_000


def test_too_many_rows_columns_or_bytes_are_refused_plainly():
    many_rows = "\n".join(["Ref,Action,Lead officer"] + [f"{i},Action {i},Sue" for i in range(5_001)]).encode()
    with pytest.raises(ValidationError) as err:
        read_tracker(many_rows, "long.csv")
    assert err.value.problems[0].startswith("long.csv: sheet 'long' has values below row 5,000 (the limit).")
    wide = _workbook([HEAD + [None] * 96 + ["too far"]])
    with pytest.raises(ValidationError) as err:
        read_tracker(wide, "wide.xlsx")
    assert err.value.problems[0].startswith("wide.xlsx: sheet 'Sheet' has values in column CW; the limit is 100 "
                                            "columns (CV).")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * 70_000_000)
    with pytest.raises(ValidationError) as err:
        read_tracker(bomb.getvalue(), "bomb.xlsx")
    assert err.value.problems[0].startswith("bomb.xlsx: the workbook unpacks to 70 MB; the limit is 60 MB.")
    with pytest.raises(ValidationError) as err:
        read_tracker(b"not a zip", "plan.xlsx")
    assert err.value.problems == ["plan.xlsx: the file is not an Excel workbook (.xlsx). Save it from Excel as "
                                  "'Excel Workbook (.xlsx)' or as CSV."]
