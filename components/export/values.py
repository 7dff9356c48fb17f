"""Values: one conversion for every output, so the workbook, CSV and HTML agree."""

from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from components.settings import RAG_WORDS

EXCEL_CELL_LIMIT = 32_767  # Excel refuses longer cell text

RAG_BY_WORD = {word: rag for rag, word in RAG_WORDS.items()}


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def as_text(value) -> str | None:
    """Text as a spreadsheet can hold it: control characters Excel rejects removed, length capped."""
    if is_missing(value):
        return None
    # Strip first, then neutralise (later): "\x01=cmd" must not become a bare "=cmd".
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return s if len(s) <= EXCEL_CELL_LIMIT else s[: EXCEL_CELL_LIMIT - 1] + "…"


def as_int(value) -> int | None:
    return None if is_missing(value) else int(value)


def as_number(value) -> float | int | None:
    if is_missing(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def as_date(value) -> date | None:
    if is_missing(value):
        return None
    if isinstance(value, datetime):  # pd.Timestamp too
        return value.date()
    if isinstance(value, date):
        return value
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()


def _yes_no(value) -> str | None:
    return None if is_missing(value) else ("Yes" if bool(value) else "No")


def _rag_word(value) -> str | None:
    return None if is_missing(value) else RAG_WORDS.get(str(value), str(value))


def as_words(value) -> str | None:
    """'in progress' -> 'In progress'; a RAG code -> its word."""
    s = as_text(value)
    if s is None:
        return None
    if s in RAG_WORDS:
        return RAG_WORDS[s]
    return s[:1].upper() + s[1:]


def long_date(value) -> str:
    """'20 May 2020' (the as-of and review dates may come as dates, Timestamps, None or NaT)."""
    d = as_date(value)
    return "—" if d is None else f"{d.day} {d:%B %Y}"


# A table column's kind -> its conversion (tables.py); the workbook and HTML format by the same kinds.
CONVERT = {
    "text": as_text, "long": as_text, "int": as_int, "number": as_number, "percent": as_number,
    "date": as_date, "month": as_date, "rag": _rag_word, "yesno": _yes_no,
}
