"""What the benchmark's phases share: the pages and figures it measures, the parameters the pages
use, and how it times a call and reads peak memory."""

from __future__ import annotations

import re
import resource
import statistics
import time
from pathlib import Path

from components import rules

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
COMPARED = {  # figure -> (query, reference function)
    "slippage": ("action_status", "slippage"),
    "completion": ("theme_completion", "theme_completion"),
    "owner load": ("owner_load", "owner_load"),
}
OVERLOAD_THRESHOLD = 4.0
RED_AFTER_DAYS = 30


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def median_time(fn, runs: int) -> tuple[float, float, object]:
    """Wall time of `runs` calls after one untimed warm-up call: (median, best, last result)."""
    result = fn()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), min(times), result


def _context(con, plan_id: str) -> dict:
    """The parameter values the pages use, for this plan."""
    import queries

    reviews = queries.run(con, "review_dates", plan_id=plan_id)
    as_of = reviews["review_date"].iloc[0].date()
    since = reviews["review_date"].iloc[1].date() if len(reviews) > 1 else as_of
    ref = queries.run(con, "action_refs", plan_id=plan_id)["ref"].iloc[0]  # the Action detail page's default
    return {
        "plan_id": plan_id, "as_of": as_of, "since": since, "red_after_days": RED_AFTER_DAYS,
        "themes": None, "officers": None, "statuses": None, "rags": None,
        "due_by": rules.next_review_after(as_of, list(reviews["review_date"].dt.date)),
        # the Officers page's window
        "window_start": rules.load_window(as_of)[0], "window_end": rules.load_window(as_of)[1],
        "overload_threshold": OVERLOAD_THRESHOLD, "ref": ref, "seq": None,
        "review_date": as_of,  # the Review page's notes are those of the review shown
        # the Timeline asks for the rows it draws: its first page of (at most) 80 actions
        "first_action": 1, "page_size": 80,
        # My updates: this review cycle, and the first owner of the default action
        "cycle_start": rules.cycle_start(as_of, list(reviews["review_date"].dt.date)),
        "officer_id": queries.run(con, "plan_officers", plan_id=plan_id)["officer_id"].iloc[0],
    }


def params_for(name: str, context: dict) -> dict:
    """Exactly the parameters queries/NAME.sql declares, with the context's values."""
    import queries

    used = sorted(set(re.findall(r"\$(\w+)", queries.sql_text(name))))
    missing = [p for p in used if p not in context]
    if missing:
        raise KeyError(f"bench/common.py has no value for {name}.sql's parameter(s) {missing}: add them to _context")
    return {p: context[p] for p in used}
