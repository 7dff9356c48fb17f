"""Illustrative progress history, so a new user opens a dashboard that looks lived-in.

Every row written here is marked `is_demo` (updates also carry `origin = 'demo'`); nothing here is
a fact about the plan. What the history looks like, and why:

- Reviews every 42 days (the plan's "6 weekly update meetings"), titled "Review 1", "Review 2", ...
- Each action and each milestone gets one update per review, from the review before it is due to
  start until the review that records it complete, and nothing after that. About one routine
  update in ten is not given, as happens in real meetings, so some open items go stale.
- Most items finish within a few weeks of their baseline end. A share of actions slip: the forecast
  end moves later at a review (sometimes twice) and most of those finish late; a few are
  re-baselined (a `rebaseline` row approved at a review) and then track the new end; a couple go on
  hold for a few reviews; a few are still open and late at the last review. Milestones move with
  their action. Ongoing actions stay in progress with no forecast end.
- What the source states is respected: actions the source records as done get no demo rows (the
  build records them from the source), and a milestone whose title says it is "awaiting" something
  (1.2: "First draft created and Awaiting Legal advice") starts in progress, awaiting it.
- Commentary is built from the item's own text (milestone titles, the action's first sentence) and
  a short list of reasons chosen to fit that text (cabinet, DQS review, Orchard, consultation,
  legal advice, staff capacity). No people are invented: updates are recorded by one of the
  item's owners, re-baselines approved by the person who owns most of the plan.

Rows are generated with numpy from one seeded Generator, so two builds give identical rows, and
inserted in bulk by store/sql/insert_demo.sql. Text columns travel as pandas Categoricals (a few
thousand distinct phrases rather than a million strings) and are joined into sentences there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from store.db import refresh_item_span, store_sql
from store.demo.arrays import _as_dates, _day
from store.demo.items import Items, _approver, _items, _read_plan
from store.demo.schedule import _schedule, review_dates
from store.demo.settings import (
    AWAITING, COMPLETE, EARLY, FAR, FIRST_REVIEW_OF_PLAN, HOLD_OVERRIDE, HOLD_SHARE, IN_PROGRESS, LATE,
    LATE_START_SHARE, MIDDLE, MONTHS, NOT_STARTED, ON_HOLD, ONGOING, OPEN_AT_END_SHARE, OVERRIDE_SHARE,
    REASONS, REBASELINE_SHARE, REVIEW_EVERY_DAYS, REVIEWS_RUN_ON_DAYS, SERVICE_MANAGER, SKIP_SHARE,
    SLIP_SHARE, STAFF_CAPACITY, STATUS, Reason,
)
from store.demo.story import Story, _story
from store.demo.updates import _updates

# The package's public names, as they were when it was one module (store/demo.py).
__all__ = [
    "AWAITING", "COMPLETE", "EARLY", "FAR", "FIRST_REVIEW_OF_PLAN", "HOLD_OVERRIDE", "HOLD_SHARE",
    "IN_PROGRESS", "LATE", "LATE_START_SHARE", "MIDDLE", "MONTHS", "NOT_STARTED", "ON_HOLD", "ONGOING",
    "OPEN_AT_END_SHARE", "OVERRIDE_SHARE", "REASONS", "REBASELINE_SHARE", "REVIEW_EVERY_DAYS",
    "REVIEWS_RUN_ON_DAYS", "SERVICE_MANAGER", "SKIP_SHARE", "SLIP_SHARE", "STAFF_CAPACITY", "STATUS",
    "DemoSummary", "Items", "Reason", "Story", "review_dates", "write_demo_history",
]


@dataclass(frozen=True)
class DemoSummary:
    reviews: int
    updates: int
    rebaselines: int


def write_demo_history(con: duckdb.DuckDBPyConnection, plan_id: str, *, seed: int = 2016,
                       first_review: date | None = None, last_review: date | None = None) -> DemoSummary:
    """Write reviews, progress updates and re-baselines for one plan, all marked as demo.

    The caller owns the transaction (store.build runs this inside its own). Deterministic: the same
    plan and seed give the same rows. Review dates default to the plan's own (see _schedule).
    """
    actions, milestones, assignments, officers = _read_plan(con, plan_id)
    days = _schedule(plan_id, actions, milestones, first_review, last_review)
    if not days:
        return DemoSummary(0, 0, 0)
    reviews = np.array([_day(x) for x in days], dtype="int64")
    titles = [f"Review {i + 1}" for i in range(len(days))]
    rng = np.random.default_rng(seed)
    items = _items(actions, milestones, assignments, officers, int(reviews[0]), int(reviews[-1]))
    story = _story(items, reviews, titles, rng)
    updates = _updates(items, story, reviews, rng)

    approved = sorted(story.rebaselines, key=lambda x: (x[1], x[0]))  # by review, then plan order
    new_start = np.array([-1 if x[2] is None else x[2] for x in approved], dtype="int64")
    frames = {
        "demo_review": pd.DataFrame({
            "plan_id": plan_id,
            "review_date": reviews.astype("datetime64[D]"),
            "title": titles,
        }),
        "demo_update": updates.assign(plan_id=plan_id),
        "demo_rebaseline": pd.DataFrame({
            "row_no": np.arange(len(approved)),
            "plan_id": plan_id,
            "ref": np.array([items.ref[x[0]] for x in approved], dtype=object),
            "seq": pd.arrays.IntegerArray(np.zeros(len(approved), "int64"), np.ones(len(approved), bool)),
            "approved_on": reviews[[x[1] for x in approved]].astype("datetime64[D]"),
            "new_baseline_start": _as_dates(new_start, new_start >= 0),
            "new_baseline_end": np.array([x[3] for x in approved], dtype="int64").astype("datetime64[D]"),
            "reason": np.array([x[4] for x in approved], dtype=object),
            "approved_by": _approver(assignments, officers),
        }),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        con.execute(store_sql("insert_demo")).fetchall()  # finish it: the caller goes on using `con`
        refresh_item_span(con, plan_id)
    finally:
        for name in frames:
            con.unregister(name)
    return DemoSummary(len(frames["demo_review"]), len(updates), len(approved))
