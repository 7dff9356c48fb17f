"""More council trackers, in shapes and words tests/tracker_fixtures.py does not use: a Word table pasted
into Excel, a logo block with a RAG key over the header, CSVs with a BOM or semicolons, a hidden column
and a footer, a notes sheet beside the plan, refs typed as numbers, a theme column merged down its
actions, a grouped two-row header. tests/test_tracker_more*.py state what each must import as."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

BOLD = Font(bold=True)


def _save(book: Workbook, saved: str = "2019-04-30T09:00:00Z") -> bytes:
    """The workbook as last saved on `saved` (openpyxl stamps the time of writing; a council's file says
    when the council last saved it, which dates its progress when the sheet states no 'as at')."""
    out = io.BytesIO()
    book.save(out)
    src, dst = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + saved.encode(), data)
            z.writestr(info, data)
    return dst.getvalue()


def word_paste_tracker() -> bytes:
    """A Word table pasted into Excel: line breaks inside cells, blank spacer rows between actions, refs
    typed as numbers (1.10 shown as '1.10' by its 0.00 format), 'No.' / 'Improvement action' / 'Lead' /
    'Timescale' / 'Current position' / 'RAG status' headers, and RAG words."""
    book = Workbook()
    ws = book.active
    ws.title = "Action Plan"
    ws.append(["No.", "Improvement action", "Lead", "Timescale", "Current position", "RAG status"])
    rows = [
        (1.1, "Agree a new allocations policy\n(consult tenants first)", "Head of Housing\nOptions Manager",
         "End of March 2019", "Consultation closed.\nPolicy goes to Cabinet in April.", "On track"),
        None,
        (1.2, "Clear the backlog of housing register applications", "Options Manager", "31.03.2019",
         "Backlog down from 900 to 350", "At risk"),
        None,
        (1.10, "Publish a lettings plan", "Lettings Team Leader", "Spring 2019", None, "Off track"),
        None,
        (2, "Move the housing register online", "ICT Business Partner", "2019-03-31", "Went live 1 March",
         "Completed"),
    ]
    for row in rows:
        ws.append(list(row) if row else [])
    for r in (2, 4, 6, 8):
        ws[f"A{r}"].number_format = "0.00" if r == 6 else "0.0" if r < 8 else "0"
    return _save(book)


def legend_tracker() -> bytes:
    """A logo/title block, a 'Key:' legend of RAG colours, the header on row 6, owners with emails or job
    titles in brackets, dates in many forms, an outcome column, an update date, and a footer."""
    book = Workbook()
    ws = book.active
    ws.title = "Tracker"
    ws["B1"] = "Southvale City Council"
    ws["B1"].font = BOLD
    ws["B2"] = "Rent Collection Improvement Plan 2018-2020"
    ws["A4"] = "Key:"
    for col, (word, colour) in zip("BCDE", [("Complete", "0070C0"), ("On track", "00B050"),
                                          ("At risk", "FFC000"), ("Off track", "FF0000")]):
        ws[f"{col}4"] = word
        ws[f"{col}4"].fill = PatternFill("solid", fgColor=colour)
    ws.append([])
    ws.append(["No.", "Improvement action", "Lead", "Timescale", "RAG status", "Date of update",
               "Current position", "Outcome/Success measure"])
    data = [
        ("R1", "Send arrears letters in plain English", "Jane Smith (Head of Rents)", "By 31/3/19", "Completed",
         "12/04/2019", "New letters in use since March", "Fewer complaints about letters"),
        ("R2", "Offer direct debit on every new tenancy", "j.bloggs@southvale.gov.uk", "Q1 2020", "Green/Amber",
         "12/04/2019", "Sign-up form drafted", "75% of new tenants pay by direct debit"),
        ("R3", "Review court action costs", "Jane Smith (Head of Rents) / Legal Services", "Summer 2020",
         "On track", None, None, None),
        ("R4", "Train income officers in money advice", "Tom Reid", "Apr 2019 – Mar 2020", "Not started",
         "12/04/2019", "Course booked for May", None),
    ]
    for row in data:
        ws.append(list(row))
    ws.append([])
    ws.append(["Total actions: 4"])
    ws.append(["Key: B = complete, G = on track, A = at risk, R = off track"])
    return _save(book)


def bom_csv_tracker() -> bytes:
    """Excel's 'CSV UTF-8': a byte-order mark, a title row with its 'as at' date, a theme column, 'Mar-19' typed as text, a start–end range in
    one 'Timescale' cell, an owner in brackets, and a quoted cell with a comma and a line break."""
    lines = [
        "Tenant Services Plan – progress report as at 30 September 2019,,,,,,",
        "Ref,Theme,Action,Responsible officer,Timescale,Status,Comments",
        "T1,Tenant involvement,Recruit ten new tenant inspectors,Tenant Participation Officer,Mar-19,Complete,"
        "\"Twelve recruited, trained in February\"",
        "T2,Tenant involvement,Run an annual tenants' conference,Tenant Participation Officer,Apr 2019 – Mar 2020,"
        "In progress,\"Venue booked\nDate: 14 November\"",
        "P1,Performance,Publish repairs satisfaction monthly,Repairs Manager (Interim),Q2 2019/20,Not started,",
    ]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def semicolon_csv_tracker() -> bytes:
    """A CSV from a European-locale Excel: semicolons, dotted day-first dates, a quoted cell holding a
    semicolon, a plain status column, a % complete column and a 'Last updated' date per row."""
    lines = [
        "Ref No;Key action;Lead officer;Start date;Target date;Status;% complete;Progress update;Last updated",
        "1;Replace the housing IT system;Head of ICT;01.04.2019;31.03.2020;In progress;40;"
        "\"Supplier chosen; data migration next\";15.01.2020",
        "2;Close the old rent accounts;Rents Manager;01.06.2019;30.09.2019;Done;100;;02.10.2019",
        "3;Archive paper tenancy files;Records Officer;TBC;2020/21;Not started;0;;",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def hidden_column_tracker() -> bytes:
    """A hidden working column, Excel date cells (dd/mm/yyyy and mmm-yy), a Priority column kept as extra,
    and footer rows under the data: a total and a key."""
    book = Workbook()
    ws = book.active
    ws.title = "Plan"
    ws.append(["Ref", "Action", "Responsible Person", "Due Date", "Officer working notes", "Priority", "BRAG",
               "Comment on progress"])
    ws.append(["HS1", "Review fire risk assessments for all blocks", "Building Safety Manager",
               datetime(2019, 9, 30), "check with Pete", "High", "B", "All 42 blocks assessed"])
    ws.append(["HS2", "Install sprinklers in high-rise blocks", "Building Safety Manager",
               datetime(2020, 3, 1), None, "High", "A", "Two of six blocks done"])
    ws.append(["HS3", "Publish the building safety strategy", "Director of Housing", "TBC", None, "Medium", "G",
               None])
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["D3"].number_format = "mmm-yy"
    ws.column_dimensions["E"].hidden = True
    ws.append([])
    ws.append(["Total actions: 3", None, None, None, None, None, None, None])
    ws.append(["Key: B = complete, R = not on track", None, None, None, None, None, None, None])
    return _save(book)


def notes_sheet_tracker() -> bytes:
    """A guidance sheet before the plan sheet, section rows 'Theme 1 – …' in bold, a plain status column
    with 'Completed' / 'Not yet started' / 'Ongoing', and 'Target date' as Excel dates."""
    book = Workbook()
    notes = book.active
    notes.title = "Guidance"
    notes["A1"] = "How to complete this tracker"
    notes["A2"] = "Update the status and the comment on progress by the 5th of each month."
    notes["A3"] = "Status: Completed, Ongoing, Not yet started, Delayed"
    ws = book.create_sheet("Housing Plan")
    ws["A1"] = "Riverside Homes – Asset Management Action Plan"
    ws.append([])
    ws.append(["Ref", "Action", "Responsible for", "Target date", "Status", "Comments"])
    rows = [
        ("Theme 1 – Decent homes",),
        ("1.1", "Survey 20% of homes each year", "Asset Manager", datetime(2019, 3, 31), "Completed", None),
        ("1.2", "Agree a five-year investment programme", "Asset Manager and Finance Business Partner",
         datetime(2019, 6, 30), "Ongoing", "Draft with the Board"),
        ("Theme 2 – Energy efficiency",),
        ("2.1", "Fit loft insulation to 300 homes", "Sustainability Officer", datetime(2020, 3, 31),
         "Not yet started", None),
    ]
    for row in rows:
        ws.append(list(row))
        r = ws.max_row
        if len(row) == 1:
            ws[f"A{r}"].font = BOLD
    for r in (5, 6, 8):
        ws[f"D{r}"].number_format = "dd/mm/yyyy"
    return _save(book)


def merged_theme_tracker() -> bytes:
    """A Theme column merged down over its actions, refs as numbers (1, 2, 3), owners joined with '&' and
    ';', a 'Deadline' column of text ('Jan-Mar 2020' a range in one year), and an 'Update' column with its date inside the text."""
    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    ws.append(["Theme", "Ref", "What we will do", "Who", "Deadline", "Update"])
    ws.append(["Customer access", 1, "Open a single front door for housing enquiries", "Customer Services & ICT",
               "Sep-19", "Phone line live; web form next"])
    ws.append([None, 2, "Answer 80% of calls within a minute", "Contact Centre Manager", "Jan-Mar 2020", None])
    ws.append(["Value for money", 3, "Re-tender the responsive repairs contract", "Head of Procurement; Repairs Manager",
               "2020/21", None])
    ws.merge_cells("A2:A3")
    return _save(book)


def grouped_header_tracker() -> bytes:
    """Group headings over the real header ('WHAT' / 'WHO' / 'WHEN' / 'PROGRESS', merged across), a
    Start and a Target column under 'WHEN', an action's milestones as rows under a merged action cell."""
    book = Workbook()
    ws = book.active
    ws.title = "Delivery Plan"
    ws.append(["WHAT", None, None, "WHO", "WHEN", None, "PROGRESS", None])
    ws.append(["Ref", "Action", "Milestone", "Lead officer", "Start", "Target", "RAG", "Progress"])
    ws.merge_cells("A1:C1")
    ws.merge_cells("E1:F1")
    ws.merge_cells("G1:H1")
    ws.append(["D1", "Launch the new tenancy agreement", "Legal review of the agreement", "Legal Services",
               "Jan 2019", "Feb 2019", "B", "Legal review done"])
    ws.append([None, None, "Consult tenants", "Tenancy Manager", "Mar 2019", "Jun 2019", "A", None])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.append(["D2", "Introduce starter tenancies", None, "Tenancy Manager", "Apr 2019", "Mar 2020", "R",
               "Board decision delayed"])
    return _save(book)


