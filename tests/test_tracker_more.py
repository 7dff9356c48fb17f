"""Trackers the importer had not seen (tests/tracker_fixtures_more.py), imported as they are with no options
and read back from the database: themes, actions, dates as written and as read, owners, and the source's
own status, RAG and commentary as imported progress. Part 1: Excel sheets pasted from Word, under a
logo block or for quarterly monitoring, and CSVs with a byte-order mark or semicolons."""

from __future__ import annotations

from datetime import date

from tests import tracker_fixtures_more as fx
from tests.test_tracker_import import imported, rows

D = date.fromisoformat
ACTIONS = ("select ref, theme_code, action_text, start_text, end_text, baseline_start, baseline_end, outcome_text, "
           "extra from action where plan_id = $p order by position")
OWNERS = ("select s.ref, s.seq, o.name, o.kind, s.as_written from assignment s join officer o using (officer_id) "
          "where plan_id = $p order by s.ref, s.seq nulls first, o.name")
UPDATES = ("select ref, seq, reported_on, status, percent_complete, actual_end, rag_override, rag_reason, commentary "
           "from progress_update where plan_id = $p order by ref, seq nulls first")
FINDINGS = ("select ref, check_name, row_number, column_name, cell_text from import_finding where plan_id = $p "
            "order by row_number, check_name")


