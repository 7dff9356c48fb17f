"""Cells that leave the app (CSV, Excel) cannot run as formulas: OWASP's CSV-injection advice.

No Streamlit here: the store's workbook writer, the exports and the tables all use it.
"""

from __future__ import annotations

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


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that opens cleanly in Excel (UTF-8 with BOM) and cannot run formulas."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")
