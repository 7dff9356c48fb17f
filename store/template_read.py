"""Read the template's seven tables from an upload: a .zip of the CSV files, or the .xlsx workbook.

Every failure is a ValidationError naming the file, sheet, row or column: a damaged or encrypted zip
member, a workbook that is not one, a sheet too big. Memory follows the cells that hold values: the
workbook is streamed (openpyxl's sheet parser, as store/tracker/excel.py does), so a sheet declaring
A1:XFD1048576 with one value at its last row costs nothing, and reading stops at the caps of
store/table_rows.py. The upload itself and what it unpacks to are capped as for a tracker
(store/tracker/grid.py), and a parse stops after PARSE_SECONDS.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from store.errors import ValidationError
from store.source import SPECS, read_csv_bytes
from store.table_rows import (MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, Deadline, frame_from_rows, too_many_columns,
                              too_many_rows)
from store.tracker.grid import MAX_UNPACKED_BYTES

SHEETS = {key: spec.file.removesuffix(".csv") for key, spec in SPECS.items()}  # "actions" -> sheet "actions"
# What reading a damaged or unusual zip member raises: a bad CRC-32 or header, an encrypted member
# (RuntimeError), a broken deflate stream, a compression method zipfile cannot read.
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, ValueError, OSError)


def _megabytes(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def read_zip(data: bytes, name: str = "upload.zip") -> dict[str, pd.DataFrame]:
    try:  # no cap on the zip's own size: what it unpacks to is capped, and each file in it
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_READ_ERRORS:
        raise ValidationError([f"{name}: the file is not a zip archive (or it is damaged)."]) from None
    unpacked = sum(i.file_size for i in members)
    if unpacked > MAX_UNPACKED_BYTES:  # zipfile never reads past a member's declared size
        raise ValidationError([f"{name}: it unpacks to {_megabytes(unpacked)}; the limit is "
                               f"{_megabytes(MAX_UNPACKED_BYTES)}."])
    by_name = {Path(i.filename).name: i for i in members if not i.is_dir()}
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for key, spec in SPECS.items():
        info = by_name.get(spec.file)
        if info is None:
            problems.append(f"{name}: {spec.file} is missing from the zip.")
            continue
        try:
            raw = archive.read(info)
        except ZIP_READ_ERRORS:
            problems.append(f"{name}: {spec.file} cannot be unpacked (the zip is damaged or the file is "
                            "encrypted); make the zip again without a password.")
            continue
        frame = read_csv_bytes(raw, f"{name}/{spec.file}", problems)
        if frame is not None:
            tables[key] = frame
    if problems:
        raise ValidationError(problems)
    return tables


def cell_text(value) -> str:
    """Workbook cells as the text a CSV would hold (a date typed into Excel becomes 2019-03-31)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:].strip()  # the apostrophe our exports add so Excel shows text, not a formula
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sheet_rows(book, sheet: str, where: str, deadline: Deadline) -> list[tuple[int, list[str]]]:
    """(row number, cell texts) for the rows of one sheet that exist in its XML, within the caps."""
    from openpyxl.worksheet._reader import WorkSheetParser

    ws = book[sheet]
    rows: list[tuple[int, list[str]]] = []
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            deadline.check()
            values = {c["column"]: cell_text(c["value"]) for c in cells if c["value"] is not None}
            values = {col: text for col, text in values.items() if text}
            if not values:
                continue  # formatting without values: Excel keeps plenty of it
            if number > MAX_TABLE_ROWS + 1:
                raise ValidationError([too_many_rows(where)])
            if max(values) > MAX_TABLE_COLUMNS:
                raise ValidationError([too_many_columns(where)])
            rows.append((number, [values.get(c, "") for c in range(1, max(values) + 1)]))
    return rows


def read_workbook(data: bytes, name: str = "upload.xlsx") -> dict[str, pd.DataFrame]:
    from store.tracker.excel import open_xlsx

    book = open_xlsx(data, name)  # the size, unpacked-size and "is it a workbook" checks
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    deadline = Deadline(name)
    try:
        for key, sheet in SHEETS.items():
            if sheet not in book.sheetnames:
                problems.append(f"{name}: the sheet '{sheet}' is missing (sheets found: {', '.join(book.sheetnames)}).")
                continue
            where = f"{name}, sheet '{sheet}'"
            try:
                rows = sheet_rows(book, sheet, where, deadline)
            except ValidationError:
                raise
            except Exception:  # openpyxl and the XML parser raise many kinds for a damaged sheet
                problems.append(f"{where}: the sheet cannot be read (the file is damaged); save it again from Excel.")
                continue
            frame = frame_from_rows(rows, where, problems)
            if frame is not None:
                frame.attrs["where"] = f"sheet '{sheet}'"
                tables[key] = frame
    finally:
        book.close()
    if problems:
        raise ValidationError(problems)
    return tables
