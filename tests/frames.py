"""Comparing query results with expected rows: DataFrame rows as plain Python tuples."""

from __future__ import annotations

import pandas as pd


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """NaN/NaT/NA become None, timestamps become dates, numpy scalars become Python ones, and
    floats that are whole become ints, so expected rows can be written by hand."""
    out = []
    for record in frame[columns].itertuples(index=False):
        values = []
        for v in record:
            if v is None or (not isinstance(v, (list, str)) and pd.isna(v)):
                v = None
            elif isinstance(v, pd.Timestamp):
                v = v.date()
            elif hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            values.append(v)
        out.append(tuple(values))
    return out
