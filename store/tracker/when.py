"""Dates as councils write them in trackers, read day-first, with the text always kept.

`read_when("01 June 2006 and ongoing as needed", "end")` is 1 June 2006 (the trailing words stay in the
raw text). Forms: a day ("21 March 2005", "30/09/2019", "2019-09-30"), a month ("Jun 2016",
"September 2009", "Jun-26", "09/2019"), a quarter ("Q3 2017/18" is Oct-Dec 2017 of the financial year;
"Q3 2017" the calendar quarter), a UK financial year ("2018/19", "2018-19"), a season ("Autumn 2019"), a
half ("H1 2020/21": April-September 2020), a year, a range ("Apr 2019 - Mar 2020", "Jan-Mar 2020"), "ongoing" and its kin, "TBC" and its kin (no date, flagged),
"Done" (complete, no date) or "Completed March 2019". A start resolves to the first day of the period it
names, an end to the last. Text with digits or month names that still cannot be read raises
DateParseError; words with no date in them ("when funding allows") are no date, flagged.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from store.dates import MONTHS
from store.errors import DateParseError
from store.tracker.excel import date_granularity

NO_DATE = {"", "-", "--", "—", "–", "n/a", "na", "none", "nil", "tbc", "tba", "tbd", "tbc.", "to be confirmed",
           "to be agreed", "to be decided", "to be determined", "?", "unknown", "not known", "not applicable",
           "not set", "x", "pending", "awaiting", "later", "future", "date tbc", "date to be confirmed"}
ONGOING = re.compile(r"^(on-?\s?going|continuous|continual|annual(ly)?|monthly|quarterly|weekly|yearly|regularly|"
                     r"as (and when )?(required|needed|necessary|appropriate)|as and when|throughout|rolling|"
                     r"business as usual|bau|permanent|continuing|every (year|month|quarter)|in year)\b")
DONE = re.compile(r"^(done|complete|completed|achieved|delivered|implemented|closed|finished|obtained|"
                  r"in place|actioned|met)\b[\s.:,\-–—]*(?:(?:in|on|by)\s+)?(?P<rest>.*)$")
_FILLERS = re.compile(r"^(?:(?:by|before|from|starting|commencing|due|target|deadline|approx\.?|approximately|"
                      r"circa|c\.|around|w/?c|w/e|week commencing|week ending|no later than|not before|"
                      r"by the|the|end of|end|start of|beginning of|early|mid|late|during|in|on|at|until|"
                      r"till|for)\s+)+")
_MONTH = r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FORMS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})")),
    ("dmy", re.compile(r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<mo>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|\d{2})(?!\d)")),
    ("day_month", re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/]*" + _MONTH
                             + r"[\s,\-/']*(?P<y>\d{4}|\d{2})(?!\d)")),
    ("month_day", re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)")),
    ("quarter", re.compile(r"(?:q|qtr|quarter)\s*(?P<q>[1-4])(?:\s*(?:of|fy|in))?\s*(?P<y>\d{4})"
                           r"(?:\s*[/\-–]\s*(?P<y2>\d{4}|\d{2}))?(?!\d)")),
    ("fy_quarter", re.compile(r"(?:fy\s*)?(?P<y>\d{4})\s*[/\-]\s*(?P<y2>\d{4}|\d{2})\s*,?\s*(?:q|qtr|quarter)\s*"
                             r"(?P<q>[1-4])(?!\d)")),
    ("half", re.compile(r"(?:h|half\s*)(?P<h>[12])(?:\s*(?:of|fy|in))?\s*(?P<y>\d{4})"
                        r"(?:\s*[/\-–]\s*(?P<y2>\d{4}|\d{2}))?(?!\d)")),
    ("quarter_short", re.compile(r"(?:q|qtr|quarter)\s*(?P<q>[1-4])\s*(?P<y>\d{2})\s*[/\-]\s*(?P<y2>\d{2})(?!\d)")),
    ("fy", re.compile(r"(?:fy\s*|financial year\s*)?(?P<y>\d{4})\s*[/\-–]\s*(?P<y2>\d{4}|\d{2})(?!\d)")),
    ("fy_short", re.compile(r"(?:fy\s*)?(?P<y>\d{2})\s*/\s*(?P<y2>\d{2})(?!\d)")),
    ("season", re.compile(r"(?P<s>spring|summer|autumn|fall|winter)\s*(?P<y>\d{4}|\d{2})(?!\d)")),
    ("month", re.compile(_MONTH + r"[\s\-/',]*(?P<y>\d{4}|\d{2})(?!\d)")),
    ("num_month", re.compile(r"(?P<mo>\d{1,2})\s*/\s*(?P<y>\d{4})(?!\d)")),
    ("year", re.compile(r"(?P<y>\d{4})(?!\d)")),
]
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_RANGE = re.compile(r"\s+(?:-|–|—|to|until|till|and)\s+|\s*[–—]\s*")
SANE_YEARS = range(1990, 2101)


@dataclass(frozen=True)
class When:
    raw: str
    first: date | None = None  # the first day of the period the text names
    last: date | None = None  # its last day
    is_ongoing: bool = False
    is_done: bool = False  # "Done", "Completed March 2019"
    no_date: str | None = None  # why there is no date: "to be confirmed", "not a date", or None
    ranged: bool = False  # "Apr 2019 – Mar 2020", "Jan-Mar 2020": a start and an end in one cell

    def value(self, role: str) -> date | None:
        return self.first if role == "start" else self.last


def _year(text: str, raw: str) -> int:
    year = int(text) + 2000 if len(text) == 2 else int(text)
    if year not in SANE_YEARS:
        raise DateParseError(f"{raw!r}: the year {year} is outside 1990–2100.")
    return year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_second(first: int, second: str, raw: str) -> int:
    year = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if year != first + 1:
        raise DateParseError(f"{raw!r}: a financial year runs over two consecutive years, like '2018/19'.")
    return year


def _period(kind: str, m: re.Match, raw: str) -> tuple[date, date]:
    g = m.groupdict()
    if kind in ("iso", "dmy", "day_month", "month_day"):
        month = int(g["mo"]) if g.get("mo") else MONTHS[g["m"]]
        try:
            day = date(_year(g["y"], raw), month, int(g["d"]))
        except ValueError:
            raise DateParseError(f"{raw!r} is not a real calendar day (dates are read day first: "
                                 "30/09/2019 is 30 September).") from None
        return day, day
    if kind == "half":  # H1 2020 is January to June; H1 2020/21 is April to September 2020
        h, first = int(g["h"]), _year(g["y"], raw)
        if g.get("y2"):
            _fy_second(first, g["y2"], raw)
            start_month, year = (4, first) if h == 1 else (10, first)
        else:
            start_month, year = (1, first) if h == 1 else (7, first)
        end_year, end_month = (year + 1, 3) if start_month == 10 and g.get("y2") else (year, start_month + 5)
        return date(year, start_month, 1), _month_end(end_year, end_month)
    if kind in ("quarter", "quarter_short", "fy_quarter"):
        q, first = int(g["q"]), _year(g["y"], raw)
        if g.get("y2"):  # a financial year's quarter: Q1 is April to June
            _fy_second(first, g["y2"], raw)
            start_month, year = (4 + 3 * (q - 1), first) if q < 4 else (1, first + 1)
        else:
            start_month, year = 1 + 3 * (q - 1), first
        return date(year, start_month, 1), _month_end(year, start_month + 2)
    if kind in ("fy", "fy_short"):
        first = _year(g["y"], raw)
        return date(first, 4, 1), date(_fy_second(first, g["y2"], raw), 3, 31)
    if kind == "season":
        year = _year(g["y"], raw)
        start, end = _SEASONS[g["s"]]
        return date(year, start, 1), _month_end(year + (1 if end < start else 0), end)
    if kind in ("month", "num_month"):
        month = MONTHS[g["m"]] if g.get("m") else int(g["mo"])
        if not 1 <= month <= 12:
            raise DateParseError(f"{raw!r}: {month} is not a month.")
        year = _year(g["y"], raw)
        return date(year, month, 1), _month_end(year, month)
    year = _year(g["y"], raw)
    return date(year, 1, 1), date(year, 12, 31)


def _at_start(text: str, raw: str) -> tuple[date, date, str] | None:
    """The period named at the start of `text`, and what follows it."""
    for kind, pattern in _FORMS:
        m = pattern.match(text)
        if m and (kind != "fy_short" or int(m["y2"]) == (int(m["y"]) + 1) % 100):
            first, last = _period(kind, m, raw)
            return first, last, text[m.end():]
    return None


_PART = _MONTH.replace("(?P<m>", "(?:") + r"|spring|summer|autumn|fall|winter"
_SHARED = re.compile(rf"(?P<a>{_PART})\s*(?:-|–|—|to|/|&|and)\s*(?P<b>{_PART})[\s\-/',]*(?P<y>\d{{4}}|\d{{2}})(?!\d)")


def _shared_year(text: str, raw: str) -> When | None:
    """'Jan-Mar 2020', 'Sep – Dec 2019', 'Spring/Summer 2020': from the first to the second in that year (a
    first after the second, 'Nov-Feb 2020', is in the year before)."""
    m = _SHARED.match(text)
    if not m:
        return None
    year = m["y"]
    first = _at_start(f"{m['a']} {year}", raw)
    second = _at_start(f"{m['b']} {year}", raw)
    if not first or not second:
        return None
    start = first[0] if first[0] <= second[0] else first[0].replace(year=first[0].year - 1)
    return When(raw, start, second[1], ranged=True)


def _strip(text: str) -> str:
    return _FILLERS.sub("", text).strip(" .,;:()")


def _read_text(raw: str) -> When:
    text = " ".join(raw.replace("\u00a0", " ").split()).lower()
    text = re.sub(r"\b(\d{1,2})(st|nd|rd|th)\b", r"\1", text)
    if text in NO_DATE or text.strip(" .") in NO_DATE:
        return When(raw, no_date="to be confirmed" if text else None)
    if m := DONE.match(text):
        rest = _strip(m["rest"])
        if not rest or not re.search(r"\d", rest):
            return When(raw, is_done=True)
        found = _read_text(rest)
        return When(raw, found.first, found.last, is_done=True, no_date=found.no_date)
    if ONGOING.match(text):
        return When(raw, is_ongoing=True)
    body = _strip(text)
    if shared := _shared_year(body, raw):
        return shared
    found = _at_start(body, raw)
    if found is None:
        # a date later in the text: "Revised to March 2020", "Report to Cabinet in June 2019"
        hits = [m for kind, p in _FORMS for m in [p.search(body)] if m and kind not in ("fy_short",)]
        if hits:
            first_hit = min(hits, key=lambda m: m.start())
            if not re.search(r"\d", body[:first_hit.start()]):  # "Q5 2019" is not 2019
                found = _at_start(_strip(body[first_hit.start():]), raw)
    if found is None:
        if re.search(r"\d", text) or re.search(r"\b" + _MONTH + r"(\b|\d)", text):
            raise DateParseError(f"{raw!r} is not a date that can be read: write a day ('30/09/2019', "
                                 "'21 March 2005'), a month ('Jun 2016'), a quarter ('Q3 2017/18'), a financial "
                                 "year ('2018/19'), 'ongoing' or 'TBC'.")
        return When(raw, no_date="not a date")
    first, last, rest = found
    if m := _RANGE.match(rest):  # "Apr 2019 - Mar 2020": from the first to the second
        second = _at_start(_strip(rest[m.end():]), raw)
        if second and second[1] >= first:
            return When(raw, first, second[1], ranged=True)
    return When(raw, first, last)


def read_when(cell, role: str) -> When:
    """Read a date cell: a grid Cell (Excel date cells keep their displayed text) or plain text."""
    if role not in ("start", "end"):
        raise ValueError(f"role must be 'start' or 'end', not {role!r}")
    if cell is None:
        return When("")
    if isinstance(cell, str):
        return _read_text(cell)
    if getattr(cell, "is_date", False) and isinstance(cell.value, (date, datetime)):
        day = cell.value.date() if isinstance(cell.value, datetime) else cell.value
        if day.year not in SANE_YEARS:
            raise DateParseError(f"{cell.text!r}: the year {day.year} is outside 1990–2100.")
        grain = date_granularity(cell.fmt)
        if grain == "month":
            return When(cell.text, day.replace(day=1), _month_end(day.year, day.month))
        if grain == "year":
            return When(cell.text, date(day.year, 1, 1), date(day.year, 12, 31))
        return When(cell.text, day, day)
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and 25_000 <= cell.value <= 75_000:
        day = date(1899, 12, 30) + timedelta(days=int(cell.value))  # an Excel date serial shown as a number
        return When(cell.text, day, day)
    return _read_text(cell.text)
