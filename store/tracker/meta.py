"""A tracker's plan-level facts: its title and organisation (from the title rows), its plan id (from
the title or the file name), and the "as at" date its progress is reported at."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from store.errors import DateParseError
from store.tracker.when import read_when

_AS_AT = re.compile(r"\b(?:as at|as of|position at|position as at|status at|progress (?:report )?(?:to|at|as at)|"
                    r"updated?(?: on| at)?|period ending|quarter ending|month ending|report(?:ed)? at|"
                    r"progress update|monitoring(?: report)?|review(?:ed)?(?: on| at)?)\s*[:\-–]?\s*(?P<when>.+)$",
                    re.IGNORECASE)
_ORG = re.compile(r"^(?P<org>(?:[A-Z][\w'’&\-]*\s+){0,5}?(?:Borough |County |District |City |Metropolitan |"
                  r"Town |Parish |Combined )*(?:Council|Authority|Trust|Homes|Housing|Partnership|"
                  r"Association|Corporation))\b")
_LEGEND = re.compile(r"^(key|legend|notes?|guidance|rag)\b", re.IGNORECASE)
_NOISE = re.compile(r"\b(final|draft|copy|v\d+(?:\.\d+)*|version \d+|updated?|tracker|new)\b", re.IGNORECASE)


def title_of(title_rows: list[tuple[int, str]], sheet_name: str, file_name: str) -> str:
    """The first title row with words in it (after the council's name when that stands on a row of its own,
    as under a logo), else the sheet's name if it says more than 'Sheet1', else the file."""
    wordy = [_without_as_at(" ".join(t.split())) for _, t in title_rows
             if re.search(r"[A-Za-z]{3}", t) and not _AS_AT.match(t)]
    if wordy:
        if len(wordy) > 1 and organisation_of(wordy[0]) == wordy[0] and not _LEGEND.match(wordy[1]):
            return f"{wordy[0]} – {wordy[1]}"
        return wordy[0]
    if sheet_name and not re.fullmatch(r"(sheet|tabelle|feuil)\s*\d*", sheet_name, re.IGNORECASE):
        if not file_name.lower().endswith(".csv"):
            return sheet_name
    stem = PurePath(file_name).stem
    return " ".join(re.sub(r"[_\-]+", " ", stem).split()) or "Imported plan"


def _without_as_at(text: str) -> str:
    """'Tenant Services Plan – progress report as at 30 September 2019' -> 'Tenant Services Plan'."""
    m = _AS_AT.search(text)
    if m is None:
        return text
    try:
        dated = read_when(m.group("when"), "end").last is not None
    except DateParseError:
        dated = False
    head = text[:m.start()].rstrip(" –—-,:;(")
    return head if dated and re.search(r"[A-Za-z]{3}", head) else text


def organisation_of(title: str) -> str | None:
    m = _ORG.match(title.strip())
    return m.group("org").strip() if m else None


def plan_id_of(title: str, file_name: str) -> str:
    """A short id from the title (or the file name when the title has too few words): 'x-council-tenancy-…'."""
    base = title if re.search(r"[A-Za-z]{3}", title) else PurePath(file_name).stem
    words = re.sub(r"[^a-z0-9]+", " ", _NOISE.sub(" ", base.lower())).split()
    out: list[str] = []
    for word in words:
        if len("-".join(out + [word])) > 48:
            break
        out.append(word)
    return "-".join(out) or "imported-plan"


def as_at_of(title_rows: list[tuple[int, str]]) -> tuple[date, str] | None:
    """The date a title row says the progress is reported at: 'Progress as at 31 March 2011'."""
    for row, text in title_rows:
        candidates = [m.group("when") for m in [_AS_AT.search(text)] if m]
        if not candidates and re.fullmatch(r"[\w\s/,.\-]+", text) and len(text.split()) <= 4:
            candidates = [text]  # a title row that is only a date
        for candidate in candidates:
            try:
                got = read_when(candidate, "end")
            except DateParseError:
                continue
            if got.last and not got.is_done:
                return got.last, f"title row {row}: '{text}'"
    return None
