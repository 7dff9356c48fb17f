"""The review meeting in words: a summary sentence built from the changes and exceptions."""

from __future__ import annotations

from datetime import date

import pandas as pd


def _refs(frame: pd.DataFrame) -> str:
    return ", ".join(r if pd.isna(s) else f"{r}/{int(s)}" for r, s in zip(frame["ref"], frame["seq"]))


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def build_review_summary(changes: pd.DataFrame, exceptions: pd.DataFrame, since: date) -> str:
    """e.g. "Since 14 Mar 2020: 3 actions completed; 2 turned red: 4.5, 6a.8; 5 forecasts moved later by
    38 days on average." Only what happened is mentioned."""
    parts: list[str] = []
    done = changes[(changes["change_kind"] == "newly_complete")]
    done_actions = done[done["item_kind"] == "action"]
    done_milestones = done[done["item_kind"] == "milestone"]
    if len(done_actions) or len(done_milestones):
        bits = [b for b in (_plural(len(done_actions), "action") if len(done_actions) else "",
                            _plural(len(done_milestones), "milestone") if len(done_milestones) else "") if b]
        parts.append(" and ".join(bits) + " completed")
    new_red = exceptions[exceptions["exception_kind"] == "new_red"]
    if len(new_red):
        parts.append(f"{len(new_red)} turned red: {_refs(new_red)}")
    moved = changes[changes["change_kind"] == "forecast_moved"]
    later = moved[moved["days_moved"] > 0]
    if len(later):
        parts.append(f"{_plural(len(later), 'forecast')} moved later by {later['days_moved'].mean():.0f} days on average")
    earlier = moved[moved["days_moved"] < 0]
    if len(earlier):
        parts.append(f"{_plural(len(earlier), 'forecast')} moved earlier")
    rebaselined = changes[changes["change_kind"] == "rebaselined"]
    if len(rebaselined):
        parts.append(f"{_plural(len(rebaselined), 'item')} re-baselined: {_refs(rebaselined)}")
    stale = exceptions[exceptions["exception_kind"] == "stale"]
    if len(stale):
        parts.append(f"{_plural(len(stale), 'item')} not updated since the previous review")
    if not parts:
        return f"Since {since:%-d %b %Y}: no changes recorded."
    return f"Since {since:%-d %b %Y}: " + "; ".join(parts) + "."
