"""One sheet of a council's tracker as cells: text as displayed, typed value, bold, fill, merges.

Readers (xlsx, xls, csv) fill a Sheet; everything after works on Sheets only. The bounds live here:
a tracker is a few hundred rows, so anything far bigger is refused with a plain message before it
can take the machine's memory.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from store.errors import ValidationError
from store.table_rows import Deadline

MAX_FILE_BYTES = 20_000_000  # the upload itself
MAX_UNPACKED_BYTES = 60_000_000  # what an xlsx (a zip) unpacks to
MAX_ROWS = 5_000  # sheet rows with values
MAX_COLUMNS = 100


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # as the cell displays it, trimmed
    value: object = None  # typed: str, int, float, datetime, bool
    fmt: str = "General"  # Excel number format
    bold: bool = False
    fill: str | None = None  # RRGGBB of a solid fill
    is_date: bool = False


@dataclass
class Sheet:
    name: str
    source: str  # the file's name
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, column), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    saved_on: date | None = None  # when the file says it was last saved
    hidden_cols: set[int] = field(default_factory=set)  # columns hidden in Excel (working notes, old quarters)
    notes: list[str] = field(default_factory=list)  # what the reader wants said (other sheets left out)
    _merge_at: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.index_merges()

    def index_merges(self) -> None:
        self._merge_at = {}
        last_row, last_col = self.max_row, self.max_col
        for top, left, bottom, right in self.merges:
            if (bottom - top + 1) * (right - left + 1) <= 1:
                continue
            for r in range(top, min(bottom, last_row) + 1):  # clipped to the cells that hold values
                for c in range(left, min(right, last_col) + 1):
                    self._merge_at[(r, c)] = (top, left, bottom, right)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        return self._merge_at.get((row, col))

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell's own content, or for a cell inside a merged range the range's (its top-left)."""
        merge = self._merge_at.get((row, col))
        if merge:
            return self.cells.get((merge[0], merge[1]))
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        found = self.cell(row, col)
        return found.text if found else ""

    def is_continued(self, row: int, col: int) -> bool:
        """Inside a merged range that began on an earlier row (the text belongs to the row above)."""
        merge = self._merge_at.get((row, col))
        return bool(merge and merge[0] < row)

    def rows_with_values(self) -> list[int]:
        return sorted({r for (r, _), c in self.cells.items() if c.text})


def where(sheet: Sheet, row: int, col: int | None = None, header: str | None = None) -> str:
    """"plan.xlsx, sheet 'Plan' row 12, column D (Target date)": how every message names a place."""
    if sheet.source.lower().endswith(".csv"):
        place = f"{sheet.source} row {row}"
    else:
        place = f"{sheet.source}, sheet '{sheet.name}' row {row}"
    if col is not None:
        place += f", column {get_column_letter(col)}"
        if header:
            place += f" ({header})"
    return place


def too_big(name: str, what: str) -> ValidationError:
    return ValidationError([f"{name}: {what} A plan tracker is usually a few hundred rows; check that this is "
                            "the right file, or delete the unused rows and columns and save it again."])


def check_bounds(name: str, sheet_name: str, row: int, col: int) -> None:
    if row > MAX_ROWS:
        raise too_big(name, f"sheet '{sheet_name}' has values below row {MAX_ROWS:,} (the limit).")
    if col > MAX_COLUMNS:
        raise too_big(name, f"sheet '{sheet_name}' has values in column {get_column_letter(col)}; the limit is "
                            f"{MAX_COLUMNS} columns ({get_column_letter(MAX_COLUMNS)}).")


def decode_text(data: bytes) -> tuple[str, str]:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1252 as Excel's plain 'CSV' saves."""
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def read_csv_sheet(data: bytes, name: str) -> Sheet:
    """A tracker saved as CSV: one sheet, no formatting; the delimiter and encoding are detected."""
    if len(data) > MAX_FILE_BYTES:
        raise too_big(name, f"the file is {len(data) / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB.")
    text, _ = decode_text(data)
    if "\x00" in text[:4096]:
        raise ValidationError([f"{name}: the file is not a CSV text file. Save the sheet from Excel as 'CSV'."])
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    sheet = Sheet(name=name.rsplit("/", 1)[-1].removesuffix(".csv").removesuffix(".CSV"), source=name)
    deadline = Deadline(name)
    try:
        for r, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            deadline.check()
            for c, value in enumerate(record, start=1):
                value = value.strip()
                if value:
                    check_bounds(name, sheet.name, r, c)
                    sheet.cells[(r, c)] = Cell(value, value)
    except csv.Error as exc:
        raise ValidationError([f"{name}: the file cannot be read as CSV ({exc})."]) from None
    return sheet
