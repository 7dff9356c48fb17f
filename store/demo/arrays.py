"""Vectorised helpers: dates as day numbers, and strings as codes into a few distinct texts."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from store.demo.settings import MONTHS

# Dates as whole days since 1970-01-01 (numpy's datetime64[D] as int64), so arithmetic vectorises.


def _days(column: pd.Series) -> np.ndarray:
    """Dates as float days, NaN where missing."""
    values = pd.to_datetime(column).to_numpy(dtype="datetime64[D]")
    out = values.astype("int64").astype(float)
    out[np.isnat(values)] = np.nan
    return out


def _day(value: date) -> int:
    return int(np.datetime64(value, "D").astype("int64"))


def _month_end(days):
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    out = ((months + 1).astype("datetime64[D]") - 1).astype("int64")
    return out if out.ndim else int(out)


def _month_start(day: int) -> int:
    return int(np.datetime64(int(day), "D").astype("datetime64[M]").astype("datetime64[D]").astype("int64"))


@lru_cache(maxsize=None)
def _label(day: int) -> str:
    """A month as managers write it: 'Mar 2019'."""
    month = int(np.datetime64(int(day), "D").astype("datetime64[M]").astype("int64"))
    return f"{MONTHS[month % 12]} {1970 + month // 12}"


def _as_dates(days: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = np.asarray(days, dtype="int64").astype("datetime64[D]")
    return np.where(present, out, np.datetime64("NaT"))


class _Texts:
    """Distinct strings, and codes into them: a pandas Categorical carries them cheaply."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def code(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]

    def codes(self, keys: np.ndarray, make) -> np.ndarray:
        """One code per key, making each distinct key's text once."""
        if len(keys) == 0:
            return np.zeros(0, "int64")
        distinct, inverse = np.unique(keys, return_inverse=True)
        return np.array([self.code(make(k)) for k in distinct], dtype="int64")[inverse]

    def categorical(self, codes: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=pd.Index(self.texts, dtype=object))
