"""Rows of text cells (from a CSV file or a workbook sheet) into one table, within bounds.

Both template readers (store/source.py for CSV, store/template_read.py for the workbook) end here, so a
header with a blank or repeated name, a row wider than its header, or a table far bigger than any plan
is reported in the same plain words, with the file or sheet, the row and the column, before pandas or
the checks in store/source.py ever see it. The caps are far above a real plan (the TBC plan has 37
actions; a plan 1000 times its size has about 100,000 rows in its largest table).
"""

from __future__ import annotations

import csv
import io
import time

import pandas as pd
from openpyxl.utils import get_column_letter

from store.errors import ValidationError

MAX_TABLE_ROWS = 200_000
MAX_TABLE_COLUMNS = 200
PARSE_SECONDS = 60  # reading one upload stops after this long
MAX_PROBLEMS_PER_TABLE = 20  # a broken file can break every row: the first ones show what to fix


class Deadline:
    """Stops a parse that runs too long, with a plain message naming the file."""

    def __init__(self, name: str, seconds: float = PARSE_SECONDS):
        self.name, self.seconds, self.until = name, seconds, time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise ValidationError([f"{self.name}: reading the file took longer than {self.seconds:.0f} seconds "
                                   "(the limit); check that this is the right file."])


def too_many_rows(where: str) -> str:
    return (f"{where}: more than {MAX_TABLE_ROWS:,} rows (the limit); check that this is the right file, or "
            "delete the unused rows and save it again.")


def too_many_columns(where: str) -> str:
    return (f"{where}: values beyond column {get_column_letter(MAX_TABLE_COLUMNS)} (the limit is "
            f"{MAX_TABLE_COLUMNS} columns); delete the unused columns and save it again.")


def frame_from_rows(rows: list[tuple[int, list[str]]], where: str, problems: list[str]) -> pd.DataFrame | None:
    """(row number, cells) with the header first -> a table of text, or None with the problems listed."""
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]  # blank rows are not records
    if not rows:
        problems.append(f"{where}: there is no header row.")
        return None
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    found: list[str] = []
    for col, name in enumerate(header, start=1):
        place = f"{where} row {header_row}, column {get_column_letter(col)}"
        if not name:
            found.append(f"{place}: the header is blank; name the column or delete it.")
        elif name in header[:col - 1]:
            found.append(f"{place}: the header '{name}' appears twice; keep one column of that name.")
    width = len(header)
    for number, cells in rows[1:]:
        extra = [i for i, c in enumerate(cells[width:], start=width + 1) if c.strip()]
        if extra:
            found.append(f"{where} row {number}, column {get_column_letter(extra[0])}: a value to the right of "
                         f"the header's last column ({get_column_letter(width)}); move it or delete it.")
    if found:
        problems += found[:MAX_PROBLEMS_PER_TABLE]
        if len(found) > MAX_PROBLEMS_PER_TABLE:
            problems.append(f"{where}: {len(found) - MAX_PROBLEMS_PER_TABLE} more problems of the same kinds.")
        return None
    body = [(cells + [""] * width)[:width] for _, cells in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=str)


def csv_rows(text: str, where: str, problems: list[str]) -> list[tuple[int, list[str]]] | None:
    """A CSV file's records with their line-based row numbers (the header is row 1), within the caps."""
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if number > MAX_TABLE_ROWS + 1:
                problems.append(too_many_rows(where))
                return None
            if len(record) > MAX_TABLE_COLUMNS and any(c.strip() for c in record[MAX_TABLE_COLUMNS:]):
                problems.append(too_many_columns(where))
                return None
            rows.append((number, record))
    except csv.Error as exc:
        problems.append(f"{where}: the file cannot be read as CSV ({exc}).")
        return None
    return rows
