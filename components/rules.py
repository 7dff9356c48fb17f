"""The dashboard's rules that are not SQL, in one pure module (no st.*, no database).

Numbers come from queries/*.sql; this module decides what to do with them: when the next review is,
which window the load chart covers, what the headline figures are called and how each one reads, and
which actions a headline calls late. Every page and every export calls these, so the same figure has
the same name and value everywhere. A new rule goes here first, with a hand-worked test
(tests/test_rules.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from components.settings import RED_AFTER_DAYS, REVIEW_INTERVAL_DAYS

EARLIEST_AS_OF, LATEST_AS_OF = date(1900, 1, 1), date(2100, 12, 31)
AS_OF_REACH_YEARS = 30  # a plan runs a few years: a date further than this from its latest review is a typo


def as_of_refusal(value: date, default: date) -> str | None:
    """Why a date from a link cannot be the as-of date, in plain words; None when it can. Dates outside
    1900-2100, or more than AS_OF_REACH_YEARS from the plan's default date, are refused (the date
    arithmetic of the load window and the SQL would fail or mean nothing there)."""
    if not EARLIEST_AS_OF <= value <= LATEST_AS_OF:
        return f"The link's date {value.isoformat()} is outside 1900 to 2100; showing the latest review."
    if abs(value.year - default.year) > AS_OF_REACH_YEARS:
        return (f"The link's date {value.isoformat()} is more than {AS_OF_REACH_YEARS} years from this plan's "
                "dates; showing the latest review.")
    return None


def next_review_after(as_of: date, review_dates: list[date], interval_days: int = REVIEW_INTERVAL_DAYS) -> date:
    """The next review after the as-of date: a scheduled one, else the 6-weekly rhythm from the last
    one held (from the as-of date when there has been none). "Due before the next review" runs from
    the as-of date to this date, both included."""
    later = sorted(d for d in review_dates if d > as_of)
    if later:
        return later[0]
    earlier = sorted(d for d in review_dates if d <= as_of)
    if not earlier:
        return as_of + timedelta(days=interval_days)
    nxt = earlier[-1]
    while nxt <= as_of:
        nxt += timedelta(days=interval_days)
    return nxt


def load_window(as_of: date) -> tuple[date, date]:
    """The months an owner-load chart covers: a year either side of the as-of date."""
    return date(as_of.year - 1, as_of.month, 1), date(as_of.year + 1, as_of.month, 28)


def previous_review(as_of: date, review_dates: list[date]) -> date | None:
    """The review a meeting at `as_of` compares with: the latest one before it."""
    earlier = [d for d in review_dates if d < as_of]
    return max(earlier) if earlier else None


# --- Headline figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One headline number as every surface shows it."""

    key: str  # a column of theme_completion's all-themes row
    label: str  # says what it counts: "Red actions" is not "Red actions + milestones"
    value: float | int | None  # None when there is nothing to measure
    text: str  # how it reads on a card: "12 of 37", "152 days", "None"
    help: str


def headline_row(themes: pd.DataFrame) -> dict | None:
    """The all-themes row of queries/theme_completion.sql (theme_code NULL) as a dict, or None when no
    item passes the filters. Every headline figure on every surface comes from this row."""
    if themes.empty or "theme_code" not in themes:
        return None
    rows = themes[themes["theme_code"].isna()]
    if rows.empty:
        return None
    return {k: (None if _missing(v) else v) for k, v in rows.iloc[-1].to_dict().items()}


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _days(value) -> str:
    if value is None:
        return "None"
    number = float(value)  # a median of whole days may end in .5: shown as it is, not rounded
    return f"{number:g} day" if abs(number) == 1 else f"{number:g} days"


