"""The review meeting in words: the summary that opens the Review page, presentation mode and the pack.

Pure (no st.*): built from the very exception rows (queries/review_exceptions.sql) and change rows
(queries/review_changes.sql) the page shows under it, so every count in it is the row count of a table
below. It leads with what matters in a meeting: what is red, then what slipped, what completed, what
is stale, and what was said.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

MAX_REFS = 6  # name at most this many items in a sentence; the table lists them all


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _refs(frame: pd.DataFrame) -> str:
    """The items' refs ("4.5, 6a.8/2"), each once, in the rows' order; long lists end "and N more"."""
    refs = pd.unique(frame["item_ref"])  # in order of appearance; not one Python value at a time (18,000 rows)
    shown = ", ".join(str(r) for r in refs[:MAX_REFS])
    return shown + (f" and {len(refs) - MAX_REFS} more" if len(refs) > MAX_REFS else "")


def _kinds(frame: pd.DataFrame) -> str:
    """"3 actions and 2 milestones", "1 milestone"."""
    actions = int((frame["item_kind"] == "action").sum())
    milestones = int((frame["item_kind"] == "milestone").sum())
    parts = [_plural(actions, "action")] if actions else []
    parts += [_plural(milestones, "milestone")] if milestones else []
    return " and ".join(parts) or "0 items"


def _of(rows: pd.DataFrame, column: str, kind: str) -> pd.DataFrame:
    return rows[rows[column] == kind]


def _red(exceptions: pd.DataFrame, since: date) -> str:
    new, still = _of(exceptions, "exception_kind", "new_red"), _of(exceptions, "exception_kind", "still_red")
    if new.empty and still.empty:
        return "Nothing is red."
    parts = []
    if len(new):
        parts.append(f"{_kinds(new)} turned red since {since:%-d %b %Y} ({_refs(new)})")
    if len(still):
        parts.append(f"{_kinds(still)} still red ({_refs(still)})")
    return "Red: " + "; ".join(parts) + "."


def _slipped(changes: pd.DataFrame) -> str | None:
    moved = _of(changes, "change_kind", "forecast_moved")
    later = moved[moved["days_moved"] > 0]
    rated = _of(changes, "change_kind", "rag_changed")
    worse = rated[rated["got_worse"].fillna(False).astype(bool)]
    rebaselined = _of(changes, "change_kind", "rebaselined")
    parts = []
    if len(later):
        parts.append(f"{_plural(len(later), 'forecast')} moved later, by {later['days_moved'].mean():.0f} days "
                     f"on average ({_refs(later)})")
    earlier = moved[moved["days_moved"] < 0]
    if len(earlier):
        parts.append(f"{_plural(len(earlier), 'forecast')} moved earlier ({_refs(earlier)})")
    if len(worse):
        parts.append(f"{_plural(len(worse), 'rating')} got worse ({_refs(worse)})")
    better = len(rated) - len(worse)
    if better:
        parts.append(f"{_plural(better, 'rating')} improved")
    if len(rebaselined):
        parts.append(f"{_plural(len(rebaselined), 're-baseline')} approved ({_refs(rebaselined)})")
    return ("Dates and ratings: " + "; ".join(parts) + ".") if parts else None


def _completed(changes: pd.DataFrame) -> str | None:
    done = _of(changes, "change_kind", "newly_complete")
    return f"Completed: {_kinds(done)} ({_refs(done)})." if len(done) else None


def _stale(exceptions: pd.DataFrame) -> str | None:
    stale = _of(exceptions, "exception_kind", "stale")
    if stale.empty:
        return None
    return f"Not updated since the previous review: {_plural(len(stale), 'item')} ({_refs(stale)})."


def _commentary(changes: pd.DataFrame) -> str | None:
    said = _of(changes, "change_kind", "new_commentary")
    if said.empty:
        return None
    items = said["item_ref"].nunique()
    return f"New commentary: {_plural(len(said), 'entry', 'entries')} on {_plural(items, 'item')} ({_refs(said)})."


def build_review_summary(changes: pd.DataFrame, exceptions: pd.DataFrame, since: date | None) -> list[str]:
    """The meeting's opening lines, most important first. `since` is the review compared with (None at
    the first review: everything recorded so far counts as changed)."""
    since = since or date.min
    # only the columns the sentences read: every filter below then copies 3-5 columns, not 20-30
    changes = changes[["change_kind", "item_ref", "item_kind", "days_moved", "got_worse"]]
    exceptions = exceptions[["exception_kind", "item_ref", "item_kind"]]
    lines = [_red(exceptions, since)]
    lines += [line for line in (_slipped(changes), _completed(changes), _stale(exceptions), _commentary(changes))
              if line]
    if len(lines) == 1:
        when = f" since {since:%-d %b %Y}" if since != date.min else ""
        lines.append(f"No other changes recorded{when}.")
    return lines
