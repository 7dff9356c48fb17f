"""The data every page shares, fetched one way: through components.db.query, like every other read.

The sidebar's choices (plans, themes, officers, reviews), the headline of the current view (the
all-themes row of queries/theme_completion.sql, with the next review it looks ahead to), a review
meeting's rows and the review pack are read here and nowhere else, so the sidebar, the Overview, the
Review page and the exports show one set of results. Components other than this one never fetch data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from components import filters as f
from components import rules
from components.db import query, share_states, write
from components.export import ReviewPack
from components.figures import figure_spec
from components.review import build_review_summary
from components.settings import OVERLOAD_THRESHOLD
from store.audit import log_event


def plans() -> pd.DataFrame:
    return query("plans")


def options_for(plan_id: str, today: date | None = None) -> f.Options:
    """What the sidebar offers for one plan. The default as-of date is the latest review held (on or
    before today): a review scheduled for later, or an update saved today, moves nobody's default."""
    today = today or date.today()
    every_plan = plans()
    themes = query("theme_actions", plan_id=plan_id)
    officers = query("plan_officers", plan_id=plan_id)
    reviews = query("review_dates", plan_id=plan_id)
    review_map = {d.date(): t for d, t in zip(reviews["review_date"], reviews["title"])}
    latest = query("plan_latest_update", plan_id=plan_id)["latest_update_on"].iloc[0]
    # columns read whole (tolist), not one value at a time: 5,000 officers cost 17 ms a run at scale 1000
    officer_ids, emails = officers["officer_id"].tolist(), officers["email"].tolist()
    return f.Options(
        plan_ids=every_plan["plan_id"].tolist(),
        plan_titles=dict(zip(every_plan["plan_id"].tolist(), every_plan["title"].tolist())),
        themes=dict(zip(themes["theme_code"].tolist(), themes["theme_title"].tolist())),
        officers=dict(zip(officer_ids, officers["name"].tolist())),
        reviews=review_map,
        default_as_of=next((d for d in review_map if d <= today), today),
        latest_update_on=None if pd.isna(latest) else pd.Timestamp(latest).date(),
        officer_emails={o: e for o, e in zip(officer_ids, emails) if isinstance(e, str) and e},
    )


def officers_by_email(options: f.Options) -> dict[str, tuple[str, str]]:
    """e-mail (lower case) -> (officer_id, name): how a signed-in person is matched to the plan."""
    return {e.strip().lower(): (o, options.officers[o]) for o, e in options.officer_emails.items()}


def log_refused_sign_in(name: str, address: str) -> None:
    """A wrong passphrase goes into the audit log (who it claimed to be, and from where)."""
    write(log_event, name, "sign_in_refused", {"address": address})


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


@dataclass(frozen=True, eq=False)
class Meeting:
    """A review meeting's view: the headline, the review compared with, the exception and change rows
    the page shows, their group titles, and the summary built from exactly those rows."""

    view: Headline
    since: date | None  # the previous review (None at the first one)
    exceptions: pd.DataFrame  # queries/review_exceptions.sql
    changes: pd.DataFrame  # queries/review_changes.sql
    titles: dict[str, str]
    summary: list[str]


FIRST_REVIEW_COMPARED_WITH = date(1900, 1, 1)  # at the first review everything recorded counts as changed


def share_review_states(filters: f.Filters, since: date | None) -> None:
    """Compute every item's state at the as-of date and at the review compared with once, for the
    Review page's headline, exceptions, changes, forecasts and exports to read (not nine times)."""
    share_states(filters.plan_id, [filters.as_of, since or FIRST_REVIEW_COMPARED_WITH])


def review_meeting(filters: f.Filters, options: f.Options, since: date | None) -> Meeting:
    """The meeting at the filters' as-of date, compared with the review `since` (None: the first review,
    so everything recorded up to the as-of date counts as changed)."""
    share_review_states(filters, since)
    view = headline(filters, options)
    params = filters.query_params()
    compare = since or FIRST_REVIEW_COMPARED_WITH
    exceptions = query("review_exceptions", **params, since=compare, due_by=view.next_review)
    changes = query("review_changes", **params, since=compare)
    return Meeting(view, since, exceptions, changes, rules.exception_titles(view.next_review),
                   build_review_summary(changes, exceptions, since))


@dataclass(frozen=True, eq=False)
class Notes:
    """The decisions and actions arising noted at the review shown (queries/review_notes.sql)."""

    review_date: date | None  # the as-of date when it is a review's date; None: notes need a review
    rows: pd.DataFrame

    def at_step(self, key: str) -> pd.DataFrame:
        return self.rows[self.rows["step"] == key]


def review_notes(filters: f.Filters, options: f.Options) -> Notes:
    """The notes of the review held on the as-of date (none when the as-of date is not a review's)."""
    review_date = filters.as_of if filters.as_of in options.reviews else None
    return Notes(review_date, query("review_notes", plan_id=filters.plan_id, review_date=review_date))


def review_forecasts(filters: f.Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every open item's forecast and each theme's chance (the Review page's forecasts and the pack's)."""
    params = filters.query_params()
    return query("item_forecast", **params), query("theme_forecast", **params)


def review_pack_when_asked(filters: f.Filters, options: f.Options, since: date | None) -> Callable[[], ReviewPack]:
    """The review pack, built when a download is clicked rather than on every run of the page (its actions,
    milestones and owner load are for the exports only: 0.5 s of a large plan's first run). Built from
    the meeting as it stands then, so a save in between gives a pack of the newer data throughout, never
    a mix; unchanged data reads the page's own cached results."""
    return lambda: review_pack(filters, options, review_meeting(filters, options, since))


def review_pack(filters: f.Filters, options: f.Options, meeting: Meeting) -> ReviewPack:
    """Everything the exports hold: the meeting's own results, nothing recomputed."""
    params = filters.query_params()
    forecasts, theme_forecasts = review_forecasts(filters)
    view = meeting.view
    plan = plans().set_index("plan_id").loc[filters.plan_id]
    window_start, _ = rules.load_window(filters.as_of)
    return ReviewPack(
        plan_title=plan["title"], organisation=plan["organisation"], as_of=filters.as_of, since=meeting.since,
        filters_line=filters.describe(options) + rules.context_suffix(view.uses_demo_progress),
        summary_sentences=meeting.summary, headline=view.figures(), exceptions=meeting.exceptions,
        exception_titles=meeting.titles, actions=query("action_status", **params),
        milestones=query("milestone_status", **params), themes=view.themes, changes=meeting.changes,
        uses_demo_progress=view.uses_demo_progress,
        load=query("owner_load", **params, window_start=window_start, window_end=filters.as_of,
                   overload_threshold=OVERLOAD_THRESHOLD),
        forecasts=forecasts, theme_forecasts=theme_forecasts,
        notes=review_notes(filters, options).rows,
        figures={"RAG by theme": figure_spec("build_rag_by_theme", view.themes),
                 "Completion by theme": figure_spec("build_completion_by_theme", view.themes)},
    )
