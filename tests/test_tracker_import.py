"""Councils' own trackers import as they are: each shape of tests/tracker_fixtures.py, read back from
the database with the exact themes, actions, milestones, dates, owners and imported progress."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest

from store.errors import ValidationError
from store.importer import import_plan
from tests import tracker_fixtures as fx
from tests.conftest import ROOT
from tests.test_build import snapshot

D = date.fromisoformat


def imported(tmp_path, db, name, data, **kw):
    path = tmp_path / name
    path.write_bytes(data)
    return import_plan(path, db, actor="Test", **kw)


def rows(db, sql, **params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or None).fetchall()
    finally:
        con.close()


def test_title_rows_and_section_rows(built_db, tmp_path):
    result = imported(tmp_path, built_db, "westshire.xlsx", fx.sections_tracker())
    p = "westshire-district-council-tenancy-services"
    assert (result.plan_id, result.themes, result.actions, result.milestones, result.updates) == (p, 3, 5, 0, 5)
    assert rows(built_db, "select title, organisation, source from plan where plan_id = $p", p=p) == [
        ("Westshire District Council – Tenancy Services Improvement Plan 2009–12", "Westshire District Council",
         "Imported from westshire.xlsx, sheet 'Improvement Plan'")]
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Performance Reporting"), ("2", "Reduce void loss"), ("2.3", "Improve tenant engagement")]
    assert rows(built_db, "select ref, theme_code, action_text, start_text, end_text, baseline_start, baseline_end, "
                          "is_ongoing, extra from action where plan_id = $p order by position", p=p) == [
        ("1.1", "1", "Publish a quarterly performance report to tenants", "September 2009", "21 March 2010",
         D("2009-09-01"), D("2010-03-21"), False, '{"Budget": "£2,000"}'),
        ("1.2", "1", "Benchmark void costs with other landlords", "Jun 2010", "01 June 2011 and ongoing as needed",
         D("2010-06-01"), D("2011-06-01"), False, None),
        ("2.1", "2", "Review the void standard", "2010/11", "Q3 2010/11", D("2010-04-01"), D("2010-12-31"), False,
         None),  # no ref in the source: numbered within its theme
        ("2.2", "2", "Introduce pre-void inspections", "TBC", "ongoing", None, None, True, None),
        ("2.3.1", "2.3", "Set up a tenant scrutiny panel", "30/09/2009", "Done", D("2009-09-30"), None, False, None)]
    assert rows(built_db, "select s.ref, o.name, o.kind, s.as_written from assignment s join officer o using "
                          "(officer_id) where plan_id = $p order by s.ref, o.name", p=p) == [
        ("1.1", "Head of Housing", "role", "Head of Housing"),
        ("1.2", "Lee Birch", "person", "Lee Birch"),  # already in the database (the TBC plan's officers)
        ("1.2", "Sue Philp", "person", "Sue Philp"),
        ("2.1", "Repairs Team", "role", "Repairs Team"),
        ("2.1", "Voids Manager", "role", "Voids Manager"),
        ("2.2", "DMT", "role", "DMT"),
        ("2.3.1", "Customer Services", "role", "Customer Services"),
        ("2.3.1", "Tenant Participation Officer", "role", "Tenant Participation Officer")]
    # progress as at the title's "Progress as at 31 March 2011"; "Done" with no date is complete then
    assert rows(built_db, "select ref, reported_on, status, actual_end, rag_override, commentary, origin, is_demo "
                          "from progress_update where plan_id = $p order by ref", p=p) == [
        ("1.1", D("2011-03-31"), "complete", D("2011-03-31"), None,
         "Report published March 2010\nStatus in the source: Done", "import", False),
        ("1.2", D("2011-03-31"), "in_progress", None, None,
         "Data submitted; awaiting the peer group\nStatus in the source: In progress", "import", False),
        ("2.1", D("2011-03-31"), "in_progress", None, None,
         "Contractor procurement slipped\nStatus in the source: Delayed", "import", False),
        ("2.2", D("2011-03-31"), "not_started", None, None, "Status in the source: Not started", "import", False),
        ("2.3.1", D("2011-03-31"), "complete", D("2011-03-31"), None, "Panel first met in October 2009", "import",
         False)]
    assert rows(built_db, "select review_date, title from review where plan_id = $p", p=p) == [
        (D("2011-03-31"), "Position stated in the source")]
    assert rows(built_db, "select ref, check_name, sheet, row_number, column_name, cell_text from import_finding "
                          "where plan_id = $p order by row_number", p=p) == [
        ("2.1", "Ref numbered by the import", "Improvement Plan", 9, None, None),
        ("2.2", "Date to be confirmed", "Improvement Plan", 10, "Start date", "TBC")]
    assert result.warnings == ["1 action(s) have no ref and were numbered in order: row 9 → 2.1."]


def test_merged_action_cells_milestone_rows_quarterly_brag_and_excel_dates(built_db, tmp_path):
    result = imported(tmp_path, built_db, "eastborough.xlsx", fx.milestones_tracker())
    p = "eastborough-borough-council-corporate"
    assert (result.themes, result.actions, result.milestones) == (1, 3, 5)
    assert rows(built_db, "select code, title from theme where plan_id = $p", p=p) == [("1", "All actions")]
    assert rows(built_db, "select ref, action_text, start_text, end_text, baseline_start, baseline_end, extra "
                          "from action where plan_id = $p order by position", p=p) == [
        # no dates of its own: from its first to its last milestone
        ("HR2", "Reduce sickness absence", "", "Q4 2019/20", None, D("2020-03-31"), '{"Savings £000": "50"}'),
        # Excel date cells keep their displayed text: dd-mmm-yyyy is that day, mmm-yy the whole month
        ("ENV03_CP", "Improve the recycling rate", "", "Jun-20", None, D("2020-06-30"), None),
        ("A1.1", "Publish the customer access strategy", "", "Mar-20", None, D("2020-03-31"), None)]
    assert rows(built_db, "select ref, seq, title, end_text, baseline_end from milestone where plan_id = $p "
                          "order by ref desc, seq", p=p) == [
        ("HR2", 1, "Review the attendance policy", "30/06/2019", D("2019-06-30")),
        ("HR2", 2, "Train all managers", "Sep 2019", D("2019-09-30")),
        ("HR2", 3, "Report outcomes to Cabinet", "Q4 2019/20", D("2020-03-31")),
        ("ENV03_CP", 1, "Procure the new waste contract", "31-Dec-2019", D("2019-12-31")),
        ("ENV03_CP", 2, "Roll out food waste collection", "Jun-20", D("2020-06-30"))]
    assert rows(built_db, "select s.ref, s.seq, o.name from assignment s join officer o using (officer_id) "
                          "where plan_id = $p order by s.ref, s.seq nulls first, o.name", p=p) == [
        ("A1.1", None, "Customer Services"), ("ENV03_CP", 1, "Waste Manager"), ("ENV03_CP", 2, "Waste Manager"),
        ("HR2", 1, "Head of HR"), ("HR2", 2, "HR Advisors"), ("HR2", 3, "Chief Executive"), ("HR2", 3, "Head of HR")]
    # the latest quarter with a rating counts (Q3, else Q2); B is complete
    assert rows(built_db, "select ref, seq, reported_on, status, actual_end, rag_override, rag_reason, commentary "
                          "from progress_update where plan_id = $p order by ref, seq nulls first", p=p) == [
        ("A1.1", None, D("2019-12-31"), "in_progress", None, "green", "As stated in the source (Q3 BRAG: G)", None),
        ("ENV03_CP", None, D("2019-12-31"), "in_progress", None, "red",
         "As stated in the source for its milestones (the worst is Red)", None),
        ("ENV03_CP", 1, D("2019-12-31"), "in_progress", None, "red", "As stated in the source (Q3 BRAG: R)",
         "Tender delayed by a legal challenge"),
        ("ENV03_CP", 2, D("2019-12-31"), "in_progress", None, "amber", "As stated in the source (Q3 BRAG: A)", None),
        ("HR2", None, D("2019-12-31"), "in_progress", None, None, None,
         "Policy approved by Cabinet in July; training under way"),
        ("HR2", 1, D("2019-12-31"), "complete", D("2019-12-31"), None, None, None),
        ("HR2", 2, D("2019-12-31"), "in_progress", None, "amber", "As stated in the source (Q3 BRAG: A)", None),
        ("HR2", 3, D("2019-12-31"), "in_progress", None, "green", "As stated in the source (Q3 BRAG: G)", None)]
    # the dashboard's RAG for each item as at the source's date is the source's own
    assert rows(built_db, "select item_ref, rag from item_state($p, date '2019-12-31', 30) order by position, "
                          "seq nulls first", p=p) == [
        ("HR2", "amber"), ("HR2/1", "blue"), ("HR2/2", "amber"), ("HR2/3", "green"),
        ("ENV03_CP", "red"), ("ENV03_CP/1", "red"), ("ENV03_CP/2", "amber"), ("A1.1", "green")]
    assert rows(built_db, "select ref, seq, detail, row_number, column_name, cell_text from import_finding "
                          "where plan_id = $p and check_name = 'Source RAG differs from the dates' order by row_number",
                p=p) == [
        ("HR2", 2, "Action HR2 milestone 2: source says Amber, dates say 92 days late (Red) as at 31 Dec 2019.",
         6, "Q3 BRAG", "A"),
        ("ENV03_CP", 1, "Action ENV03_CP milestone 1: source says Red, dates say it is on track (Green) as at "
                        "31 Dec 2019.", 8, "Q3 BRAG", "R"),
        ("ENV03_CP", 2, "Action ENV03_CP milestone 2: source says Amber, dates say it is on track (Green) as at "
                        "31 Dec 2019.", 9, "Q3 BRAG", "A")]


def test_csv_saved_from_excel_in_windows_1252_with_day_first_dates(built_db, tmp_path):
    result = imported(tmp_path, built_db, "northfield.csv", fx.excel_csv_tracker())
    p = "northfield-council-housing-improvement-action"
    assert (result.plan_id, result.actions, result.updates) == (p, 4, 3)
    assert rows(built_db, "select title, organisation from plan where plan_id = $p", p=p) == [
        ("Northfield Council – Housing Improvement Action Plan", "Northfield Council")]
    assert rows(built_db, "select ref, action_text, end_text, baseline_end, extra from action where plan_id = $p "
                          "order by position", p=p) == [
        ("1", "Reduce rent arrears to 2% of the debit", "31/03/2020", D("2020-03-31"),
         '{"Monitoring & Reporting": "Quarterly to Cabinet"}'),
        ("2", "Collect 98% of rent due", "5/3/2020", D("2020-03-05"), '{"Monitoring & Reporting": "Monthly to DMT"}'),
        ("3", "Launch online rent statements", "30/09/2019", D("2019-09-30"), None),
        ("4", "Review the arrears policy", "TBC", None, None)]
    assert rows(built_db, "select s.ref, o.name from assignment s join officer o using (officer_id) where plan_id = $p "
                          "order by s.ref, o.name", p=p) == [
        ("1", "Head of Income"), ("2", "Income Team"), ("2", "Rents Manager"), ("3", "Customer Services"),
        ("3", "ICT"), ("4", "Head of Income")]
    # dated by the update-date column; a revised timetable is a forecast; Blue is complete
    assert rows(built_db, "select ref, reported_on, status, forecast_end, actual_end, rag_override, commentary "
                          "from progress_update where plan_id = $p order by ref", p=p) == [
        ("1", D("2020-01-15"), "in_progress", D("2020-06-30"), None, "amber", "Arrears at 2.4% – new letters in use"),
        ("2", D("2020-01-15"), "in_progress", None, None, "green", "On track"),
        ("3", D("2019-10-02"), "complete", None, D("2019-10-02"), None, "Live since September")]
    assert rows(built_db, "select item_ref, rag from item_state($p, date '2020-01-15', 30) order by position",
                p=p) == [("1", "amber"), ("2", "green"), ("3", "blue"), ("4", "green")]
    assert rows(built_db, "select ref, check_name, detail from import_finding where plan_id = $p order by ref",
                p=p) == [
        ("1", "Source RAG differs from the dates",
         "Action 1: source says Amber, dates say 91 days late (Red) as at 15 Jan 2020."),
        ("4", "Date to be confirmed", "'TBC': no date until it is confirmed.")]


def test_computed_rag_and_revised_dates_as_rebaselines_when_asked(built_db, tmp_path):
    from store.tracker import TrackerOptions

    imported(tmp_path, built_db, "northfield.csv", fx.excel_csv_tracker(), options=TrackerOptions(
        plan_id="nf", computed_rag=True, revised_as_rebaseline=True))
    assert rows(built_db, "select ref, forecast_end, rag_override from progress_update where plan_id = 'nf' "
                          "order by ref") == [("1", None, None), ("2", None, None), ("3", None, None)]
    assert rows(built_db, "select ref, approved_on, new_baseline_end, reason from rebaseline where plan_id = 'nf'") == [
        ("1", D("2020-01-15"), D("2020-06-30"), "Revised timetable in the source plan")]
    assert rows(built_db, "select item_ref, rag from item_state('nf', date '2020-01-15', 30) order by position") == [
        ("1", "green"), ("2", "green"), ("3", "blue"), ("4", "green")]


def test_every_problem_at_once_with_sheet_row_column_and_text_and_nothing_written(built_db, tmp_path):
    data = fx.excel_csv_tracker().replace(b"31/03/2020", b"31/02/2020").replace(b"30/09/2019", b"Q5 2019")
    before = snapshot(built_db)
    with pytest.raises(ValidationError) as err:
        imported(tmp_path, built_db, "broken.csv", data)
    assert err.value.problems == [
        "broken.csv row 4, column D (By when): '31/02/2020' is not a real calendar day (dates are read day first: "
        "30/09/2019 is 30 September).",
        "broken.csv row 6, column D (By when): 'Q5 2019' is not a date that can be read: write a day ('30/09/2019', "
        "'21 March 2005'), a month ('Jun 2016'), a quarter ('Q3 2017/18'), a financial year ('2018/19'), "
        "'ongoing' or 'TBC'."]
    assert snapshot(built_db) == before
    assert not list(tmp_path.glob("*.backup-*"))


def test_the_same_plan_twice_needs_replace(built_db, tmp_path):
    imported(tmp_path, built_db, "northfield.csv", fx.excel_csv_tracker())
    with pytest.raises(ValidationError) as err:
        imported(tmp_path, built_db, "northfield.csv", fx.excel_csv_tracker())
    assert err.value.problems == [
        "A plan 'northfield-council-housing-improvement-action' is already in the database. Give this one another "
        "plan id (--plan-id), or replace the existing one (--replace on the command line)."]
    again = imported(tmp_path, built_db, "northfield.csv", fx.excel_csv_tracker(), replace=True)
    assert again.backup.exists()
    assert rows(built_db, "select count(*) from progress_update where plan_id = $p", p=again.plan_id) == [(3,)]


def test_cli_with_a_mapping_a_plan_id_and_a_dry_run(built_db, tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_bytes(fx.excel_csv_tracker().replace(b"What we will deliver", b"Our pledge"))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "store", "import", str(path), "--db", str(built_db), *args],
                              cwd=ROOT, capture_output=True, text=True)

    dry = cli("--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Nothing was written (--dry-run)." in dry.stdout
    assert "B 'Our pledge' → Action" in dry.stdout  # the longest text: read as the action, and said so
    bad = cli("--map", "Our pledge=wish")
    assert bad.returncode == 1 and "--map 'Our pledge=wish': write it as" in bad.stderr
    ok = cli("--map", "Our pledge=action", "--map", "Monitoring & Reporting=outcome", "--plan-id", "nf-2020")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Imported plan 'nf-2020' (1 themes, 4 actions, 0 milestones, 5 new officers or roles, "
                                "3 progress updates from the source)")
    assert rows(built_db, "select outcome_text, extra from action where plan_id = 'nf-2020' and ref = '1'") == [
        ("Quarterly to Cabinet", None)]
    # the mapping is remembered for this layout: the next import needs no --map
    again = cli("--plan-id", "nf-again")
    assert again.returncode == 0, again.stderr
    assert rows(built_db, "select outcome_text from action where plan_id = 'nf-again' and ref = '1'") == [
        ("Quarterly to Cabinet",)]
    assert "Traceback" not in bad.stderr + ok.stderr + again.stderr


def test_grouped_header_theme_column_milestone_lines_and_a_repeated_header(built_db, tmp_path):
    from store.tracker import TrackerOptions

    result = imported(tmp_path, built_db, "council-plan_v3 FINAL.xlsx", fx.grouped_header_tracker(),
                      options=TrackerOptions(as_at=D("2019-09-30")))
    p = result.plan_id
    assert p == "council-plan"  # from the file name: no title rows, and the sheet is called Sheet1
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Governance"), ("2", "Finance")]
    assert rows(built_db, "select ref, theme_code, end_text, baseline_end from action where plan_id = $p "
                          "order by position", p=p) == [
        ("A1", "1", "2019/20", D("2020-03-31")), ("A2", "1", "Dec 2019", D("2019-12-31")),
        ("B1", "2", "31/07/2019", D("2019-07-31"))]
    assert rows(built_db, "select ref, seq, title, end_text, baseline_end from milestone where plan_id = $p", p=p) == [
        ("A1", 1, "Draft scheme", "June 2019", D("2019-06-30")),
        ("A1", 2, "Cabinet approval", "September 2019", D("2019-09-30"))]
    assert rows(built_db, "select s.ref, o.name from assignment s join officer o using (officer_id) where plan_id = $p "
                          "order by s.ref, o.name", p=p) == [
        ("A1", "Monitoring Officer"), ("A2", "Democratic Services"), ("B1", "Chief Accountant"),
        ("B1", "Head of Finance")]
    # the RAG columns under one grouped heading are quarterly: the latest rating counts
    assert rows(built_db, "select ref, seq, status, rag_override, rag_reason from progress_update where plan_id = $p "
                          "order by ref, seq nulls first", p=p) == [
        ("A1", None, "in_progress", "green", "As stated in the source (RAG Q2: G)"),
        ("A1", 1, "in_progress", "green", "As stated in the source for the whole action (RAG Q2: G)"),
        ("A1", 2, "in_progress", "green", "As stated in the source for the whole action (RAG Q2: G)"),
        ("A2", None, "in_progress", "red", "As stated in the source (RAG Q2: R)"),
        ("B1", None, "complete", None, None)]
    assert result.warnings == [
        f"{'council-plan_v3 FINAL.xlsx'}, sheet 'Sheet1' row 5: the header row repeated (a page break in the "
        "original): skipped.",
        "Action A2: source says Red, dates say it is on track (Green) as at 30 Sep 2019."]
