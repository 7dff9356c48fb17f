"""The Actions sheet's rows as CSV for Excel: the same table as the workbook's Actions sheet."""

from __future__ import annotations

import pandas as pd

from components.export.tables import ReviewPack, Table, actions_table
from store.cells import csv_bytes


def _csv_frame(table: Table) -> pd.DataFrame:
    """Typed columns, so the CSV says 152 rather than 152.0 and leaves missing values empty."""
    dtypes = {"int": "Int64", "number": "Float64", "percent": "Float64"}
    return table.frame.astype({h: dtypes[k] for h, k in zip(table.headers, table.kinds) if k in dtypes})


def build_actions_csv(pack: ReviewPack) -> bytes:
    """The Actions sheet's rows as CSV (UTF-8 with BOM, formulas neutralised, refs as typed); dates as
    YYYY-MM-DD."""
    return csv_bytes(_csv_frame(actions_table(pack.actions)), ("Ref",))
