"""Trackers the importer had not seen, part 2: a hidden column and footer rows, a guidance sheet before the
plan, a theme column merged down its actions, group headings over the header; an unreadable date in any of
them is reported with its sheet, row, column and text; the plain command imports them with no flags."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from openpyxl import load_workbook

from store.errors import ValidationError
from tests import tracker_fixtures_more as fx
from tests.conftest import ROOT
from tests.test_build import snapshot
from tests.test_tracker_import import imported, rows
from tests.test_tracker_more import ACTIONS, FINDINGS, OWNERS, UPDATES

D = date.fromisoformat


def test_a_hidden_column_is_kept_not_read_and_footer_rows_are_left_out_and_said(built_db, tmp_path):
    result = imported(tmp_path, built_db, "hidden.xlsx", fx.hidden_column_tracker())
    p = result.plan_id
    assert (p, result.themes, result.actions, result.updates) == ("plan", 1, 3, 3)
    # the hidden 'Officer working notes' would read as commentary: kept on the action, not shown as progress
    assert rows(built_db, ACTIONS, p=p) == [
        ("HS1", "1", "Review fire risk assessments for all blocks", "", "30/09/2019", None, D("2019-09-30"), None,
         '{"Officer working notes": "check with Pete", "Priority": "High"}'),
        ("HS2", "1", "Install sprinklers in high-rise blocks", "", "Mar-20", None, D("2020-03-31"), None,
         '{"Priority": "High"}'),  # an Excel date shown mmm-yy: the month's end
        ("HS3", "1", "Publish the building safety strategy", "", "TBC", None, None, None, '{"Priority": "Medium"}')]
    assert rows(built_db, OWNERS, p=p) == [
        ("HS1", None, "Building Safety Manager", "role", "Building Safety Manager"),
        ("HS2", None, "Building Safety Manager", "role", "Building Safety Manager"),
        ("HS3", None, "Director of Housing", "role", "Director of Housing")]
    assert rows(built_db, UPDATES, p=p) == [
        ("HS1", None, D("2019-04-30"), "complete", 100.0, D("2019-04-30"), None, None, "All 42 blocks assessed"),
        ("HS2", None, D("2019-04-30"), "in_progress", None, None, "amber", "As stated in the source (BRAG: A)",
         "Two of six blocks done"),
        ("HS3", None, D("2019-04-30"), "in_progress", None, None, "green", "As stated in the source (BRAG: G)",
         None)]
    assert rows(built_db, FINDINGS, p=p) == [
        ("HS2", "Source RAG differs from the dates", 3, "BRAG", "A"),
        ("HS3", "Date to be confirmed", 4, "Due Date", "TBC")]
    assert result.warnings == [
        "Column E 'Officer working notes' is hidden in the sheet: kept as an extra column, not read as "
        "'Progress commentary'.",
        "hidden.xlsx, sheet 'Plan' row 6: 'Total actions: 3' is below the last action (a total or a key): left out.",
        "hidden.xlsx, sheet 'Plan' row 7: 'Key: B = complete, R = not on track' is below the last action (a total "
        "or a key): left out.",
        "The sheet states no 'as at' date: its progress is dated 30 Apr 2019 (the day the file was last saved). "
        "Give the date it was reported at (--as-at) if that is wrong.",
        "Action HS2: source says Amber, dates say it is on track (Green) as at 30 Apr 2019."]


def test_a_guidance_sheet_before_the_plan_sheet_and_bold_theme_rows(built_db, tmp_path):
    result = imported(tmp_path, built_db, "riverside.xlsx", fx.notes_sheet_tracker())
    p = "riverside-homes-asset-management-action-plan"
    assert (result.plan_id, result.themes, result.actions, result.updates) == (p, 2, 3, 3)
    assert rows(built_db, "select title, organisation, source from plan where plan_id = $p", p=p) == [
        ("Riverside Homes – Asset Management Action Plan", "Riverside Homes",
         "Imported from riverside.xlsx, sheet 'Housing Plan'")]
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Decent homes"), ("2", "Energy efficiency")]
    assert rows(built_db, ACTIONS, p=p) == [
        ("1.1", "1", "Survey 20% of homes each year", "", "31/03/2019", None, D("2019-03-31"), None, None),
        ("1.2", "1", "Agree a five-year investment programme", "", "30/06/2019", None, D("2019-06-30"), None, None),
        ("2.1", "2", "Fit loft insulation to 300 homes", "", "31/03/2020", None, D("2020-03-31"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [
        ("1.1", None, "Asset Manager", "role", "Asset Manager"),
        ("1.2", None, "Asset Manager", "role", "Asset Manager"),
        ("1.2", None, "Finance Business Partner", "role", "Finance Business Partner"),
        ("2.1", None, "Sustainability Officer", "role", "Sustainability Officer")]
    assert rows(built_db, UPDATES, p=p) == [
        ("1.1", None, D("2019-04-30"), "complete", 100.0, D("2019-04-30"), None, None,
         "Status in the source: Completed"),
        ("1.2", None, D("2019-04-30"), "in_progress", None, None, None, None,
         "Draft with the Board\nStatus in the source: Ongoing"),
        ("2.1", None, D("2019-04-30"), "not_started", None, None, None, None, "Status in the source: Not yet started")]


def test_a_theme_column_merged_down_its_actions_and_number_refs(built_db, tmp_path):
    result = imported(tmp_path, built_db, "Customer plan.xlsx", fx.merged_theme_tracker())
    p = "customer-plan"
    assert (result.plan_id, result.themes, result.actions, result.updates) == (p, 2, 3, 1)
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Customer access"), ("2", "Value for money")]
    assert rows(built_db, ACTIONS, p=p) == [
        ("1", "1", "Open a single front door for housing enquiries", "", "Sep-19", None, D("2019-09-30"), None, None),
        ("2", "1", "Answer 80% of calls within a minute", "", "Jan-Mar 2020", D("2020-01-01"), D("2020-03-31"), None,
         None),  # months sharing a year: a start and an end
        ("3", "2", "Re-tender the responsive repairs contract", "", "2020/21", None, D("2021-03-31"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [  # "&" and ";" separate owners
        ("1", None, "Customer Services", "role", "Customer Services"), ("1", None, "ICT", "role", "ICT"),
        ("2", None, "Contact Centre Manager", "role", "Contact Centre Manager"),
        ("3", None, "Head of Procurement", "role", "Head of Procurement"),
        ("3", None, "Repairs Manager", "role", "Repairs Manager")]
    assert rows(built_db, UPDATES, p=p) == [
        ("1", None, D("2019-04-30"), "in_progress", None, None, None, None, "Phone line live; web form next")]


def test_group_headings_over_the_header_and_milestone_rows_under_a_merged_action(built_db, tmp_path):
    result = imported(tmp_path, built_db, "grouped.xlsx", fx.grouped_header_tracker())
    p = "delivery-plan"
    assert (result.plan_id, result.themes, result.actions, result.milestones, result.updates) == (p, 1, 2, 2, 4)
    assert rows(built_db, "select ref, start_text, end_text, baseline_start, baseline_end from action "
                          "where plan_id = $p order by position", p=p) == [
        ("D1", "Jan 2019", "Jun 2019", D("2019-01-01"), D("2019-06-30")),
        ("D2", "Apr 2019", "Mar 2020", D("2019-04-01"), D("2020-03-31"))]
    assert rows(built_db, "select ref, seq, title, start_text, end_text, baseline_start, baseline_end from milestone "
                          "where plan_id = $p order by ref, seq", p=p) == [
        ("D1", 1, "Legal review of the agreement", "Jan 2019", "Feb 2019", D("2019-01-01"), D("2019-02-28")),
        ("D1", 2, "Consult tenants", "Mar 2019", "Jun 2019", D("2019-03-01"), D("2019-06-30"))]
    assert rows(built_db, OWNERS, p=p) == [
        ("D1", 1, "Legal Services", "role", "Legal Services"), ("D1", 2, "Tenancy Manager", "role", "Tenancy Manager"),
        ("D2", None, "Tenancy Manager", "role", "Tenancy Manager")]
    assert rows(built_db, UPDATES, p=p) == [
        ("D1", None, D("2019-04-30"), "in_progress", None, None, "amber",
         "As stated in the source for its milestones (the worst is Amber)", None),
        ("D1", 1, D("2019-04-30"), "complete", 100.0, D("2019-04-30"), None, None, "Legal review done"),
        ("D1", 2, D("2019-04-30"), "in_progress", None, None, "amber", "As stated in the source (PROGRESS RAG: A)",
         None),
        ("D2", None, D("2019-04-30"), "in_progress", None, None, "red", "As stated in the source (PROGRESS RAG: R)",
         "Board decision delayed")]


def _with_cell(data: bytes, sheet: str | None, cell: str, value) -> bytes:
    book = load_workbook(io.BytesIO(data))
    (book[sheet] if sheet else book.active)[cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_unreadable_dates_are_reported_with_sheet_row_column_and_text_and_nothing_is_written(built_db, tmp_path):
    data = _with_cell(fx.legend_tracker(), None, "D8", "Q5 2020")
    data = _with_cell(data, None, "F10", "31/13/2019")
    before = snapshot(built_db)
    with pytest.raises(ValidationError) as err:
        imported(tmp_path, built_db, "legend.xlsx", data)
    assert err.value.problems == [
        "legend.xlsx, sheet 'Tracker' row 8, column D (Timescale): 'Q5 2020' is not a date that can be read: write a "
        "day ('30/09/2019', '21 March 2005'), a month ('Jun 2016'), a quarter ('Q3 2017/18'), a financial year "
        "('2018/19'), 'ongoing' or 'TBC'.",
        "legend.xlsx, sheet 'Tracker' row 10, column F (Date of update): '31/13/2019' is not a real calendar day "
        "(dates are read day first: 30/09/2019 is 30 September)."]
    assert snapshot(built_db) == before


def test_the_plain_command_imports_each_new_tracker_with_no_flags(built_db, tmp_path):
    env = {**os.environ, "PLAN_DB": str(built_db)}
    expected = {"Action Plan.xlsx": (fx.word_paste_tracker, "action-plan", "1 themes, 4 actions, 0 milestones"),
                "tenant-plan.csv": (fx.bom_csv_tracker, "tenant-services-plan", "2 themes, 3 actions, 0 milestones"),
                "notes.xlsx": (fx.notes_sheet_tracker, "riverside-homes-asset-management-action-plan",
                               "2 themes, 3 actions, 0 milestones")}
    for name, (make, plan_id, counts) in expected.items():
        path = tmp_path / name
        path.write_bytes(make())
        done = subprocess.run([sys.executable, "-m", "store", "import", str(path)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Imported plan '{plan_id}' ({counts}"), done.stdout
        assert "Traceback" not in done.stderr


def test_bulleted_steps_under_an_action_are_its_milestones(built_db, tmp_path):
    result = imported(tmp_path, built_db, "voids.csv", fx.bulleted_steps_csv())
    p = "voids-and-arrears-action-plan"
    assert (result.plan_id, result.actions, result.milestones, result.updates) == (p, 3, 4, 7)
    # an action of its own that happens to start with a dash stays an action (it has its own ref)
    assert rows(built_db, "select ref, action_text, end_text, baseline_end from action where plan_id = $p "
                          "order by position", p=p) == [
        ("1", "Reduce void times", "Mar 2020", D("2020-03-31")), ("2", "Cut rent arrears", "Mar 2020", D("2020-03-31")),
        ("3", "- Publish a voids lettings standard", "Jun 2020", D("2020-06-30"))]
    assert rows(built_db, "select ref, seq, title, end_text, baseline_end from milestone where plan_id = $p "
                          "order by ref, seq", p=p) == [
        ("1", 1, "Review the void standard", "Sep 2019", D("2019-09-30")),
        ("1", 2, "Re-tender the voids contract", "Dec 2019", D("2019-12-31")),
        ("2", 1, "New arrears letters", "Jun 2019", D("2019-06-30")),
        ("2", 2, "Court protocol review", "Oct 2019", D("2019-10-31"))]
    assert rows(built_db, OWNERS, p=p) == [
        ("1", None, "Voids Manager", "role", "Voids Manager"), ("1", 1, "Voids Manager", "role", "Voids Manager"),
        ("1", 2, "Procurement", "role", "Procurement"), ("2", None, "Income Manager", "role", "Income Manager"),
        ("2", 1, "Income Manager", "role", "Income Manager"), ("2", 2, "Legal Services", "role", "Legal Services"),
        ("3", None, "Voids Manager", "role", "Voids Manager")]
    # "On track" in the Status column is the source's rating as well as its status
    assert rows(built_db, "select ref, seq, reported_on, status, actual_end, rag_override, rag_reason "
                          "from progress_update where plan_id = $p order by ref, seq nulls first", p=p) == [
        ("1", None, D("2019-12-31"), "in_progress", None, None, None),
        ("1", 1, D("2019-12-31"), "complete", D("2019-12-31"), None, None),
        ("1", 2, D("2019-12-31"), "in_progress", None, None, None),
        ("2", None, D("2019-12-31"), "in_progress", None, "green", "As stated in the source (Status: On track)"),
        ("2", 1, D("2019-12-31"), "complete", D("2019-12-31"), None, None),
        ("2", 2, D("2019-12-31"), "not_started", None, None, None),
        ("3", None, D("2019-12-31"), "not_started", None, None, None)]
    assert result.warnings == []
