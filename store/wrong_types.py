"""Values of the wrong kind, refused in plain words before any rule or SQL sees them.

store.progress and store.reviews are called by the pages, the CLI and scripts; a percent of "abc" or a
review date of None must be a ValidationError naming the field, not a TypeError from a comparison.
"""

from __future__ import annotations

import math
from datetime import date

from store.errors import ValidationError

DATE_FIELDS = ("reported_on", "forecast_end", "actual_end")
TEXT_FIELDS = ("plan_id", "ref", "status", "rag_override", "rag_reason", "commentary", "change_reason")
WORDS = {"reported_on": "the update's date", "forecast_end": "the forecast end", "actual_end": "the actual end",
         "percent_complete": "percent complete", "seq": "the milestone number", "rag_override": "the RAG override",
         "rag_reason": "the RAG reason", "change_reason": "the reason", "plan_id": "the plan id"}


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def update_type_problems(update) -> list[str]:
    """Every field of a ProgressUpdate holding the wrong kind of value (None is checked by the rules)."""
    label, values = f"{update.ref}" if isinstance(update.ref, str) else "The update", vars(update)
    problems = []
    for name in DATE_FIELDS:
        if values[name] is not None and not isinstance(values[name], date):
            problems.append(f"{label}: {WORDS[name]} {values[name]!r} is not a date.")
    for name in TEXT_FIELDS:
        if (values[name] is not None or name in ("plan_id", "ref", "status")) and not isinstance(values[name], str):
            problems.append(f"{label}: {WORDS.get(name, name)} {values[name]!r} is not text.")
    if values["percent_complete"] is not None and not is_number(values["percent_complete"]):
        problems.append(f"{label}: percent complete {values['percent_complete']!r} is not a number from 0 to 100.")
    if values["seq"] is not None and (isinstance(values["seq"], bool) or not isinstance(values["seq"], int)):
        problems.append(f"{label}: the milestone number {values['seq']!r} is not a whole number.")
    return problems


def check_dates(values: list, what: str) -> None:
    """Raise a ValidationError when any of `values` is not a date (e.g. a review date of None)."""
    wrong = [v for v in values if not isinstance(v, date)]
    if wrong:
        raise ValidationError([f"{what} {v!r} is not a date." for v in wrong])