def quarterly_updates_tracker() -> bytes:
    """A quarterly monitoring sheet: header cells with line breaks and a footnote mark, section rows with the
    number in the ref column and the title beside it in bold, '1a'/'1b' refs, a status with its date in the
    cell, % complete as Excel percentages, a 'Q1 update' … 'Q3 update' commentary column per quarter, and a
    RAG shown by the cell's colour alone."""
    book = Workbook()
    ws = book.active
    ws.title = "Q3 2019-20"
    ws["A1"] = "Improvement Plan – Quarter 3 monitoring"
    ws.append(["Ref", "Action", "Lead Officer\n/ Team", "Target date\n(month means month end)", "Status",
               "%\ncomplete", "Q1 update", "Q2 update", "Q3 update", "RAG*"])
    green, red = PatternFill("solid", fgColor="00B050"), PatternFill("solid", fgColor="FF0000")
    rows = [
        ("1", "Governance"),
        ("1a", "Refresh the constitution", "Head of Legal (Monitoring Officer)", datetime(2019, 11, 1),
         "Completed 12/11/2019", 1, "Drafting started", "Draft to Standards Committee", "Adopted by Council"),
        ("1b", "Publish a forward plan of key decisions", "Democratic Services Team", datetime(2020, 3, 1),
         "In progress", 0.5, None, "Template agreed", "First plan published; monthly from January"),
        ("2", "Workforce"),
        ("2a", "Cut agency spend by a quarter", "Head of HR / Finance Business Partner", "Q4 2019/20",
         "Delayed", 0.25, "Baseline set", None, None),
    ]
    for row in rows:
        ws.append(list(row))
        r = ws.max_row
        if len(row) == 2:
            ws[f"A{r}"].font = ws[f"B{r}"].font = BOLD
    for r in (4, 5):
        ws[f"D{r}"].number_format = "mmm-yy"
    for r in (4, 5, 7):
        ws[f"F{r}"].number_format = "0%"
    ws["J4"].fill, ws["J5"].fill, ws["J7"].fill = green, green, red
    ws.freeze_panes = "C3"
    return _save(book, "2020-01-10T16:30:00Z")


def bulleted_steps_csv() -> bytes:
    """An action's steps as bulleted rows under it ('- Review …', 'a) New …') with no ref of their own, each
    with its own owner, date and status; an empty margin column before the table; an 'as at' title row."""
    lines = [
        ",Voids and Arrears Action Plan - position at 31 December 2019,,,,",
        ",Ref,Action,Lead,Target,Status",
        ",1,Reduce void times,Voids Manager,Mar 2020,In progress",
        ",,- Review the void standard,Voids Manager,Sep 2019,Done",
        ",,- Re-tender the voids contract,Procurement,Dec 2019,Delayed",
        ",2,Cut rent arrears,Income Manager,Mar 2020,On track",
        ",,a) New arrears letters,Income Manager,Jun 2019,Complete",
        ",,b) Court protocol review,Legal Services,Oct 2019,Not started",
        ",3,- Publish a voids lettings standard,Voids Manager,Jun 2020,Not started",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
