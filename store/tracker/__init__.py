"""Import a council's own one-sheet tracker as it is: xlsx, xls (with xlrd installed) or csv.

    sheets -> header (synonyms) -> rows (sections, actions, milestones) -> items -> plan -> write

`read_tracker` picks the sheet (the one whose header names the most fields, unless one is named) and
`build_plan` (store/tracker/plan.py) turns it into a plan; `store/tracker/write.py` writes it.
"""

from __future__ import annotations

from store.errors import ValidationError
from store.tracker.grid import Sheet, read_csv_sheet
from store.tracker.header import SCAN_ROWS, find_header, layout_key, score_labels
from store.tracker.plan import TrackerOptions, TrackerPlan, build_plan

__all__ = ["TrackerOptions", "TrackerPlan", "build_plan", "read_tracker", "TRACKER_SUFFIXES"]

TRACKER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _score_sheet(sheet: Sheet, remembered: dict) -> int:
    found = find_header(sheet, remembered)
    if found is None:
        return 0
    labels = found[1]
    return 10_000 if layout_key(labels) in remembered else score_labels(labels)


def _pick(glances: list[Sheet], wanted: str | None, remembered: dict, name: str) -> str:
    names = [s.name for s in glances]
    if wanted:
        match = [n for n in names if n.casefold() == wanted.casefold()]
        if not match:
            raise ValidationError([f"{name}: there is no sheet '{wanted}' (sheets: {', '.join(names)})."])
        return match[0]
    if not glances:
        raise ValidationError([f"{name}: the workbook has no worksheet."])
    scored = sorted(((_score_sheet(s, remembered), -i, s.name) for i, s in enumerate(glances)), reverse=True)
    return scored[0][2]


def _others(glances: list[Sheet], chosen: str, wanted: str | None, remembered: dict, name: str) -> list[str]:
    """Say so when other sheets also hold a plan (a sheet a quarter, a sheet a theme): only one is imported."""
    others = [s.name for s in glances if s.name != chosen and _score_sheet(s, remembered) > 0]
    if wanted or not others:
        return []
    return [f"{name}: other sheets are laid out like a plan too (" + ", ".join(f"'{n}'" for n in others)
            + f"); only '{chosen}' was imported. Import another with --sheet NAME (on the Data page: the "
            "Sheet box)."]


def read_tracker(data: bytes, name: str, *, sheet: str | None = None,
                 remembered: dict | None = None) -> tuple[Sheet, list[str]]:
    """The tracker's sheet, and the names of every sheet in the file."""
    remembered = remembered or {}
    lower = name.lower()
    if lower.endswith(".csv"):
        found = read_csv_sheet(data, name)
        return found, [found.name]
    if lower.endswith(".xls"):
        from store.tracker.xls import xls_sheets

        sheets = xls_sheets(data, name)
        chosen = _pick(sheets, sheet, remembered, name)
        found = next(s for s in sheets if s.name == chosen)
        found.notes = _others(sheets, chosen, sheet, remembered, name)
        return found, [s.name for s in sheets]
    if lower.endswith((".xlsx", ".xlsm")):
        from store.tracker.excel import open_xlsx, read_xlsx_sheet

        book = open_xlsx(data, name)
        try:
            names = [ws.title for ws in book.worksheets]
            glances = [read_xlsx_sheet(book, n, name, max_rows=SCAN_ROWS + 5) for n in names]
            chosen = _pick(glances, sheet, remembered, name)
            found = read_xlsx_sheet(book, chosen, name)
            found.notes = _others(glances, chosen, sheet, remembered, name)
            return found, names
        finally:
            book.close()
    raise ValidationError([f"{name}: upload an Excel workbook (.xlsx or .xls), a CSV file, or a .zip of the "
                           "template's CSV files."])


def header_preview(sheet: Sheet, rows: int = 12) -> list[list[str]]:
    """The sheet's first rows as read, for the preview."""
    out = []
    for r in sheet.rows_with_values()[:rows]:
        out.append([str(r)] + [sheet.text(r, c) for c in range(1, sheet.max_col + 1)])
    return out