def headline_figures(total: dict, next_review: date, red_after_days: int = RED_AFTER_DAYS) -> list[Figure]:
    """The headline figures, in the order every surface shows them, from `headline_row(...)`."""
    worst = total.get("worst_slippage_days")
    worst_text = "None late" if worst is None or worst <= 0 else _days(worst)
    median = total.get("median_slippage_days")
    return [
        Figure("actions_complete", "Actions complete", int(total["actions_complete"]),
               f"{int(total['actions_complete'])} of {int(total['actions_total'])}",
               "Actions whose latest update on or before the as-of date says complete"),
        Figure("actions_red", "Red actions", int(total["actions_red"]), str(int(total["actions_red"])),
               f"Actions more than {red_after_days} days late, or with a milestone that is "
               "(an action is never shown better than its worst open milestone)"),
        Figure("actions_amber", "Amber actions", int(total["actions_amber"]), str(int(total["actions_amber"])),
               f"Actions 1 to {red_after_days} days late, or due to have started and not started, "
               "or with a milestone that is"),
        Figure("items_red", "Red actions + milestones", int(total["items_red"]),
               str(int(total["items_red"])), "Red actions plus red milestones"),
        Figure("items_stale", "Stale actions + milestones", int(total["items_stale"]),
               str(int(total["items_stale"])),
               "Open actions and milestones, due to have started, with no update since the previous review"),
        Figure("items_due", "Due before the next review", int(total["items_due"]), str(int(total["items_due"])),
               f"Open actions and milestones whose forecast (else baseline) end falls between the as-of date "
               f"and the next review ({next_review:%-d %b %Y}), both included"),
        Figure("median_slippage_days", "Median slippage of actions", median, _days(median),
               "The middle action's days after its baseline end (negative = early); ongoing actions have none"),
        Figure("worst_slippage_days", "Worst slippage, any item", worst, worst_text,
               "The most days any action or milestone is after its baseline end: its actual finish, or the "
               "later of its forecast and the as-of date" + (f" (item {total['worst_slippage_ref']})"
                                                              if worst is not None and worst > 0 else "")),
    ]


def figures_by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


# --- Lists a headline calls out ----------------------------------------------------------------------

_RAG_ORDER = {"red": 0, "amber": 1}


def red_and_amber_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions rated red or amber (after the milestone roll-up), red first, then most slipped: the list
    behind the "Red actions" and "Amber actions" figures. Rows of queries/action_status.sql."""
    late = actions[actions["rag"].isin(list(_RAG_ORDER))]
    order = late.assign(_rag=late["rag"].map(_RAG_ORDER), _slip=-late["slippage_days"].astype("Float64").fillna(0))
    return order.sort_values(["_rag", "_slip"], kind="stable").drop(columns=["_rag", "_slip"])


# What the meeting walks through, in its order (queries/review_exceptions.sql's exception_kind).
EXCEPTION_KINDS = ("new_red", "still_red", "stale", "overdue_milestone", "due_soon")


def exception_titles(next_review: date) -> dict[str, str]:
    return {
        "new_red": "Turned red since the last review",
        "still_red": "Still red",
        "stale": "Not updated since the previous review",
        "overdue_milestone": "Milestones past their due date",
        "due_soon": f"Due before the next review ({next_review:%-d %b %Y})",
    }


CHANGE_TITLES = {
    "newly_complete": "Newly complete", "rag_changed": "RAG changed", "forecast_moved": "Forecasts moved",
    "rebaselined": "Re-baselined", "new_commentary": "New commentary",
}

ILLUSTRATIVE = "illustrative progress"


def context_suffix(uses_demo_progress: bool) -> str:
    """What every page's context line, every export's cover and every CSV's first line add when the
    figures count illustrative (demo) updates."""
    return f" · {ILLUSTRATIVE}" if uses_demo_progress else ""


def illustrative_filename(filename: str) -> str:
    """"late.csv" -> "late-illustrative-progress.csv": a download of a view that counts demo updates
    says so in its name, so the file cannot pass for real progress once it leaves the dashboard."""
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}-illustrative-progress.{ext}" if dot else f"{filename}-illustrative-progress"


# --- The review cycle -----------------------------------------------------------------------------------


def cycle_start(today: date, review_dates: list[date]) -> date | None:
    """The latest review held on or before today: updates after it belong to the current cycle (one on
    the review day itself belongs to the cycle that review closed). None before the first review."""
    held = [d for d in review_dates if d <= today]
    return max(held) if held else None


def reporting_summary(chase: pd.DataFrame) -> str:
    """"4 of 9 officers have reported for this cycle" from chase_list rows (reported: nothing outstanding)."""
    done = int((chase["items_not_updated"] == 0).sum())
    return f"{done:,} of {len(chase):,} officers have reported for this cycle"


def reminder_mailto(email: str | None, name: str, refs: list[str], next_review: date, link: str) -> str:
    """A ready-to-send reminder as a mailto: link (no mail server needed): subject, greeting, the items
    not yet updated and a link to the officer's own update page."""
    from urllib.parse import quote

    items = ", ".join(refs)
    subject = f"Improvement plan: please update your items before the review on {next_review:%-d %b %Y}"
    body = (f"Hello {name},\n\nPlease record progress on your improvement plan items before the review on "
            f"{next_review:%-d %b %Y}: {items}.\n\nYou can update them all on one page: {link}\n\nThank you.")
    return f"mailto:{quote(email or '')}?subject={quote(subject)}&body={quote(body)}"
