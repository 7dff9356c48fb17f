"""Cells that leave the app (CSV, Excel) cannot run as formulas: OWASP's CSV-injection advice.

No Streamlit here: the store's workbook writer, the exports and the tables all use it.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value):
    """A text value a spreadsheet would run as a formula gets a leading apostrophe; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised; number, date and boolean columns untouched (keeping their types)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_text).astype(out[column].dtype)
    return out


# A ref such as 1.10 or 2.3.1 that a spreadsheet opening a CSV would read as a number (1.1) or a date.
NUMBER_LIKE_REF = re.compile(r"^\d+(\.\d+)*\.?$")


def keep_as_text(value):
    """A number-like ref as the constant text ="1.10", the one form Excel and LibreOffice both open from a
    CSV as the text typed. Only digits and dots qualify, so nothing a person wrote can ride inside."""
    if isinstance(value, str) and NUMBER_LIKE_REF.match(value):
        return f'="{value}"'
    return value


def one_kind_of_line_break(value):
    """CR LF and a lone CR inside a text become LF: a bare CR in a field splits the row in LibreOffice
    and Excel, and the text after it would start a new row (and could run as a formula there)."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def csv_bytes(frame: pd.DataFrame, text_columns: tuple[str, ...] = ()) -> bytes:
    """CSV that opens cleanly in Excel (UTF-8 with BOM) and cannot run formulas; the refs in
    `text_columns` stay as typed ("1.10", not 1.1). Rows end in CRLF, so the csv writer quotes every
    field holding a line break: a multi-line text stays one cell."""
    out = neutralise_formulas(frame)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(one_kind_of_line_break).astype(out[column].dtype)
    for column in text_columns:
        if column in out:
            out[column] = out[column].map(keep_as_text)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
