"""Read the old Excel format (.xls) with xlrd, when it is installed (requirements.txt lists it)."""

from __future__ import annotations

from datetime import datetime

from store.errors import ValidationError
from store.tracker.excel import make_cell
from store.tracker.grid import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, Sheet, check_bounds, too_big


def xls_sheets(data: bytes, name: str) -> list[Sheet]:
    try:
        import xlrd
    except ImportError:
        raise ValidationError([f"{name}: reading the old Excel format (.xls) needs the xlrd package, which is not "
                               "installed here. Save the file from Excel as .xlsx or CSV, or install xlrd."]) from None
    if len(data) > MAX_FILE_BYTES:
        raise too_big(name, f"the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB.")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises several kinds for "not an xls file"
        raise ValidationError([f"{name}: the file is not an Excel 97-2003 workbook (.xls). Save it from Excel as "
                               ".xlsx or CSV."]) from None
    sheets = []
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            if ws.visibility:
                continue
            sheet = Sheet(name=ws.name, source=name)
            for r in range(min(ws.nrows, MAX_ROWS + 1)):
                for c in range(min(ws.row_len(r), MAX_COLUMNS + 1)):
                    cell = ws.cell(r, c)
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        continue
                    check_bounds(name, ws.name, r + 1, c + 1)
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map[xf.format_key].format_str
                    bold = bool(book.font_list[xf.font_index].bold)
                    value = cell.value
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value = datetime(*xlrd.xldate_as_tuple(cell.value, book.datemode))
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(cell.value)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        value = None
                    made = make_cell(value, fmt, bold, None)
                    if made is not None:
                        sheet.cells[(r + 1, c + 1)] = made
            sheet.merges = [(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in ws.merged_cells]
            sheet.index_merges()
            sheets.append(sheet)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets
