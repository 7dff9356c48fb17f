"""The plan's own progress as progress updates: status, RAG (the latest quarter where quarterly),
commentary, update date, "Done", percent, and revised dates (forecasts, or re-baselines if asked).

An update is dated by its row's update date, else the plan's "as at" date. The source's RAG is kept
as a RAG override whose reason says it is as stated in the source, so the dashboard shows what the
source says for that date, unless the user asks for the computed RAG.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from store.errors import DateParseError
from store.progress import MAX_COMMENTARY, ProgressUpdate, Rebaseline
from store.tracker.items import Found, Item, Reader
from store.tracker.when import read_when
from store.tracker.words import percent_of, rag_of, status_of

SOURCE_REASON = "As stated in the source"


@dataclass(frozen=True)
class Stated:
    """What the source says about one item's progress."""
    row: int
    status: str | None = None
    status_text: str | None = None
    rag: str | None = None
    rag_label: str | None = None  # "Q3 BRAG: G"
    rag_column: str | None = None  # "Q3 BRAG"
    rag_text: str | None = None  # "G" (or "red fill" for a coloured cell with no text)
    commentary: str | None = None
    reported_on: date | None = None
    forecast_end: date | None = None
    percent: float | None = None
    actual_end: date | None = None
    done: bool = False


def _first(found: list[Found]) -> Found | None:
    return next((f for f in found if f.text or f.cell.fill), None)


def _latest_quarter(found: list[Found]) -> Found | None:
    dated = [f for f in found if (f.text or f.cell.fill) and f.column.quarter]
    return max(dated, key=lambda f: (f.column.quarter, f.column.col)) if dated else None


def read_stated(reader: Reader, item: Item) -> Stated | None:
    p = item.progress
    status_at = _first(p.get("status", []))
    status = status_of(status_at.text) if status_at and status_at.text else None
    rags = p.get("rag", [])
    rag_at = _first([f for f in rags if not f.column.quarter]) or _latest_quarter(rags)
    rag = rag_of(rag_at.text, rag_at.cell.fill) if rag_at else None
    if rag_at and rag is None and rag_at.text:
        reader.finding(rag_at, "RAG not recognised", f"'{rag_at.text}' is not a RAG (R, A, G, B or their words).")
    if status_at and status_at.text and status is None:
        from_status = rag_of(status_at.text)
        if from_status and rag is None:
            rag, rag_at = from_status, status_at
        elif not from_status:
            reader.finding(status_at, "Status not recognised",
                           f"'{status_at.text}' is not a status this import knows; kept in the commentary.")
    elif status_at and status_at.text and rag is None and rag_of(status_at.text) in ("red", "amber", "green"):
        rag, rag_at = rag_of(status_at.text), status_at  # "On track" / "At risk" in a Status column rates it too
    if status is None and rag_at is not None and rag_at.text and \
            status_of(rag_at.text) in ("not_started", "on_hold", "cancelled"):
        status = status_of(rag_at.text)  # "Not started" or "On hold" in the RAG column says more than grey
    notes = [f for f in p.get("commentary", []) if f.text and not f.column.quarter]
    latest_note = _latest_quarter(p.get("commentary", []))
    lines = [f.text if len(notes) == 1 and not latest_note else f"{f.column.label}: {f.text}"
             for f in notes + ([latest_note] if latest_note else [])]
    reported = _date(reader, _first(p.get("update_date", [])))
    revised_at = _first(p.get("revised_end", []))
    revised = reader.when(revised_at, "end") if revised_at and revised_at.text else None
    percent_at = _first(p.get("percent", []))
    percent = percent_of(percent_at.text) if percent_at and percent_at.text else None
    if percent_at and percent_at.text and percent is None:
        reader.finding(percent_at, "Percent not recognised", f"'{percent_at.text}' is not a percentage from 0 to 100.")
    actual = _date(reader, _first(p.get("completed_on", [])))
    done = item.end.is_done or bool(revised and revised.is_done) or status == "complete" or rag == "blue"
    if status == "complete" and actual is None:
        try:
            said = read_when(status_at.text, "end")
            actual = said.last if said.is_done else None
        except DateParseError:
            pass
    actual = actual or (item.end.last if item.end.is_done else None) or (revised.last if revised and revised.is_done
                                                                          else None)
    if not any([status_at, rag, lines, reported, revised and revised.last, percent is not None, actual, done]):
        return None
    label = column = shown = None
    if rag_at is not None and rag:
        column, shown = rag_at.column.label, rag_at.text or f"{rag} fill"
        label = f"{column}: {shown}"
    return Stated(item.row, status, status_at.text if status_at else None, rag, label, column, shown,
                  "\n".join(lines) or None, reported, None if revised is None or revised.is_done else revised.last,
                  percent, actual, done)


