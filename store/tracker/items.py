"""Read each action and milestone's cells: its text, dates (kept as written), owners and extras.

Nothing here decides progress (store/tracker/updates.py) or numbering (store/tracker/plan.py); every
problem is collected with its sheet, row, column and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.errors import DateParseError
from store.tracker.grid import Cell, Sheet, where
from store.tracker.header import Column, Layout
from store.tracker.rows import BULLET, Block, cells_of
from store.tracker.when import When, read_when

PROGRESS_FIELDS = ("status", "rag", "commentary", "update_date", "revised_end", "percent", "completed_on")
_TRAILING_DATE = re.compile(r"^(?P<title>.+?)\s*(?:[-–—:,]\s*|\(\s*|\s+(?:by|in|due)\s+)(?P<date>[^()]+?)\)?\s*$",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """One cell's content, and where it is."""
    row: int
    column: Column
    cell: Cell

    @property
    def text(self) -> str:
        return self.cell.text


@dataclass
class Item:
    kind: str  # "action" or "milestone"
    row: int  # where it starts, for messages
    title: str
    ref_cell: Found | None = None
    outcome: str | None = None
    start: When = field(default_factory=lambda: When(""))
    end: When = field(default_factory=lambda: When(""))
    start_at: Found | None = None
    end_at: Found | None = None
    owners: list[Found] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    progress: dict[str, list[Found]] = field(default_factory=dict)
    milestones: list["Item"] = field(default_factory=list)
    dates_from_milestones: bool = False


class Reader:
    def __init__(self, sheet: Sheet, layout: Layout, problems: list[str], findings: list[dict]):
        self.sheet, self.layout, self.problems, self.findings = sheet, layout, problems, findings

    def at(self, found: Found) -> str:
        return where(self.sheet, found.row, found.column.col, found.column.label)

    def finding(self, found: Found | None, check: str, detail: str, row: int | None = None) -> None:
        self.findings.append({
            "check_name": check, "detail": detail, "sheet": self.sheet.name,
            "row_number": found.row if found else row, "column_name": found.column.label if found else None,
            "col": found.column.col if found else None, "cell_text": found.text if found else None})

    def finding_text(self, f: dict) -> str:
        return f"{where(self.sheet, f['row_number'], f['col'], f['column_name'])}: {f['detail']}"

    def cells(self, block: Block, rows: list[int], *, action_level: bool) -> dict[str, list[Found]]:
        out: dict[str, list[Found]] = {}
        for column in self.layout.columns:
            for row, cell in cells_of(self.sheet, block, rows, column.col, action_level=action_level):
                out.setdefault(column.field, []).append(Found(row, column, cell))
        return out

    def when(self, found: Found | None, role: str) -> When:
        if found is None:
            return When("")
        try:
            got = read_when(found.cell, role)
        except DateParseError as exc:
            self.problems.append(f"{self.at(found)}: {exc}")
            return When(found.text)
        if got.no_date == "to be confirmed":
            self.finding(found, "Date to be confirmed", f"'{found.text}': no date until it is confirmed.")
        elif got.no_date == "not a date":
            self.finding(found, "Not a date", f"'{found.text}' gives no date; kept as written.")
        elif got.is_ongoing and role == "start":
            return When(found.text)
        return got

    def item(self, kind: str, block: Block, rows: list[int], *, action_level: bool, title: str) -> Item:
        cells = self.cells(block, rows, action_level=action_level)
        text = lambda name: "\n".join(f.text for f in cells.get(name, []) if f.text) or None  # noqa: E731
        item = Item(kind, rows[0] if rows else block.first_row, title)
        item.ref_cell = next(iter(cells.get("ref", [])), None)
        item.outcome = text("outcome")
        item.start_at = next((f for f in cells.get("start", []) if f.text), None)
        item.end_at = next((f for f in cells.get("end", []) if f.text), None)
        item.start = self.when(item.start_at, "start")
        item.end = self.when(item.end_at, "end")
        if item.start_at is None and item.end.ranged:
            item.start = When("", item.end.first, item.end.first)  # "Apr 2019 - Mar 2020": a start too
        item.owners = [f for f in cells.get("owner", []) if f.text]
        for f in cells.get("extra", []):
            if f.text:
                key = f.column.label
                item.extra[key] = f"{item.extra[key]}\n{f.text}" if key in item.extra else f.text
        item.progress = {k: v for k, v in cells.items() if k in PROGRESS_FIELDS}
        return item


def action_and_milestones(reader: Reader, block: Block) -> Item:
    """One action with its milestones, from a block of rows."""
    sheet, layout = reader.sheet, reader.layout
    action_col, milestone_col = layout.one("action"), layout.one("milestone")
    head = reader.cells(block, block.head, action_level=True)
    title = "\n".join(f.text for f in head.get("action", []) if f.text)
    action = reader.item("action", block, block.head, action_level=True, title=title)
    if not block.groups and milestone_col is not None:
        for found in head.get("milestone", []):
            for line in _lines(found.text):
                action.milestones.append(_milestone_from_line(reader, found, line))
    for seq, rows in enumerate(block.groups, start=1):
        cells = reader.cells(block, rows, action_level=False)
        name = "\n".join(f.text for f in cells.get("milestone", []) if f.text)
        if not name and action_col is not None:
            name = "\n".join(BULLET.sub("", f.text) for f in cells.get("action", []) if f.text)
        if not name:
            name = next((f.text for f in cells.get("extra", []) + cells.get("outcome", []) if f.text),
                        f"Milestone {seq} (row {rows[0]})")
        action.milestones.append(reader.item("milestone", block, rows, action_level=False, title=name))
    if not action.title:
        action.title = "(no action text in the source)"
        if action.milestones:
            reader.finding(None, "No action text", "The action has no text of its own; its milestones are listed.",
                           block.first_row)
        else:
            reader.problems.append(f"{where(sheet, block.first_row, action_col.col if action_col else None, action_col.label if action_col else None)}: the action has no text.")
    return action


def _lines(text: str) -> list[str]:
    lines = [re.sub(r"^\s*(?:[-•·*▪◦o]|\d+[.)]|[a-z][.)])\s+", "", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


def _milestone_from_line(reader: Reader, found: Found, line: str) -> Item:
    """A line of a 'Key milestones' cell; a date at its end ("Cabinet approval - June 2019") is its own."""
    item = Item("milestone", found.row, line)
    m = _TRAILING_DATE.match(line)
    if m:
        try:
            got = read_when(m.group("date"), "end")
        except DateParseError:
            got = None
        if got is not None and got.last:
            item.title, item.end = m.group("title").strip(), When(m.group("date").strip(), got.first, got.last)
    return item
