"""Parse the date forms used in improvement plans ("Sept 16", "2018/19", "ongoing", ...).

A start resolves to the first day of the period it names, an end to the last day. The raw text is
always kept beside the parsed value by the caller; this module only interprets it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from store.errors import DateParseError

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
# Plans are written in this century; a two-digit year YY means 20YY.
_MONTH_YEAR = re.compile(r"^(?P<month>[a-z]+)\.?\s+(?P<year>\d{2}|\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(?P<first>\d{4})\s*/\s*(?P<second>\d{2}|\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DONE = re.compile(r"^(obtained|completed?|done)\s+(?P<rest>.+)$")
_SANE_YEARS = range(1990, 2101)

FORMS_HELP = (
    "use a month and year ('Sept 16', 'March 2015'), a UK financial year ('2018/19'), a year ('2019'), "
    "a date ('2019-03-31'), 'ongoing', 'Obtained Feb 2016', or leave it blank"
)


@dataclass(frozen=True)
class PlanDate:
    """What one date cell means. `value` is None for blank and ongoing cells."""

    raw: str
    value: date | None
    is_ongoing: bool = False
    is_done: bool = False  # "Obtained Feb 2016": the item was already complete then


def _year(text: str, raw: str) -> int:
    year = int(text) + 2000 if len(text) == 2 else int(text)
    if year not in _SANE_YEARS:
        raise DateParseError(f"Date {raw!r}: the year {year} is outside 1990–2100.")
    return year


def _period(text: str, raw: str) -> tuple[date, date]:
    """The first and last day of the period a date cell names."""
    if _ISO.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise DateParseError(f"Date {raw!r} is not a real calendar day.") from None
        _year(str(day.year), raw)
        return day, day
    if m := _FINANCIAL_YEAR.match(text):
        first = _year(m["first"], raw)
        second = m["second"]
        second_year = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if second_year != first + 1:
            raise DateParseError(
                f"Date {raw!r}: a financial year runs over two consecutive years, like '2018/19'."
            )
        return date(first, 4, 1), date(first + 1, 3, 31)
    if _YEAR.match(text):
        year = _year(text, raw)
        return date(year, 1, 1), date(year, 12, 31)
    if m := _MONTH_YEAR.match(text):
        month = MONTHS.get(m["month"])
        if month is None:
            raise DateParseError(f"Date {raw!r}: {m['month']!r} is not a month name.")
        year = _year(m["year"], raw)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    raise DateParseError(f"Date {raw!r} is not a date this plan format knows: {FORMS_HELP}.")


def parse_plan_date(raw: str | None, *, role: str) -> PlanDate:
    """Interpret one start or end cell. `role` is "start" or "end"."""
    if role not in ("start", "end"):
        raise ValueError(f"role must be 'start' or 'end', not {role!r}")
    raw = "" if raw is None else str(raw)
    text = " ".join(raw.split()).lower()
    if not text:
        return PlanDate(raw, None)
    if text == "ongoing":
        if role == "start":
            raise DateParseError(f"Date {raw!r}: 'ongoing' can only be an end date.")
        return PlanDate(raw, None, is_ongoing=True)
    if m := _DONE.match(text):
        if role == "start":
            raise DateParseError(f"Date {raw!r}: 'Obtained …' can only be an end date.")
        return PlanDate(raw, _period(m["rest"], raw)[1], is_done=True)
    first, last = _period(text, raw)
    return PlanDate(raw, first if role == "start" else last)
