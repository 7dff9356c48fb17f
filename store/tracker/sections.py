"""Section rows: the headings between groups of actions ("2.3 Improve tenant engagement…",
"OBJECTIVE 2: Reduce void loss…", "3. Performance Reporting") that become the plan's themes.

A section row holds one heading: a cell merged across the table, or a bold cell alone on its row, or a
lone text in the first or ref column, or a number in the ref column and a title beside it with nothing
else on the row when the refs below start with that number (2 → 2.1, 2.2). A row with only an action's
words in the action column is an action, not a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.tracker.grid import Sheet
from store.tracker.header import Layout

_KEYWORD = re.compile(
    r"^(?:key |strategic |corporate )?(?:objective|theme|priority|section|part|outcome|aim|goal|work ?stream|strand|"
    r"area|priority area|chapter|heading)\s*(?P<code>\d+[a-z]?(?:\.\d+[a-z]?)*|[a-z]\b)?\s*[:.\-–—)]*\s*(?P<title>.*)$",
    re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<code>\d+[a-z]?(?:\.\d+[a-z]?)*)\.?\s*[:.\-–—)]?\s+(?P<title>\S.*)$", re.IGNORECASE)
_LETTERED = re.compile(r"^(?P<code>[A-Z])\s*[.:)\-–]\s+(?P<title>\S.*)$")
_CODE_ONLY = re.compile(r"^\d+[a-z]?(?:\.\d+[a-z]?)*\.?$|^[A-Z]\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    row: int
    text: str  # the heading as written
    code: str | None  # "2.3", "2", "A"; None when the heading has no number
    title: str


def theme_of(text: str, code: str | None = None) -> tuple[str | None, str]:
    """('2', 'Reduce void loss…') from 'OBJECTIVE 2: Reduce void loss…'; (None, text) when unnumbered."""
    text = " ".join(str(text).split())
    if code:
        return code.rstrip("."), text
    for pattern in (_KEYWORD, _NUMBERED, _LETTERED):
        m = pattern.match(text)
        if m and (m.group("code") or pattern is _KEYWORD):
            title = m.group("title").strip() or text
            code = m.group("code")
            return (code.rstrip(".").upper() if code and code.isalpha() else code.rstrip(".") if code else None), title
    return None, text


def _own_values(sheet: Sheet, layout: Layout, row: int) -> list[tuple[int, str]]:
    """(column, text) of each cell with its own text on this row, a merged range counted once."""
    out = []
    for column in layout.columns:
        c = column.col
        merge = sheet.merge_at(row, c)
        if merge and (merge[0], merge[1]) != (row, c):
            if merge[0] < row:
                return [(-1, "")]  # a range from the rows above runs through: part of an action
            continue
        cell = sheet.cells.get((row, c))
        if cell and cell.text:
            out.append((c, cell.text))
    return out


def _looks_like_heading(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool(_KEYWORD.match(text) and len(letters) >= 3) or (text.isupper() and len(letters) >= 4) \
        or bool(_NUMBERED.match(text))


def section_at(sheet: Sheet, layout: Layout, row: int, next_ref: str | None) -> Section | None:
    values = _own_values(sheet, layout, row)
    if not values or values[0][0] == -1:
        return None
    ref = layout.one("ref")
    action = layout.one("action")
    first_col = layout.columns[0].col
    if len(values) == 1:
        col, text = values[0]
        if not re.search(r"[A-Za-z]{3}", text):
            return None
        merge = sheet.merge_at(row, col)
        wide = bool(merge and merge[3] - merge[1] >= 1)
        bold = sheet.cells[(row, col)].bold
        if action is not None and col == action.col:
            heading = wide or (_looks_like_heading(text) and (bold or _KEYWORD.match(text) or text.isupper()))
        elif ref is not None and col == ref.col:
            heading = wide or bold or len(text.split()) >= 2
        else:
            heading = wide or bold or col == first_col
        if heading:
            code, title = theme_of(text)
            return Section(row, text, code, title)
        return None
    if len(values) == 2 and ref and action and {values[0][0], values[1][0]} == {ref.col, action.col}:
        number = sheet.text(row, ref.col)
        title = sheet.text(row, action.col)
        bold = any(sheet.cells[(row, c)].bold for c, _ in values)
        children = bool(next_ref and _CODE_ONLY.match(number)
                        and next_ref.startswith(number.rstrip(".") + ".") and next_ref != number)
        if _CODE_ONLY.match(number) and (bold or children or title.isupper()):
            return Section(row, f"{number} {title}", number.rstrip("."), title)
    return None
