"""Record reviews, progress updates and re-baselines: validated, append-only, one transaction each.

Each write checks the same rules as the database's CHECK constraints first, so people see every
problem in plain words, and appends an audit_log row in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

import duckdb

from store.db import store_sql
from store.errors import ConflictError, ValidationError

STATUSES = ("not_started", "in_progress", "complete", "on_hold", "cancelled")
RAGS = ("red", "amber", "green", "blue", "grey")
SANE_YEARS = range(2000, 2101)
MAX_COMMENTARY = 5000


@dataclass(frozen=True)
class ProgressUpdate:
    plan_id: str
    ref: str
    seq: int | None
    reported_on: date
    status: str
    percent_complete: float | None = None
    forecast_end: date | None = None
    actual_end: date | None = None
    rag_override: str | None = None
    rag_reason: str | None = None
    commentary: str | None = None

    def item_label(self) -> str:
        return self.ref if self.seq is None else f"{self.ref} milestone {self.seq}"


@dataclass(frozen=True)
class Rebaseline:
    plan_id: str
    ref: str
    seq: int | None
    approved_on: date
    new_baseline_start: date | None
    new_baseline_end: date
    reason: str
    approved_by: str


def _item(con: duckdb.DuckDBPyConnection, plan_id: str, ref: str, seq: int | None):
    row = con.execute(store_sql("item_for_update"), {"plan_id": plan_id, "ref": ref, "seq": seq}).fetchone()
    return None if row is None else dict(zip(("title", "start", "end", "last_update_id"), row))


def _check_date(label: str, value: date | None, problems: list[str], start: date | None = None) -> None:
    if value is None:
        return
    if value.year not in SANE_YEARS:
        problems.append(f"{label} {value:%d %b %Y} is outside the years 2000–2100.")
    elif start is not None and value < start:
        problems.append(f"{label} {value:%d %b %Y} is before the item's start ({start:%d %b %Y}).")


def validate_update(update: ProgressUpdate, item: dict | None) -> list[str]:
    """Every problem with an update, in plain words; empty when it can be saved."""
    label = update.item_label()
    if item is None:
        return [f"There is no item {label} in plan {update.plan_id}."]
    problems: list[str] = []
    if update.status not in STATUSES:
        problems.append(f"{label}: status '{update.status}' is not one of {', '.join(STATUSES)}.")
    if update.percent_complete is not None and not 0 <= update.percent_complete <= 100:
        problems.append(f"{label}: percent complete must be between 0 and 100, not {update.percent_complete:g}.")
    if update.status == "complete" and update.actual_end is None:
        problems.append(f"{label}: a complete item needs its actual end date.")
    if update.actual_end is not None and update.status != "complete":
        problems.append(f"{label}: an actual end date is only for a complete item (status is '{update.status}').")
    _check_date(f"{label}: the review date", update.reported_on, problems)
    _check_date(f"{label}: the forecast end", update.forecast_end, problems, item["start"])
    _check_date(f"{label}: the actual end", update.actual_end, problems, item["start"])
    if update.actual_end and update.reported_on and update.actual_end > update.reported_on:
        problems.append(
            f"{label}: the actual end {update.actual_end:%d %b %Y} is after the review date "
            f"{update.reported_on:%d %b %Y}; an item cannot be finished in the future."
        )
    if update.rag_override is not None:
        if update.rag_override not in RAGS:
            problems.append(f"{label}: RAG override '{update.rag_override}' is not one of {', '.join(RAGS)}.")
        if not (update.rag_reason or "").strip():
            problems.append(f"{label}: a RAG override needs a reason.")
    if update.commentary and len(update.commentary) > MAX_COMMENTARY:
        problems.append(f"{label}: the commentary is {len(update.commentary)} characters; the limit is {MAX_COMMENTARY}.")
    return problems


def _audit(con: duckdb.DuckDBPyConnection, actor: str, event: str, detail: dict) -> int:
    payload = json.dumps(detail, default=str, ensure_ascii=False)
    return con.execute(store_sql("insert_audit"), {"actor": actor, "event": event, "detail": payload}).fetchone()[0]


def record_updates(
    con: duckdb.DuckDBPyConnection,
    updates: list[ProgressUpdate],
    *,
    actor: str,
    expected_last_ids: dict[tuple[str, int | None], int | None] | None = None,
    origin: str = "app",
) -> list[int]:
    """Append several updates in one transaction, all or nothing; returns their update_ids.

    `expected_last_ids` maps (ref, seq) to the latest update_id the editor saw. If someone saved the
    same item since, a ConflictError names the item and what the other person saved.
    """
    if not (actor or "").strip():
        raise ValidationError(["Say who is recording the update (recorded by)."])
    con.execute("begin transaction")
    try:
        problems: list[str] = []
        conflicts: list[str] = []
        for update in updates:
            item = _item(con, update.plan_id, update.ref, update.seq)
            problems += validate_update(update, item)
            key = (update.ref, update.seq)
            if item and expected_last_ids is not None and key in expected_last_ids:
                if item["last_update_id"] != expected_last_ids[key]:
                    conflicts.append(_describe_conflict(con, update, item["last_update_id"]))
        if problems:
            raise ValidationError(problems)
        if conflicts:
            raise ConflictError(
                "Someone else saved progress for the same item(s) since you opened them; nothing was saved. "
                + " ".join(conflicts) + " Reload to see their change, then record yours again."
            )
        ids = []
        for update in updates:
            params = {**asdict(update), "recorded_by": actor, "origin": origin}
            ids.append(con.execute(store_sql("insert_progress_update"), params).fetchone()[0])
        _audit(con, actor, "progress_saved", {"update_ids": ids, "items": [u.item_label() for u in updates],
                                               "plan_id": updates[0].plan_id if updates else None})
        con.execute("commit")
        return ids
    except BaseException:
        con.execute("rollback")
        raise


def _describe_conflict(con: duckdb.DuckDBPyConnection, update: ProgressUpdate, last_id: int) -> str:
    row = con.execute(store_sql("update_by_id"), {"update_id": last_id}).fetchone()
    status, percent, recorded_by, recorded_at, commentary = row
    said = f", commentary: \u201c{commentary}\u201d" if commentary else ""
    return (
        f"{update.item_label()}: {recorded_by} saved '{status.replace('_', ' ')}'"
        f"{f' at {percent:g}%' if percent is not None else ''} at {recorded_at:%H:%M on %d %b %Y}{said}."
    )


def record_update(con: duckdb.DuckDBPyConnection, update: ProgressUpdate, *, actor: str,
                  expected_last_id: int | None = ..., origin: str = "app") -> int:
    """Append one update (see record_updates). Pass expected_last_id to detect a concurrent save."""
    expected = None if expected_last_id is ... else {(update.ref, update.seq): expected_last_id}
    return record_updates(con, [update], actor=actor, expected_last_ids=expected, origin=origin)[0]


def record_rebaseline(con: duckdb.DuckDBPyConnection, change: Rebaseline, *, actor: str) -> int:
    """Record an approved baseline change in one transaction, with its audit row."""
    problems: list[str] = []
    item = _item(con, change.plan_id, change.ref, change.seq)
    label = change.ref if change.seq is None else f"{change.ref} milestone {change.seq}"
    if item is None:
        raise ValidationError([f"There is no item {label} in plan {change.plan_id}."])
    if not (change.reason or "").strip():
        problems.append(f"{label}: a re-baseline needs the reason it was approved.")
    if not (change.approved_by or "").strip():
        problems.append(f"{label}: say who approved the re-baseline.")
    if change.new_baseline_end is None:
        problems.append(f"{label}: the new baseline needs an end date.")
    _check_date(f"{label}: the approval date", change.approved_on, problems)
    _check_date(f"{label}: the new start", change.new_baseline_start, problems)
    _check_date(f"{label}: the new end", change.new_baseline_end, problems, change.new_baseline_start)
    if problems:
        raise ValidationError(problems)
    con.execute("begin transaction")
    try:
        new_id = con.execute(store_sql("insert_rebaseline"), asdict(change)).fetchone()[0]
        _audit(con, actor, "rebaseline_saved", {"rebaseline_id": new_id, **asdict(change)})
        con.execute("commit")
        return new_id
    except BaseException:
        con.execute("rollback")
        raise


def record_review(con: duckdb.DuckDBPyConnection, plan_id: str, review_date: date, title: str, *, actor: str) -> None:
    """Add a review meeting date (idempotent), audited."""
    problems: list[str] = []
    _check_date("The review date", review_date, problems)
    if not (title or "").strip():
        problems.append("Give the review a title, e.g. 'Review 8'.")
    if problems:
        raise ValidationError(problems)
    con.execute("begin transaction")
    try:
        con.execute(store_sql("insert_review"), {"plan_id": plan_id, "review_date": review_date, "title": title})
        _audit(con, actor, "review_added", {"plan_id": plan_id, "review_date": review_date, "title": title})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def undo_last_save(con: duckdb.DuckDBPyConnection, *, actor: str) -> list[str]:
    """Undo the actor's own latest save: its updates stop counting (they stay, retracted, for the
    record). Refused if someone else has since saved the same item. Returns the items undone."""
    con.execute("begin transaction")
    try:
        row = con.execute(store_sql("last_save_of"), {"actor": actor}).fetchone()
        if row is None:
            raise ValidationError([f"{actor} has no saved progress to undo."])
        event_id, detail, _ = row
        saved = json.loads(detail)
        later = []
        for update_id in saved["update_ids"]:
            later += con.execute(store_sql("later_updates"), {"update_id": update_id}).fetchall()
        if later:
            who = ", ".join(sorted({r[1] for r in later}))
            raise ConflictError(
                f"Cannot undo: {who} saved the same item(s) after you "
                f"({', '.join(sorted({r[2] if r[3] is None else f'{r[2]} milestone {r[3]}' for r in later}))}). "
                "Record a new update instead."
            )
        for update_id in saved["update_ids"]:
            con.execute(store_sql("insert_retraction"), {"update_id": update_id, "retracted_by": actor})
        _audit(con, actor, "progress_undone", {"undoes": event_id, "update_ids": saved["update_ids"],
                                                "items": saved.get("items", [])})
        con.execute("commit")
        return saved.get("items", [])
    except BaseException:
        con.execute("rollback")
        raise