def test_word_table_pasted_into_excel_with_spacer_rows_number_refs_and_rag_words(built_db, tmp_path):
    result = imported(tmp_path, built_db, "Action Plan.xlsx", fx.word_paste_tracker())
    p = result.plan_id
    assert (p, result.themes, result.actions, result.milestones, result.updates) == ("action-plan", 1, 4, 0, 4)
    # 1.10 in a 0.00 column is "1.10", not a second "1.1"; blank spacer rows are not actions
    assert rows(built_db, ACTIONS, p=p) == [
        ("1.1", "1", "Agree a new allocations policy\n(consult tenants first)", "", "End of March 2019", None,
         D("2019-03-31"), None, None),
        ("1.2", "1", "Clear the backlog of housing register applications", "", "31.03.2019", None, D("2019-03-31"),
         None, None),
        ("1.10", "1", "Publish a lettings plan", "", "Spring 2019", None, D("2019-05-31"), None, None),
        ("2", "1", "Move the housing register online", "", "2019-03-31", None, D("2019-03-31"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [  # a line break inside the Lead cell separates two owners
        ("1.1", None, "Head of Housing", "role", "Head of Housing"),
        ("1.1", None, "Options Manager", "role", "Options Manager"),
        ("1.10", None, "Lettings Team Leader", "role", "Lettings Team Leader"),
        ("1.2", None, "Options Manager", "role", "Options Manager"),
        ("2", None, "ICT Business Partner", "role", "ICT Business Partner")]
    # no 'as at' anywhere: dated the day the file was last saved; On track / At risk / Off track are G / A / R
    assert rows(built_db, UPDATES, p=p) == [
        ("1.1", None, D("2019-04-30"), "in_progress", None, None, "green",
         "As stated in the source (RAG status: On track)", "Consultation closed.\nPolicy goes to Cabinet in April."),
        ("1.10", None, D("2019-04-30"), "in_progress", None, None, "red",
         "As stated in the source (RAG status: Off track)", None),
        ("1.2", None, D("2019-04-30"), "in_progress", None, None, "amber",
         "As stated in the source (RAG status: At risk)", "Backlog down from 900 to 350"),
        ("2", None, D("2019-04-30"), "complete", 100.0, D("2019-04-30"), None, None, "Went live 1 March")]
    assert rows(built_db, FINDINGS, p=p) == [
        ("1.1", "Source RAG differs from the dates", 2, "RAG status", "On track"),
        ("1.10", "Source RAG differs from the dates", 6, "RAG status", "Off track")]
    assert result.warnings == [
        "The sheet states no 'as at' date: its progress is dated 30 Apr 2019 (the day the file was last saved). "
        "Give the date it was reported at (--as-at) if that is wrong.",
        "Action 1.1: source says Green, dates say 30 days late (Amber) as at 30 Apr 2019.",
        "Action 1.10: source says Red, dates say it is on track (Green) as at 30 Apr 2019."]


def test_header_on_row_six_under_a_logo_block_and_a_rag_key_with_a_footer(built_db, tmp_path):
    result = imported(tmp_path, built_db, "legend.xlsx", fx.legend_tracker())
    p = "southvale-city-council-rent-collection"
    assert (result.plan_id, result.themes, result.actions, result.updates) == (p, 1, 4, 4)
    # the council's name on a row of its own joins the plan's title; the 'Key:' row is neither
    assert rows(built_db, "select title, organisation from plan where plan_id = $p", p=p) == [
        ("Southvale City Council – Rent Collection Improvement Plan 2018-2020", "Southvale City Council")]
    assert rows(built_db, ACTIONS, p=p) == [
        ("R1", "1", "Send arrears letters in plain English", "", "By 31/3/19", None, D("2019-03-31"),
         "Fewer complaints about letters", None),
        ("R2", "1", "Offer direct debit on every new tenancy", "", "Q1 2020", None, D("2020-03-31"),
         "75% of new tenants pay by direct debit", None),
        ("R3", "1", "Review court action costs", "", "Summer 2020", None, D("2020-08-31"), None, None),
        # a range in the one Timescale cell: its start is the action's start
        ("R4", "1", "Train income officers in money advice", "", "Apr 2019 – Mar 2020", D("2019-04-01"),
         D("2020-03-31"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [  # the job title in brackets is dropped; an email is a person
        ("R1", None, "Jane Smith", "person", "Jane Smith (Head of Rents)"),
        ("R2", None, "j.bloggs@southvale.gov.uk", "person", "j.bloggs@southvale.gov.uk"),
        ("R3", None, "Jane Smith", "person", "Jane Smith (Head of Rents)"),
        ("R3", None, "Legal Services", "role", "Legal Services"),
        ("R4", None, "Tom Reid", "person", "Tom Reid")]
    # as at the latest 'Date of update'; 'Not started' in the RAG column is the status too
    assert rows(built_db, UPDATES, p=p) == [
        ("R1", None, D("2019-04-12"), "complete", 100.0, D("2019-04-12"), None, None,
         "New letters in use since March"),
        ("R2", None, D("2019-04-12"), "in_progress", None, None, "amber",
         "As stated in the source (RAG status: Green/Amber)", "Sign-up form drafted"),
        ("R3", None, D("2019-04-12"), "in_progress", None, None, "green",
         "As stated in the source (RAG status: On track)", None),
        ("R4", None, D("2019-04-12"), "not_started", None, None, "grey",
         "As stated in the source (RAG status: Not started)", "Course booked for May")]
    assert result.warnings == [
        "legend.xlsx, sheet 'Tracker' row 12: 'Total actions: 4' is below the last action (a total or a key): "
        "left out.",
        "legend.xlsx, sheet 'Tracker' row 13: 'Key: B = complete, G = on track, A = at risk, R = off track' is "
        "below the last action (a total or a key): left out.",
        "Action R2: source says Amber, dates say it is on track (Green) as at 12 Apr 2019.",
        "Action R4: source says Not due, dates say it should have started by 1 Apr 2019 (Amber) as at 12 Apr 2019."]


def test_csv_utf8_with_a_byte_order_mark_a_title_row_and_a_theme_column(built_db, tmp_path):
    result = imported(tmp_path, built_db, "tenant-plan.csv", fx.bom_csv_tracker())
    p = "tenant-services-plan"  # the title row, without its 'progress report as at …'
    assert (result.plan_id, result.themes, result.actions, result.updates, result.warnings) == (p, 2, 3, 3, [])
    assert rows(built_db, "select title from plan where plan_id = $p", p=p) == [("Tenant Services Plan",)]
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Tenant involvement"), ("2", "Performance")]
    assert rows(built_db, ACTIONS, p=p) == [
        ("T1", "1", "Recruit ten new tenant inspectors", "", "Mar-19", None, D("2019-03-31"), None, None),
        ("T2", "1", "Run an annual tenants' conference", "", "Apr 2019 – Mar 2020", D("2019-04-01"),
         D("2020-03-31"), None, None),
        ("P1", "2", "Publish repairs satisfaction monthly", "", "Q2 2019/20", None, D("2019-09-30"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [
        ("P1", None, "Repairs Manager", "role", "Repairs Manager (Interim)"),
        ("T1", None, "Tenant Participation Officer", "role", "Tenant Participation Officer"),
        ("T2", None, "Tenant Participation Officer", "role", "Tenant Participation Officer")]
    assert rows(built_db, UPDATES, p=p) == [  # as at the title row's date
        ("P1", None, D("2019-09-30"), "not_started", None, None, None, None, "Status in the source: Not started"),
        ("T1", None, D("2019-09-30"), "complete", 100.0, D("2019-09-30"), None, None,
         "Twelve recruited, trained in February\nStatus in the source: Complete"),
        ("T2", None, D("2019-09-30"), "in_progress", None, None, None, None,
         "Venue booked\nDate: 14 November\nStatus in the source: In progress")]


def test_csv_with_semicolons_dotted_dates_percent_and_an_update_date_per_row(built_db, tmp_path):
    result = imported(tmp_path, built_db, "IT plan 2019.csv", fx.semicolon_csv_tracker())
    p = "it-plan-2019"  # no title row: from the file's name
    assert (result.plan_id, result.themes, result.actions, result.updates, result.warnings) == (p, 1, 3, 3, [])
    assert rows(built_db, "select ref, start_text, end_text, baseline_start, baseline_end from action "
                          "where plan_id = $p order by position", p=p) == [
        ("1", "01.04.2019", "31.03.2020", D("2019-04-01"), D("2020-03-31")),
        ("2", "01.06.2019", "30.09.2019", D("2019-06-01"), D("2019-09-30")),
        ("3", "TBC", "2020/21", None, D("2021-03-31"))]
    assert rows(built_db, "select s.ref, o.name from assignment s join officer o using (officer_id) "
                          "where plan_id = $p order by s.ref", p=p) == [
        ("1", "Head of ICT"), ("2", "Rents Manager"), ("3", "Records Officer")]
    # each row is dated by its own 'Last updated'; a row without one by the latest in the sheet
    assert rows(built_db, UPDATES, p=p) == [
        ("1", None, D("2020-01-15"), "in_progress", 40.0, None, None, None,
         "Supplier chosen; data migration next\nStatus in the source: In progress"),
        ("2", None, D("2019-10-02"), "complete", 100.0, D("2019-10-02"), None, None, "Status in the source: Done"),
        ("3", None, D("2020-01-15"), "not_started", 0.0, None, None, None, "Status in the source: Not started")]
    assert rows(built_db, FINDINGS, p=p) == [("3", "Date to be confirmed", 4, "Start date", "TBC")]


def test_quarterly_monitoring_sheet_with_colour_only_rag_and_percent_cells(built_db, tmp_path):
    result = imported(tmp_path, built_db, "q3.xlsx", fx.quarterly_updates_tracker())
    p = "improvement-plan-quarter-3-monitoring"
    assert (result.plan_id, result.themes, result.actions, result.updates) == (p, 2, 3, 3)
    # a number in the ref column with a bold title beside it is a theme; '1a' and '1b' are its actions
    assert rows(built_db, "select code, title from theme where plan_id = $p order by position", p=p) == [
        ("1", "Governance"), ("2", "Workforce")]
    assert rows(built_db, ACTIONS, p=p) == [
        ("1a", "1", "Refresh the constitution", "", "Nov-19", None, D("2019-11-30"), None, None),
        ("1b", "1", "Publish a forward plan of key decisions", "", "Mar-20", None, D("2020-03-31"), None, None),
        ("2a", "2", "Cut agency spend by a quarter", "", "Q4 2019/20", None, D("2020-03-31"), None, None)]
    assert rows(built_db, OWNERS, p=p) == [  # a role keeps its bracket
        ("1a", None, "Head of Legal (Monitoring Officer)", "role", "Head of Legal (Monitoring Officer)"),
        ("1b", None, "Democratic Services Team", "role", "Democratic Services Team"),
        ("2a", None, "Finance Business Partner", "role", "Finance Business Partner"),
        ("2a", None, "Head of HR", "role", "Head of HR")]
    # the latest quarter's update is the commentary; 50% in a 0% cell is 50; the fill is the RAG
    assert rows(built_db, UPDATES, p=p) == [
        ("1a", None, D("2020-01-10"), "complete", 100.0, D("2019-11-12"), None, None,
         "Q3 update: Adopted by Council\nStatus in the source: Completed 12/11/2019"),
        ("1b", None, D("2020-01-10"), "in_progress", 50.0, None, "green", "As stated in the source (RAG*: green fill)",
         "Q3 update: First plan published; monthly from January\nStatus in the source: In progress"),
        ("2a", None, D("2020-01-10"), "in_progress", 25.0, None, "red", "As stated in the source (RAG*: red fill)",
         "Q1 update: Baseline set\nStatus in the source: Delayed")]
    assert result.warnings == [
        "The sheet states no 'as at' date: its progress is dated 10 Jan 2020 (the day the file was last saved). "
        "Give the date it was reported at (--as-at) if that is wrong.",
        "Action 2a: source says Red, dates say it is on track (Green) as at 10 Jan 2020."]