def _date(reader: Reader, found: Found | None) -> date | None:
    if found is None or not found.text:
        return None
    return reader.when(found, "end").last


def to_update(stated: Stated, *, plan_id: str, ref: str, seq: int | None, start: date | None, as_at: date,
              computed_rag: bool, revised_as_rebaseline: bool) -> tuple[ProgressUpdate, Rebaseline | None, list[str]]:
    """The update (and re-baseline) one item's stated progress becomes, and notes for data quality."""
    notes: list[str] = []
    reported = stated.reported_on or as_at
    status = stated.status
    if status is None:
        if stated.done or (stated.percent == 100) or stated.actual_end:
            status = "complete"
        else:
            status = "in_progress" if start is None or start <= reported else "not_started"
    actual = None
    if status == "complete":
        actual = stated.actual_end or reported
        reported = max(reported, actual)
    forecast = stated.forecast_end if status != "complete" else None
    if forecast and start and forecast < start:
        notes.append(f"The revised date {forecast:%d %b %Y} is before the start {start:%d %b %Y}: not used.")
        forecast = None
    override = reason = None
    if stated.rag and not computed_rag:
        if status == "complete" and stated.rag in ("red", "amber"):
            notes.append(f"The source says it is complete but rates it {stated.rag.title()}.")
        elif not (status == "complete" and stated.rag in ("blue", "green")):
            override, reason = stated.rag, f"{SOURCE_REASON} ({stated.rag_label})"
    lines = [stated.commentary] if stated.commentary else []
    if stated.status_text:
        lines.append(f"Status in the source: {stated.status_text}")
    commentary = "\n".join(lines) or None
    if commentary and len(commentary) > MAX_COMMENTARY:
        commentary = commentary[:MAX_COMMENTARY - 1] + "…"
        notes.append(f"The commentary was cut to {MAX_COMMENTARY} characters.")
    percent = 100.0 if status == "complete" else stated.percent
    rebaseline = None
    if revised_as_rebaseline and forecast:
        rebaseline = Rebaseline(plan_id, ref, seq, reported, None, forecast, "Revised timetable in the source plan",
                                "the source plan")
        forecast = None
    update = ProgressUpdate(plan_id, ref, seq, reported, status, percent, forecast, actual, override, reason,
                            commentary)
    return update, rebaseline, notes


def inherited(parent: ProgressUpdate, seq: int, start: date | None) -> ProgressUpdate | None:
    """A milestone the source says nothing about takes its action's stated state: done with it, on hold or
    cancelled with it, and rated as the action is (so the action is not rolled up past what the source says)."""
    if parent.status in ("complete", "on_hold", "cancelled"):
        return replace(parent, seq=seq, commentary=None)
    if parent.rag_override is None:
        return None
    status = "in_progress" if start is None or start <= parent.reported_on else "not_started"
    return replace(parent, seq=seq, status=status, percent_complete=None, forecast_end=None, actual_end=None,
                   rag_reason=parent.rag_reason.replace(SOURCE_REASON, f"{SOURCE_REASON} for the whole action"),
                   commentary=None)
