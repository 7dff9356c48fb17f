"""Council trackers in the shapes councils keep them, written here with openpyxl and csv.

Each is a small but realistic plan; tests/test_tracker_import.py states what each must import as.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

BOLD = Font(bold=True)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sections_tracker() -> bytes:
    """Title rows, a header, section rows merged across the table (three styles of heading), a blank ref,
    job titles and shared owners, dates as text, TBC, 'Done' as a date, and an extra column."""
    book = Workbook()
    ws = book.active
    ws.title = "Improvement Plan"
    ws["A1"] = "Westshire District Council – Tenancy Services Improvement Plan 2009–12"
    ws["A1"].font = BOLD
    ws.merge_cells("A1:H1")
    ws["A2"] = "Progress as at 31 March 2011"
    ws.append([])
    ws.append(["Ref", "Action", "Lead Officer", "Start date", "Target date", "Status", "Progress", "Budget"])
    rows = [
        ("1. Performance Reporting",),
        ("1.1", "Publish a quarterly performance report to tenants", "Head of Housing", "September 2009",
         "21 March 2010", "Done", "Report published March 2010", "£2,000"),
        ("1.2", "Benchmark void costs with other landlords", "Sue Philp/Lee Birch", "Jun 2010",
         "01 June 2011 and ongoing as needed", "In progress", "Data submitted; awaiting the peer group", None),
        ("OBJECTIVE 2: Reduce void loss",),
        (None, "Review the void standard", "Voids Manager and Repairs Team", "2010/11", "Q3 2010/11", "Delayed",
         "Contractor procurement slipped", None),
        ("2.2", "Introduce pre-void inspections", "DMT", "TBC", "ongoing", "Not started", None, None),
        ("2.3 Improve tenant engagement",),
        ("2.3.1", "Set up a tenant scrutiny panel", "Customer Services, Tenant Participation Officer", "30/09/2009",
         "Done", None, "Panel first met in October 2009", None),
    ]
    for row in rows:
        ws.append(list(row))
        r = ws.max_row
        if len(row) == 1:
            ws.merge_cells(f"A{r}:H{r}")
            ws[f"A{r}"].font = BOLD
    for cell in ws[4]:
        cell.font = BOLD
    ws.freeze_panes = "A5"
    return _save(book)


def milestones_tracker() -> bytes:
    """Merged Ref/Action cells over milestone rows, each with its own date and owner; quarterly BRAG;
    Excel date cells formatted dd-mmm-yyyy and mmm-yy; a merged comment and a merged savings figure."""
    book = Workbook()
    ws = book.active
    ws.title = "Corporate Plan"
    ws["A1"] = "Eastborough Borough Council Corporate Improvement Plan 2019/20"
    ws["A2"] = "Position as at 31 December 2019"
    ws.append([])
    ws.append(["Action Code", "Key project", "Key milestones", "Responsible Person", "Due Date", "Q1 BRAG",
               "Q2 BRAG", "Q3 BRAG", "Q4 BRAG", "Comment on progress", "Savings £000"])
    data = [
        ("HR2", "Reduce sickness absence", "Review the attendance policy", "Head of HR", "30/06/2019", "G", "B",
         None, None, "Policy approved by Cabinet in July; training under way", 50),
        (None, None, "Train all managers", "HR Advisors", "Sep 2019", "G", "G", "A", None, None, None),
        (None, None, "Report outcomes to Cabinet", "Head of HR / Chief Executive", "Q4 2019/20", "G", "G", "G", None,
         None, None),
        ("ENV03_CP", "Improve the recycling rate", "Procure the new waste contract", "Waste Manager",
         datetime(2019, 12, 31), "G", "A", "R", None, "Tender delayed by a legal challenge", None),
        (None, None, "Roll out food waste collection", "Waste Manager", datetime(2020, 6, 1), "G", "G", "A", None,
         None, None),
        ("A1.1", "Publish the customer access strategy", None, "Customer Services", datetime(2020, 3, 1), "G", "G",
         "G", None, None, None),
    ]
    for row in data:
        ws.append(list(row))
    ws.merge_cells("A5:A7")
    ws.merge_cells("B5:B7")
    ws.merge_cells("J5:J7")
    ws.merge_cells("K5:K7")
    ws.merge_cells("A8:A9")
    ws.merge_cells("B8:B9")
    ws["E8"].number_format = "dd-mmm-yyyy"
    ws["E9"].number_format = "mmm-yy"
    ws["E10"].number_format = "mmm-yy"
    ws["H8"].fill = PatternFill("solid", fgColor="FF0000")
    return _save(book)


def excel_csv_tracker() -> bytes:
    """A sheet saved from Excel as plain 'CSV' (Windows-1252), plain-English headers, day-first dates,
    a RAG word column, an update date with commentary, and a revised timetable."""
    lines = [
        "Northfield Council – Housing Improvement Action Plan,,,,,,,,",
        ",,,,,,,,",
        "Ref No.,What we will deliver,By whom,By when,RAG,Update date,Action update,Revised timetable,"
        "Monitoring & Reporting",
        "1,Reduce rent arrears to 2% of the debit,Head of Income,31/03/2020,Amber,15/01/2020,"
        "\"Arrears at 2.4% – new letters in use\",30/06/2020,Quarterly to Cabinet",
        "2,Collect 98% of rent due,Income Team / Rents Manager,5/3/2020,Green,15/01/2020,On track,,Monthly to DMT",
        "3,Launch online rent statements,ICT and Customer Services,30/09/2019,Blue,02/10/2019,Live since September,,",
        "4,Review the arrears policy,Head of Income,TBC,,,,,",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def grouped_header_tracker() -> bytes:
    """A Word table pasted into Excel: a two-row header ('RAG' over Q1…Q4), a Theme column, a multi-line
    'Key milestones' cell, the header repeated after a page break, and a paragraph split over two rows."""
    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    ws.append(["Ref", "Theme", "Improvement", "Key milestones", "Lead officer", "Deadline", "RAG", None, None, None])
    ws.append([None, None, None, None, None, None, "Q1", "Q2", "Q3", "Q4"])
    ws.merge_cells("G1:J1")
    ws.append(["A1", "Governance", "Refresh the scheme of delegation",
               "Draft scheme - June 2019\nCabinet approval - September 2019", "Monitoring Officer", "2019/20",
               "G", "G", None, None])
    ws.append(["A2", "Governance", "Train all councillors on the code", None, "Democratic Services", "Dec 2019",
               "A", "R", None, None])
    ws.append(["Ref", "Theme", "Improvement", "Key milestones", "Lead officer", "Deadline", "RAG", None, None, None])
    ws.append(["B1", "Finance", "Close the 2018/19 accounts on time", None, "Head of Finance", "31/07/2019",
               "G", "B", None, None])
    ws.append([None, None, None, None, "and Chief Accountant", None, None, None, None, None])
    ws.merge_cells("A6:A7")
    ws.merge_cells("C6:C7")
    return _save(book)
