"""The Excel shape of a plan: one sheet per table (the same columns as data/source/*.csv), an
Instructions sheet, and an example row in each table so the template imports as it is."""

from __future__ import annotations

import io

import pandas as pd

from store.cells import neutralise_text
from store.source import SPECS

SHEET_ORDER = list(SPECS)  # plan, themes, actions, milestones, officers, officer_aliases, assignments

EXAMPLE = {
    "plan": [{"plan_id": "example-plan", "title": "Example improvement plan", "organisation": "Example Council",
              "source": "Replace these example rows with your plan"}],
    "themes": [{"plan_id": "example-plan", "code": "1", "title": "Update the strategic framework", "position": "1"}],
    "actions": [{"plan_id": "example-plan", "ref": "1.1", "theme_code": "1", "position": "1",
                 "action_text": "Publish a rent and service charge setting policy",
                 "outcome_text": "Policy document\nClarity for residents", "start_text": "Sept 16",
                 "end_text": "2018/19", "transcription_note": ""}],
    "milestones": [{"plan_id": "example-plan", "ref": "1.1", "seq": "1", "title": "Seek cabinet approval",
                    "start_text": "", "end_text": "Oct 18", "transcription_note": ""}],
    "officers": [{"officer_id": "jane-smith", "name": "Jane Smith", "kind": "person"}],
    "officer_aliases": [{"alias": "Jane Smith", "officer_id": "jane-smith"}],
    "assignments": [{"plan_id": "example-plan", "ref": "1.1", "seq": "", "officer_id": "jane-smith",
                     "as_written": "Jane Smith"}],
}

INSTRUCTIONS = [
    ("How to fill in this workbook", ""),
    ("", ""),
    ("Sheets", "One sheet per table: plan, themes, actions, milestones, officers, officer_aliases, assignments. "
               "Keep the sheet names and the header row; replace the example rows."),
    ("plan", "Exactly one row. plan_id is a short id with no spaces (e.g. 'exeter-rent-sip')."),
    ("themes", "One row per theme. code as in your plan (1, 2, 6a …); position sets the order."),
    ("actions", "One row per action. ref like 1.1 or 6b.5, unique in the plan; theme_code must be a theme's code. "
                "outcome_text: one outcome per line (Alt+Enter in Excel)."),
    ("milestones", "One row per milestone: the action's ref and seq 1, 2, 3 … Leave dates blank when the "
                   "milestone has no dates of its own."),
    ("Dates", "start_text and end_text exactly as your plan writes them: 'Sept 16', 'March 2015', '2018/19' "
              "(UK financial year, ends 31 March), '2019', 'ongoing', 'Obtained Feb 2016', or a date 2019-03-31. "
              "A start means the first day of that month or year, an end the last."),
    ("officers", "One row per person or role; kind is 'person' or 'role'. officer_id is a short id "
                 "(e.g. 'jane-smith'). The same person must have one id only."),
    ("officer_aliases", "Every spelling of a name used in the plan, and whose it is (e.g. 'J Smith' -> jane-smith)."),
    ("assignments", "Who owns what: one row per owner of an action (seq blank) or of one milestone (seq set)."),
    ("", ""),
    ("Checks", "The import reports every problem at once with its sheet, row and column, and writes nothing "
               "until all are fixed. A successful import backs the database up first."),
]


def tables_workbook(tables: dict[str, pd.DataFrame], *, instructions: bool = True) -> bytes:
    """An .xlsx with one sheet per table: bold frozen header, filters, readable widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    if instructions:
        sheet = book.create_sheet("Instructions")
        for row in INSTRUCTIONS:
            sheet.append(list(row))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 110
        for row in sheet.iter_rows(min_row=3):
            row[0].font = Font(bold=True)
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
    for key in SHEET_ORDER:
        spec = SPECS[key]
        frame = tables[key]
        columns = list(spec.required) + [c for c in spec.optional if c not in spec.required]
        columns += [c for c in frame.columns if c not in columns]
        sheet = book.create_sheet(spec.file.removesuffix(".csv"))
        sheet.append(columns)
        for record in frame.reindex(columns=columns).fillna("").astype(str).itertuples(index=False):
            sheet.append([neutralise_text(v) for v in record])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F2")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for i, column in enumerate(columns, start=1):
            longest = max([len(column)] + [len(str(v)) for v in frame.get(column, pd.Series(dtype=str)).head(200)])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    return tables_workbook({k: pd.DataFrame(rows) for k, rows in EXAMPLE.items()})
