"""Find the header row under a tracker's title rows and say which column holds what.

The header is the row (or pair of rows, for a grouped header like "Progress" over "Q1 … Q4") among
the first rows whose labels name the most fields, with an action among them. A layout seen before
is recognised by a hash of its header labels and takes the mapping remembered for it; mappings given
on the command line or in the preview win over both.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from openpyxl.utils import get_column_letter

from store.errors import DateParseError, ValidationError
from store.tracker.grid import Sheet, where
from store.tracker.synonyms import FIELDS, is_exact, normalise, quarter, recognise
from store.tracker.when import read_when

SCAN_ROWS = 30  # the header is among the first rows that hold anything
DATE_FIELDS = ("start", "end", "revised_end", "update_date", "completed_on")
MANY = ("commentary", "rag", "extra")  # fields several columns may share
_RAGISH = re.compile(r"^(r|a|g|b|red|amber|green|blue|grey|gray|complete|[rag]\s*/\s*[rag])$", re.I)


@dataclass(frozen=True)
class Column:
    col: int  # sheet column, 1-based
    label: str  # the header as written ("Column F" when blank)
    field: str  # a key of synonyms.FIELDS
    how: str  # "phrase", "pattern", "cells", "remembered", "given", "not recognised", "duplicate"
    quarter: int | None = None

    @property
    def letter(self) -> str:
        return get_column_letter(self.col)


@dataclass
class Layout:
    header_rows: tuple[int, ...]
    columns: list[Column]
    key: str  # identifies this layout: a hash of the header labels
    title_rows: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1

    def of(self, name: str) -> list[Column]:
        return [c for c in self.columns if c.field == name]

    def one(self, name: str) -> Column | None:
        found = self.of(name)
        return found[0] if found else None

    def mapping(self) -> dict[str, str]:
        return {c.label: c.field for c in self.columns}


def labels_of(sheet: Sheet, rows: tuple[int, ...]) -> dict[int, str]:
    out: dict[int, str] = {}
    for col in range(1, sheet.max_col + 1):
        parts: list[str] = []
        for row in rows:
            text = " ".join(sheet.text(row, col).split())
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            out[col] = " ".join(parts)
    return out


def layout_key(labels: dict[int, str]) -> str:
    text = "\x1f".join(normalise(labels[c]) for c in sorted(labels))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _fields(labels: dict[int, str], given: dict[str, str] | None) -> set[str]:
    given = given or {}
    return {given.get(normalise(t)) or recognise(t) for t in labels.values()} - {None, "extra"}


def score_labels(labels: dict[int, str], given: dict[str, str] | None = None) -> int:
    """How much a candidate header row names: fields recognised (an action among them, or three others)."""
    fields = _fields(labels, given)
    if len(fields) < (2 if "action" in fields else 3):
        return 0
    return len(fields) * 10 - (0 if "action" in fields else 5) + sum(1 for t in labels.values() if is_exact(t))


def _header_like(sheet: Sheet, row: int) -> bool:
    """Short labels only: no dates, no numbers, nothing long (a data row is not a second header row)."""
    cells = [c for (r, _), c in sheet.cells.items() if r == row and c.text]
    return bool(cells) and all(isinstance(c.value, str) and not c.is_date and len(c.text) <= 40 for c in cells)


def _group_headings(sheet: Sheet, row: int, width: int) -> bool:
    """The row heads groups of the columns under it ('RAG' merged over Q1…Q4, 'WHEN' over Start and Target,
    'Ref' over a blank), not the whole table (a title) nor one column each (a title in A1 over 'Ref')."""
    if not _header_like(sheet, row):
        return False
    for (r, c), cell in sheet.cells.items():
        if r != row or not cell.text:
            continue
        merge = sheet.merge_at(row, c)
        span = merge[3] - merge[1] + 1 if merge else 1
        if 1 < span < width or not sheet.text(row + 1, c):
            return True
    return False


def find_header(sheet: Sheet, remembered: dict[str, dict[str, str]], header_row: int | None = None,
                given: dict[str, str] | None = None) -> tuple[tuple[int, ...], dict[int, str]] | None:
    rows = sheet.rows_with_values()[:SCAN_ROWS]
    candidates = [(header_row,), (header_row, header_row + 1)] if header_row else \
        [(r,) for r in rows] + [(r, r + 1) for r in rows]
    best, best_score = None, 0
    for rows_ in candidates:
        labels = labels_of(sheet, rows_)
        if len(labels) < 2:
            continue
        score = 10_000 if layout_key(labels) in remembered else score_labels(labels, given)
        if header_row and len(rows_) == 1:
            score += 1  # a row the user names: the single row unless the pair reads better
        if len(rows_) == 2:
            single = labels_of(sheet, rows_[:1])
            adds_fields = score > score_labels(single, given) + 5
            splits_group = (_fields(single, given) <= _fields(labels, given) and _header_like(sheet, rows_[1])
                            and len(set(labels.values())) > len(set(single.values()))
                            and _group_headings(sheet, rows_[0], len(labels)))
            if not (adds_fields or splits_group):
                continue  # a second header row must add fields, or name the columns under a grouped heading
            score += 20 if splits_group else 0
        if score > best_score:
            best, best_score = (rows_, labels), score
    if best is None and header_row:
        return (header_row,), labels_of(sheet, (header_row,))
    return best


def read_layout(sheet: Sheet, *, given: dict[str, str] | None = None,
                remembered: dict[str, dict[str, str]] | None = None, header_row: int | None = None) -> Layout:
    remembered = remembered or {}
    given = {normalise(k): v for k, v in (given or {}).items()}
    found = find_header(sheet, remembered, header_row, given)
    if found is None:
        glimpse = [" | ".join(labels_of(sheet, (r,)).values())[:120] for r in sheet.rows_with_values()[:3]]
        raise ValidationError([
            f"{where(sheet, 1).rsplit(' row ', 1)[0]}: no header row found in the first {SCAN_ROWS} rows (a row "
            "naming at least the action and one more column, e.g. 'Ref', 'Action', 'Lead officer', 'Target date'). "
            "The first rows read: " + " / ".join(glimpse) + ". Name the header row (--header-row N) and the "
            "columns (--map \"Header=action\")."])
    rows, labels = found
    key = layout_key(labels)
    memory = {normalise(k): v for k, v in remembered.get(key, {}).items()}
    columns: list[Column] = []
    for col, label in sorted(labels.items()):
        norm = normalise(label)
        if norm in given:
            field_, how = given[norm], "given"
        elif norm in memory:
            field_, how = memory[norm], "remembered"
        elif col in sheet.hidden_cols:  # hidden by the council: kept, never read as the plan's own words
            field_, how = "extra", "hidden"
        else:
            found_field = recognise(label)
            field_ = found_field or "extra"
            how = ("phrase" if is_exact(label) else "pattern") if found_field else "not recognised"
        columns.append(Column(col, label, field_, how, quarter(label) if field_ in ("rag", "commentary") else None))
    for col in range(1, sheet.max_col + 1):  # data under a blank header is kept too
        if col not in labels and any(sheet.cells.get((r, col)) for r in range(rows[-1] + 1, sheet.max_row + 1)):
            columns.append(Column(col, f"Column {get_column_letter(col)}", "extra", "not recognised"))
    columns.sort(key=lambda c: c.col)
    title_rows = [(r, " ".join(sheet.text(r, c) for c in range(1, sheet.max_col + 1)
                               if (r, c) in sheet.cells and sheet.cells[(r, c)].text).strip())
                  for r in sheet.rows_with_values() if r < rows[0]]
    layout = Layout(rows, columns, key, [t for t in title_rows if t[1]])
    layout.notes += [f"Column {c.letter} '{c.label}' is hidden in the sheet: kept as an extra column, not read as "
                     f"'{FIELDS[recognise(c.label)]}'." for c in columns if c.how == "hidden"
                     and recognise(c.label) not in (None, "extra")]
    _check_by_cells(sheet, layout)
    _one_each(layout)
    return layout


def _cells(sheet: Sheet, layout: Layout, col: int) -> list:
    return [c for r in range(layout.first_data_row, sheet.max_row + 1)
            if (c := sheet.cells.get((r, col))) is not None and c.text]


def _check_by_cells(sheet: Sheet, layout: Layout) -> None:
    """Columns recognised only by a pattern, and bare 'Q1'…'Q4' columns, are checked against their cells."""
    for i, column in enumerate(layout.columns):
        cells = _cells(sheet, layout, column.col)
        if column.how == "not recognised" and column.quarter is None and quarter(column.label) is not None:
            ragish = sum(bool(_RAGISH.match(c.text.strip())) for c in cells)
            kind = "rag" if cells and ragish * 2 >= len(cells) else "commentary"
            layout.columns[i] = replace(column, field=kind, how="cells", quarter=quarter(column.label))
        elif column.how == "pattern" and column.field in DATE_FIELDS and cells:
            readable = 0
            for c in cells:
                try:
                    readable += read_when(c, "end").no_date != "not a date"
                except DateParseError:
                    pass
            if readable * 2 < len(cells):
                layout.columns[i] = replace(column, field="extra", how="not recognised")
                layout.notes.append(f"Column {column.letter} '{column.label}' looked like "
                                    f"'{FIELDS[column.field]}' but most of its cells are not dates: kept as extra.")
    if not layout.of("action"):
        texts = [(sum(len(c.text) for c in _cells(sheet, layout, col.col)), i) for i, col in
                 enumerate(layout.columns) if col.field == "extra" and col.how == "not recognised"]
        if texts and max(texts)[0] > 0:
            i = max(texts)[1]
            layout.columns[i] = replace(layout.columns[i], field="action", how="cells")
            layout.notes.append(f"No column is named like an action; column {layout.columns[i].letter} "
                                f"'{layout.columns[i].label}' holds the longest text, so it is read as the action. "
                                f"If that is wrong, map the columns (--map \"Header=action\").")


def _one_each(layout: Layout) -> None:
    """One column per field, except those several may share (commentary, quarterly RAG, extras)."""
    seen: dict[str, Column] = {}
    for i, column in enumerate(layout.columns):
        if column.field in MANY or (column.field == "rag" and column.quarter):
            continue
        if column.field in seen:
            first = seen[column.field]
            layout.columns[i] = replace(column, field="extra", how="duplicate")
            layout.notes.append(f"Column {column.letter} '{column.label}' also looks like "
                                f"'{FIELDS[column.field]}'; column {first.letter} '{first.label}' is used, "
                                f"this one is kept as extra.")
        else:
            seen[column.field] = column
