"""Read one sheet of an .xlsx (openpyxl, read-only and streamed) or .xls (xlrd) into a Sheet.

openpyxl's read-only mode streams the sheet's XML, so memory follows the cells that hold values, not
the range a file declares (a sheet claiming A1:XFD1048576 costs nothing extra). Reading stops at the
first value past the row or column limit. Merged ranges, bold fonts and fills are kept: a merged
cell across the table is a section heading, a merged Ref/Action cell spans an action's milestones.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

from store.errors import ValidationError
from store.table_rows import Deadline
from store.tracker.grid import (MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES, Cell, Sheet, check_bounds,
                                too_big)

_BUILTIN_UK = {"mm-dd-yy": "dd/mm/yyyy", "m/d/yy h:mm": "dd/mm/yyyy hh:mm"}  # Excel shows these in the locale's order
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def date_granularity(fmt: str) -> str:
    """'day', 'month' or 'year': how much of a date a number format shows (mmm-yy shows a month)."""
    bare = _LITERAL.sub("", _BUILTIN_UK.get(fmt, fmt)).lower()
    if "d" in bare:
        return "day"
    if "m" in bare:
        return "month"
    return "year" if "y" in bare else "day"


def format_date(value: datetime | date, fmt: str) -> str:
    """A date as Excel displays it with this number format (UK order for the locale formats)."""
    fmt = _BUILTIN_UK.get(fmt, fmt)
    if isinstance(value, datetime):
        day = value
    else:
        day = datetime.combine(value, time())
    out, seen_hour = [], False
    tokens = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|.',
                        re.IGNORECASE)
    for match in tokens.finditer(fmt.split(";")[0]):
        tok = match.group(0)
        low = tok.lower()
        if tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif tok.startswith("["):
            continue  # locale or colour codes
        elif low == "yyyy":
            out.append(f"{day.year:04d}")
        elif low == "yy":
            out.append(f"{day.year % 100:02d}")
        elif low in ("mmmmm", "mmmm", "mmm", "mm", "m"):
            if seen_hour and low in ("mm", "m"):
                out.append(f"{day.minute:02d}" if low == "mm" else str(day.minute))
            else:
                name = _MONTHS[day.month - 1]
                out.append({"mmmmm": name[0], "mmmm": name, "mmm": name[:3], "mm": f"{day.month:02d}",
                            "m": str(day.month)}[low])
        elif low in ("dddd", "ddd"):
            out.append(_DAYS[day.weekday()] if low == "dddd" else _DAYS[day.weekday()][:3])
        elif low in ("dd", "d"):
            out.append(f"{day.day:02d}" if low == "dd" else str(day.day))
        elif low in ("hh", "h"):
            seen_hour = True
            out.append(f"{day.hour:02d}" if low == "hh" else str(day.hour))
        elif low in ("ss", "s"):
            out.append(f"{day.second:02d}")
        elif low == "am/pm":
            out.append("AM" if day.hour < 12 else "PM")
        else:
            out.append(tok)
    return "".join(out).strip()


_FIXED = re.compile(r"[#,]*0(?:\.(0+))?")  # "0", "0.00", "#,##0.0": a number shown with fixed decimals


def format_number(value: float | int, fmt: str) -> str:
    if "%" in fmt:
        return f"{value * 100:.10g}%"
    fixed = _FIXED.fullmatch(_LITERAL.sub("", fmt.split(";")[0]).strip())
    if fixed:  # a ref typed as 1.10 in a 0.00 column is 1.1 to Excel but shows, and means, "1.10"
        places = len(fixed.group(1) or "")
        return f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.10g}" if isinstance(value, float) else str(value)


def make_cell(value, fmt: str, bold: bool, fill: str | None) -> Cell | None:
    if isinstance(value, (datetime, date)):
        return Cell(format_date(value, fmt), value, fmt, bold, fill, True)
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)):
        text = format_number(value, fmt)
    elif value is None:
        text = ""
    else:
        text = str(value).strip()
        if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the apostrophe our own exports add so Excel shows text, not a formula
    if not text and not fill:
        return None
    return Cell(text, value, fmt, bold, fill)


def _solid_rgb(fill) -> str | None:
    try:
        if fill is None or fill.patternType != "solid":
            return None
        rgb = fill.fgColor.rgb
    except AttributeError:
        return None
    if isinstance(rgb, str) and len(rgb) in (6, 8) and fill.fgColor.type == "rgb":
        rgb = rgb[-6:].upper()
        return None if rgb in ("FFFFFF", "000000") else rgb
    return None


def check_zip(data: bytes, name: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise too_big(name, f"the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB.")
    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise ValidationError([f"{name}: the file is not an Excel workbook (.xlsx). Save it from Excel as "
                               "'Excel Workbook (.xlsx)' or as CSV."]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise too_big(name, f"the workbook unpacks to {unpacked / 1e6:.0f} MB; the limit is "
                            f"{MAX_UNPACKED_BYTES / 1e6:.0f} MB.")


def open_xlsx(data: bytes, name: str):
    from openpyxl import load_workbook

    check_zip(data, name)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for "this is not an xlsx file"
        raise ValidationError([f"{name}: the file is not an Excel workbook (.xlsx). Save it from Excel as "
                               "'Excel Workbook (.xlsx)' or as CSV."]) from None


def read_xlsx_sheet(book, sheet_name: str, name: str, *, max_rows: int | None = None) -> Sheet:
    """Stream one worksheet into a Sheet. `max_rows` stops early (used to glance at every sheet)."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    ws = book[sheet_name]
    sheet = Sheet(name=sheet_name, source=name)
    saved = getattr(book.properties, "modified", None)
    sheet.saved_on = saved.date() if isinstance(saved, datetime) else None
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        deadline = Deadline(name)
        for row_number, row in parser.parse():
            deadline.check()
            if max_rows is not None and row_number > max_rows:
                break
            for raw in row:
                value, col = raw["value"], raw["column"]
                if value is None and (not raw["style_id"] or col > MAX_COLUMNS or row_number > MAX_ROWS):
                    continue  # formatting without a value: Excel keeps plenty of it
                if value is not None:
                    check_bounds(name, sheet_name, row_number, col)
                ro = ReadOnlyCell(ws, row_number, col, value, raw["data_type"], raw["style_id"])
                fill = _solid_rgb(ro.fill) if raw["style_id"] else None
                font = ro.font if raw["style_id"] else None
                made = make_cell(value, ro.number_format, bool(font and font.b), fill)
                if made is not None:
                    sheet.cells[(row_number, col)] = made
    for attrs in getattr(parser, "column_dimensions", {}).values():
        if attrs.get("hidden") in ("1", "true"):
            low, high = int(attrs.get("min", 0)), min(int(attrs.get("max", 0)), MAX_COLUMNS)
            sheet.hidden_cols.update(range(low, high + 1))
    merged = getattr(parser, "merged_cells", None)
    for ref in getattr(merged, "mergeCell", []) or []:
        bounds = _bounds(ref.ref)
        if bounds:
            sheet.merges.append(bounds)
    sheet.index_merges()
    return sheet


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    from openpyxl.utils.cell import range_boundaries

    try:
        left, top, right, bottom = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    return (top, left, bottom, right)


def xlsx_sheets(data: bytes, name: str, *, glance_rows: int | None = None) -> list[Sheet]:
    """Every visible worksheet (charts and hidden sheets left out)."""
    book = open_xlsx(data, name)
    try:
        names = [ws.title for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        return [read_xlsx_sheet(book, n, name, max_rows=glance_rows) for n in names]
    finally:
        book.close()
