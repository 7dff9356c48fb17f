"""What a tracker's status and RAG cells say: "Done", "In progress", "Delayed", "B", "Amber/Red", a
green fill with no text. Status words and RAG words are read from either column, since trackers mix
them ("Status: Green", "RAG: Complete")."""

from __future__ import annotations

import colorsys
import re

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "complete": ("done", "complete", "completed", "achieved", "delivered", "implemented", "closed", "finished",
                 "met", "actioned", "in place", "yes", "y", "embedded", "complete closed", "fully achieved",
                 "fully implemented", "signed off", "obtained", "business as usual", "bau", "transferred to bau",
                 "moved to bau", "mainstreamed"),
    "in_progress": ("ongoing", "on going", "in progress", "in hand", "started", "underway", "under way",
                    "on track", "on target", "progressing", "active", "open", "wip", "work in progress",
                    "partially complete", "partially achieved", "part complete", "partly complete",
                    "some progress", "delayed", "behind", "behind schedule", "slipped", "slipping", "overdue",
                    "late", "at risk", "off track", "not on track", "not achieved", "not met", "in development",
                    "on schedule", "progress", "commenced", "in train", "under review", "continuing", "slippage"),
    "not_started": ("not started", "not yet started", "not commenced", "not due", "not yet due", "future",
                    "planned", "yet to start", "to start", "not begun", "no progress", "not yet commenced"),
    "on_hold": ("on hold", "paused", "deferred", "suspended", "postponed", "parked", "hold"),
    "cancelled": ("cancelled", "canceled", "withdrawn", "superseded", "no longer required", "not required",
                  "deleted", "removed", "closed not required", "dropped", "abandoned", "not applicable",
                  "no longer applicable", "merged", "merged with", "merged into"),
}
RAG_WORDS: dict[str, tuple[str, ...]] = {
    "blue": ("b", "blue", "c", "complete", "completed"),
    "green": ("g", "green", "on track", "on target", "on schedule"),
    "amber": ("a", "amber", "yellow", "orange", "a g", "g a", "amber green", "green amber", "y", "ag", "ga", "at risk",
              "some risk", "slipping", "minor issues"),
    "red": ("r", "red", "a r", "r a", "ar", "ra", "amber red", "red amber", "off track", "not on track", "off target",
            "major issues", "serious concern"),
    "grey": ("grey", "gray", "not started", "not due", "n s"),
}
_STATUS = {w: s for s, words in STATUS_WORDS.items() for w in words}
_RAG = {w: r for r, words in RAG_WORDS.items() for w in words}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def _lead(text: str, table: dict[str, str]) -> tuple[str | None, str]:
    """The longest entry of `table` that the text starts with, and what follows it."""
    norm = _norm(text)
    if norm in table:
        return table[norm], ""
    words = norm.split()
    for n in range(min(len(words), 5), 0, -1):
        head = " ".join(words[:n])
        if head in table and len(head) > 1:
            return table[head], " ".join(words[n:])
    return None, norm


def status_of(text: str) -> str | None:
    """'complete', 'in_progress', 'not_started', 'on_hold', 'cancelled', or None if the words are unknown."""
    found, _ = _lead(text, _STATUS)
    return found


def rag_of(text: str, fill: str | None = None) -> str | None:
    """'red', 'amber', 'green', 'blue', 'grey' from a letter, a word or (with no text) the cell's fill."""
    if text.strip():
        norm = _norm(text)
        if norm in _RAG:
            return _RAG[norm]
        found, _ = _lead(text, {k: v for k, v in _RAG.items() if len(k) > 2})
        return found
    return rag_of_fill(fill)


def rag_of_fill(fill: str | None) -> str | None:
    """A RAG from a solid fill colour (trackers often colour the cell and leave it empty)."""
    if not fill:
        return None
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if sat < 0.25 or light > 0.92 or light < 0.08:
        return "grey" if sat < 0.25 and 0.3 < light < 0.85 else None
    degrees = hue * 360
    if degrees < 15 or degrees >= 335:
        return "red"
    if degrees < 65:
        return "amber"
    if degrees < 170:
        return "green"
    if degrees < 260:
        return "blue"
    return None


def percent_of(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*", str(text))
    if not m:
        return None
    value = float(m.group(1))
    return value if 0 <= value <= 100 else None
