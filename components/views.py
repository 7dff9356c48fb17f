"""The data every page shares, fetched one way: through components.db.query, like every other read.

The sidebar's choices (plans, themes, officers, reviews) and the headline of the current view (the
all-themes row of queries/theme_completion.sql, with the next review it looks ahead to) are read here
and nowhere else, so the sidebar draws and the pages compose without running queries of their own for
these. Components other than this one never fetch data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from components import filters as f
from components import rules
from components.db import query


def plans() -> pd.DataFrame:
    return query("plans")


def options_for(plan_id: str) -> f.Options:
    """What the sidebar offers for one plan."""
    every_plan = plans()
    themes = query("theme_actions", plan_id=plan_id)
    officers = query("plan_officers", plan_id=plan_id)
    reviews = query("review_dates", plan_id=plan_id)
    review_map = {d.date(): t for d, t in zip(reviews["review_date"], reviews["title"])}
    return f.Options(
        plan_ids=list(every_plan["plan_id"]),
        plan_titles=dict(zip(every_plan["plan_id"], every_plan["title"])),
        themes=dict(zip(themes["theme_code"], themes["theme_title"])),
        officers=dict(zip(officers["officer_id"], officers["name"])),
        reviews=review_map,
        default_as_of=next(iter(review_map), date.today()),
    )


@dataclass(frozen=True, eq=False)
class Headline:
    """The current view's headline: theme rows, the all-themes row (None: nothing passes the filters),
    and the next review that "due before the next review" looks ahead to."""

    themes: pd.DataFrame
    total: dict | None
    next_review: date

    @property
    def uses_demo_progress(self) -> bool:
        return bool(self.total and self.total["uses_demo_progress"])

    def figures(self) -> list[rules.Figure]:
        return rules.headline_figures(self.total, self.next_review) if self.total else []


def headline(filters: f.Filters, options: f.Options, as_of: date | None = None) -> Headline:
    """The headline of the view (at `as_of` instead of the filters' date when given)."""
    when = as_of or filters.as_of
    next_review = rules.next_review_after(when, list(options.reviews))
    themes = query("theme_completion", **filters.query_params(as_of=when), due_by=next_review)
    return Headline(themes, rules.headline_row(themes), next_review)
