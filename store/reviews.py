"""Review meetings are scheduled on purpose by a manager; recording progress never creates one.

The schedule is editable: future reviews can be added, moved or removed; a review that has been held
(its date is today or earlier) stays, because the dashboard's history is read against it.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from store.audit import audit
from store.db import store_sql
from store.errors import ValidationError
from store.wrong_types import check_dates

SANE_YEARS = range(2000, 2101)


def propose_cadence(after: date, count: int, every_days: int = 42) -> list[date]:
    """`count` review dates every `every_days` after `after` (the 6-weekly cadence)."""
    return [after + timedelta(days=every_days * n) for n in range(1, count + 1)]


def _problems(plan_id: str, add: list[date], remove: list[date], held: set[date], today: date,
              noted: set[date] = frozenset()) -> list[str]:
    problems = []
    for day in add:
        if day.year not in SANE_YEARS:
            problems.append(f"The review date {day:%d %b %Y} is outside the years 2000–2100.")
    for day in remove:
        if day <= today:
            problems.append(f"The review of {day:%d %b %Y} has been held; held reviews stay in the record.")
        elif day not in held:
            problems.append(f"There is no review on {day:%d %b %Y} in plan {plan_id} to remove.")
        elif day in noted:
            problems.append(f"The review of {day:%d %b %Y} has decisions or actions noted; it stays in the record.")
    return problems


def schedule_reviews(con: duckdb.DuckDBPyConnection, plan_id: str, *, add: list[date], remove: list[date] = (),
                     actor: str, today: date | None = None) -> list[date]:
    """Add and remove review dates in one transaction with one audit row, then number every review of the
    plan "Review 1", "Review 2", ... in date order. Returns the plan's review dates."""
    today = today or date.today()
    check_dates([*add, *remove], "The review date")
    add, remove = sorted(set(add)), sorted(set(remove))
    con.execute("begin transaction")
    try:
        existing = {r[0] for r in con.execute(store_sql("review_dates_of_plan"), {"plan_id": plan_id}).fetchall()}
        noted = {r[0] for r in con.execute(store_sql("noted_review_dates"), {"plan_id": plan_id}).fetchall()}
        problems = _problems(plan_id, add, list(remove), existing, today, noted)
        if problems:
            raise ValidationError(problems)
        for day in remove:
            con.execute(store_sql("delete_review"), {"plan_id": plan_id, "review_date": day})
        for day in add:
            con.execute(store_sql("insert_review"), {"plan_id": plan_id, "review_date": day, "title": "Review"})
        con.execute(store_sql("renumber_reviews"), {"plan_id": plan_id})
        audit(con, actor, "reviews_scheduled", {"plan_id": plan_id, "added": add, "removed": remove})
        dates = [r[0] for r in con.execute(store_sql("review_dates_of_plan"), {"plan_id": plan_id}).fetchall()]
        con.execute("commit")
        return dates
    except BaseException:
        con.execute("rollback")
        raise
