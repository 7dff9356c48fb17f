"""Group a tracker's data rows into actions and their milestones.

A new action starts at a row with its own ref, or with no ref but its own action text. A row carries
on the action above when its ref or action cell is merged down from above (the merged Ref/Action cell
of an action with milestone rows), repeats the same ref, or has neither. Within an action:

- with a milestone column, each row with its own milestone text is a milestone (rows under it with no
  milestone text are its wrapped lines); rows before the first milestone are the action's own;
- without one, rows with their own dates under a merged action cell are milestones; other
  rows are wrapped lines of the action (a Word table pasted into Excel splits paragraphs into rows);
- rows with no ref whose action text is a bullet ("- Review the standard", "a) New letters") under an
  action that is not are that action's milestones.

A cell belongs to the smallest group of rows its merged range fits in: a status merged down the
whole action is the action's, a status on one milestone row is that milestone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.tracker.grid import Cell, Sheet
from store.tracker.header import Layout
from store.tracker.sections import Section, section_at
from store.tracker.synonyms import normalise

PER_ROW_FIELDS = ("start", "end", "revised_end", "completed_on")  # a row with its own date is a milestone
BULLET = re.compile(r"^\s*(?:[-–—•·*▪◦]\s*|o\s+|\(?[a-z]\)\s*|\(?[ivx]{1,4}\)\s*)(?=\S)")


@dataclass
class Block:
    rows: list[int]
    section: Section | None
    head: list[int] = field(default_factory=list)  # rows whose cells are the action's own
    groups: list[list[int]] = field(default_factory=list)  # each milestone's rows

    @property
    def first_row(self) -> int:
        return self.rows[0]


@dataclass
class Grouping:
    blocks: list[Block]
    sections: list[Section]
    skipped: list[tuple[int, str]]  # (row, why) for rows left out: repeated header rows, rows with nothing above


def _own(sheet: Sheet, row: int, col: int) -> bool:
    """The cell has text that starts on this row (not a merged range from above)."""
    return bool(sheet.text(row, col)) and not sheet.is_continued(row, col)


def group_rows(sheet: Sheet, layout: Layout) -> Grouping:
    ref, action = layout.one("ref"), layout.one("action")
    header = {normalise(c.label) for c in layout.columns}
    data_rows = [r for r in sheet.rows_with_values() if r >= layout.first_data_row]
    blocks: list[Block] = []
    sections: list[Section] = []
    skipped: list[tuple[int, str]] = []
    section: Section | None = None
    current: Block | None = None
    for i, row in enumerate(data_rows):
        texts = [normalise(sheet.text(row, c.col)) for c in layout.columns if sheet.text(row, c.col)]
        if texts and sum(t in header for t in texts) * 10 >= len(texts) * 6 and len(texts) >= 2:
            skipped.append((row, "the header row repeated (a page break in the original): skipped."))
            continue
        next_ref = next((sheet.text(r, ref.col) for r in data_rows[i + 1:] if ref and sheet.text(r, ref.col)), None)
        found = section_at(sheet, layout, row, next_ref)
        if found:
            sections.append(found)
            section, current = found, None
            continue
        ref_text = sheet.text(row, ref.col) if ref else ""
        own_ref = bool(ref) and _own(sheet, row, ref.col)
        act_text = sheet.text(row, action.col) if action else ""
        own_act = bool(action) and _own(sheet, row, action.col)
        carried = (ref is not None and sheet.is_continued(row, ref.col)) or \
                  (action is not None and sheet.is_continued(row, action.col))
        if current is None:
            new = True
        elif carried:
            new = False
        elif own_ref:
            first_act = sheet.text(current.first_row, action.col) if action else ""
            new = not (ref_text == sheet.text(current.first_row, ref.col) and (not act_text or act_text == first_act))
        elif own_act and BULLET.match(act_text) and not BULLET.match(sheet.text(current.first_row, action.col)):
            new = False  # "- Review the void standard" under "Reduce void times": a step of that action
        elif own_act:
            new = act_text != sheet.text(current.rows[-1], action.col)
        else:
            new = False
        if new and current is None and not (own_ref or own_act):
            skipped.append((row, "no ref or action text and no action above it: skipped."))
            continue
        if new:
            current = Block([row], section)
            blocks.append(current)
        else:
            current.rows.append(row)
    milestone = layout.one("milestone")
    per_row = [c.col for c in layout.columns if c.field in PER_ROW_FIELDS]
    for block in blocks:
        _split(sheet, block, milestone.col if milestone else None, per_row, action.col if action else None)
    return Grouping(blocks, sections, skipped)


def _split(sheet: Sheet, block: Block, milestone_col: int | None, per_row: list[int], action_col: int | None) -> None:
    rows = block.rows
    if len(rows) == 1:
        block.head = rows[:]
        return
    if milestone_col is not None and any(_own(sheet, r, milestone_col) for r in rows):
        for r in rows:
            if _own(sheet, r, milestone_col):
                block.groups.append([r])
            elif block.groups:
                block.groups[-1].append(r)
            else:
                block.head.append(r)
        return
    bullets = [r for r in rows[1:] if action_col is not None and _own(sheet, r, action_col)
               and BULLET.match(sheet.text(r, action_col))]
    if bullets:
        for r in rows:
            if r in bullets:
                block.groups.append([r])
            elif block.groups:
                block.groups[-1].append(r)
            else:
                block.head.append(r)
        return
    action_merged = action_col is not None and all(not _own(sheet, r, action_col) for r in rows[1:])
    dated = [r for r in rows if any(_own(sheet, r, c) and (sheet.merge_at(r, c) or (0, 0, r, 0))[2] == r
                                    for c in per_row)]
    if action_merged and len(dated) >= 2:
        for r in rows:  # a row with its own date starts a milestone; a row without is a wrapped line
            if r in dated:
                block.groups.append([r])
            elif block.groups:
                block.groups[-1].append(r)
            else:
                block.head.append(r)
    else:
        block.head = rows[:]


def cells_of(sheet: Sheet, block: Block, rows: list[int], col: int, *, action_level: bool) -> list[tuple[int, Cell]]:
    """(row, cell) of one column's cells that belong to `rows` (a milestone's) or, with action_level, to the
    action as a whole: its own rows' cells and ranges merged across more than one milestone."""
    out: list[tuple[int, Cell]] = []
    seen: set[tuple[int, int]] = set()
    groups = [set(g) for g in block.groups]
    head = set(block.head)
    for r in (block.rows if action_level else rows):
        merge = sheet.merge_at(r, col)
        top = (merge[0], merge[1]) if merge else (r, col)
        if top in seen:
            continue
        seen.add(top)
        cell = sheet.cells.get(top)
        if cell is None or not cell.text and not cell.fill:
            continue
        span = set(range(max(merge[0], block.rows[0]), min(merge[2], block.rows[-1]) + 1)) if merge else {r}
        in_group = next((g for g in groups if span <= g), None)
        if action_level:
            if (span <= head) or (in_group is None and span & set(block.rows)):
                out.append((top[0], cell))
        elif in_group is not None and in_group == set(rows):
            out.append((top[0], cell))
    return out
