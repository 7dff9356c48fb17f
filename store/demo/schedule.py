"""The review schedule: every 42 days, from the plan's own dates unless given."""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np

from store.demo.arrays import _day, _days, _month_end, _month_start
from store.demo.items import _read_plan
from store.demo.settings import FIRST_REVIEW_OF_PLAN, REVIEW_EVERY_DAYS, REVIEWS_RUN_ON_DAYS


def review_dates(con: duckdb.DuckDBPyConnection, plan_id: str, first_review: date | None = None,
                 last_review: date | None = None) -> list[date]:
    """The review days write_demo_history would use for this plan."""
    actions, milestones, _, _ = _read_plan(con, plan_id)
    return _schedule(plan_id, actions, milestones, first_review, last_review)


def _schedule(plan_id, actions, milestones, first_review, last_review) -> list[date]:
    """Review days, 42 apart, from the plan's own dates unless given.

    First: the plan's known meeting date (FIRST_REVIEW_OF_PLAN), else the first Wednesday on or
    after the 14th of the month in which the middle action starts (the median start). Last: on or
    before the end of the month two months after the plan's latest baseline end (30 June 2020 for
    the built-in plan, whose latest end is April 2020).
    """
    if first_review is None:
        first_review = FIRST_REVIEW_OF_PLAN.get(plan_id)
    if first_review is None:
        starts = np.sort(_days(actions["baseline_start"]))
        starts = starts[~np.isnan(starts)]
        if len(starts) == 0:
            return []
        the_14th = _month_start(int(starts[(len(starts) - 1) // 2])) + 13
        first = the_14th + (2 - (the_14th + 3)) % 7  # 1970-01-01 was a Thursday: (day + 3) % 7 is Monday 0
    else:
        first = _day(first_review)
    if last_review is None:
        every = np.concatenate([_days(actions[c]) for c in ("baseline_end", "baseline_start")]
                               + [_days(milestones[c]) for c in ("baseline_end", "baseline_start")])
        every = every[~np.isnan(every)]
        if len(every) == 0:
            return []
        last = _month_end(int(every.max()) + REVIEWS_RUN_ON_DAYS)
    else:
        last = _day(last_review)
    days = np.arange(first, last + 1, REVIEW_EVERY_DAYS, dtype="int64")
    return [d.item() for d in days.astype("datetime64[D]")]
