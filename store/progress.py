"""Record progress updates and re-baselines, and undo a save: validated, append-only, one transaction each.
Each write checks the database's CHECK rules first, so people see every problem in plain words, and appends
an audit_log row in the same transaction: a refused save writes nothing. Saving never creates a review."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date

import duckdb

from store.audit import audit
from store.db import refresh_item_span, store_sql
from store.errors import ConflictError, ReasonNeeded, ValidationError
from store.wrong_types import update_type_problems

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
    change_reason: str | None = None  # why the rating got worse since the previous review

    def item_label(self) -> str:
        return self.ref if self.seq is None else f"{self.ref} milestone {self.seq}"

    def item_ref(self) -> str:
        return self.ref if self.seq is None else f"{self.ref}/{self.seq}"


@dataclass(frozen=True)
class Saved:
    """What one save wrote: its updates and its audit event (the key to undo it)."""

    update_ids: list[int]
    event_id: int


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
    keys = ("title", "start", "end", "last_update_id", "owner_ids", "plan_start")
    return None if row is None else dict(zip(keys, row))


def _check_date(label: str, value: date | None, problems: list[str], start: date | None = None) -> None:
    if value is None:
        return
    if value.year not in SANE_YEARS:
        problems.append(f"{label} {value:%d %b %Y} is outside the years 2000–2100.")
    elif start is not None and value < start:
        problems.append(f"{label} {value:%d %b %Y} is before the item's start ({start:%d %b %Y}).")


def with_defaults(update: ProgressUpdate) -> ProgressUpdate:
    """Officers often know only that an item is done: complete with no date finished on the update's day."""
    if update.status == "complete" and update.actual_end is None:
        return replace(update, actual_end=update.reported_on)
    return update


def validate_update(update: ProgressUpdate, item: dict | None, today: date | None = None) -> list[str]:
    """Every problem with an update, in plain words; empty when it can be saved."""
    label = update.item_label()
    if item is None:
        return [f"There is no item {label} in plan {update.plan_id}."]
    today = today or date.today()
    problems: list[str] = []
    if update.status not in STATUSES:
        problems.append(f"{label}: status '{update.status}' is not one of {', '.join(STATUSES)}.")
    if update.percent_complete is not None and not 0 <= update.percent_complete <= 100:
        problems.append(f"{label}: percent complete must be between 0 and 100, not {update.percent_complete:g}.")
    if update.reported_on is None:
        problems.append(f"{label}: say which day the update is for.")
    elif update.reported_on > today:
        problems.append(f"{label}: the update is dated {update.reported_on:%d %b %Y}, in the future; "
                        f"date it today ({today:%d %b %Y}) or earlier.")
    elif item.get("plan_start") is not None and update.reported_on < item["plan_start"]:
        problems.append(f"{label}: the update is dated {update.reported_on:%d %b %Y}, before the plan starts "
                        f"({item['plan_start']:%d %b %Y}).")
    if update.actual_end is not None and update.status != "complete":
        problems.append(f"{label}: an actual end date is only for a complete item (status is '{update.status}').")
    _check_date(f"{label}: the forecast end", update.forecast_end, problems, item["start"])
    _check_date(f"{label}: the actual end", update.actual_end, problems, item["start"])
    if update.actual_end and update.reported_on and update.actual_end > update.reported_on:
        problems.append(
            f"{label}: the actual end {update.actual_end:%d %b %Y} is after the update's date "
            f"{update.reported_on:%d %b %Y}; an item cannot be finished in the future."
        )
    if update.rag_override is not None:
        if update.rag_override not in RAGS:
            problems.append(f"{label}: RAG override '{update.rag_override}' is not one of {', '.join(RAGS)}.")
        if not (update.rag_reason or "").strip():
            problems.append(f"{label}: a RAG override needs a reason.")
    for name, text in (("commentary", update.commentary), ("reason", update.change_reason)):
        if text and len(text) > MAX_COMMENTARY:
            problems.append(f"{label}: the {name} is {len(text)} characters; the limit is {MAX_COMMENTARY}.")
    return problems


def record_updates(
    con: duckdb.DuckDBPyConnection,
    updates: list[ProgressUpdate],
    *,
    actor: str,
    expected_last_ids: dict[tuple[str, str, int | None], int | None] | None = None,
    origin: str = "app",
    officer_id: str | None = None,
    red_after_days: int = 30,
    today: date | None = None,
) -> Saved:
    """Append several updates in one transaction, all or nothing, with one audit row.

    `expected_last_ids` maps (plan_id, ref, seq) to the latest update_id the editor saw: if someone saved
    the same item since, a ConflictError names the item and what they saved. `officer_id`, when given,
    is an officer editing their own items: an item they do not own is refused. An update that leaves
    its item red or amber and worse than at the previous review (or green with a forecast past its
    baseline end) needs a `change_reason`; without one the whole save is refused, naming each item.
    """
    if not (actor or "").strip():
        raise ValidationError(["Say who is recording the update (recorded by)."])
    wrong = [p for u in updates for p in update_type_problems(u)]
    if wrong:
        raise ValidationError(wrong)
    updates = [with_defaults(u) for u in updates]
    con.execute("begin transaction")
    try:
        _check_all(con, updates, expected_last_ids, officer_id, today)
        ids = [con.execute(store_sql("insert_progress_update"),
                           {**asdict(update), "recorded_by": actor, "origin": origin}).fetchone()[0]
               for update in updates]
        for plan_id in {u.plan_id for u in updates}:
            refresh_item_span(con, plan_id, [u.ref for u in updates if u.plan_id == plan_id])
        _check_reasons(con, updates, red_after_days)
        event_id = audit(con, actor, "progress_saved", {
            "update_ids": ids, "items": [u.item_label() for u in updates],
            "plan_id": updates[0].plan_id if updates else None, "officer_id": officer_id})
        con.execute("commit")
        return Saved(ids, event_id)
    except BaseException:
        con.execute("rollback")
        raise


def _check_all(con, updates: list[ProgressUpdate], expected_last_ids, officer_id: str | None,
               today: date | None) -> None:
    problems: list[str] = []
    conflicts: list[str] = []
    for update in updates:
        item = _item(con, update.plan_id, update.ref, update.seq)
        problems += validate_update(update, item, today)
        if item and officer_id is not None and officer_id not in list(item["owner_ids"]):
            problems.append(f"{update.item_label()}: you can update only the items you own; ask its owner or "
                            "a manager.")
        key = (update.plan_id, update.ref, update.seq)
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


def _check_reasons(con, updates: list[ProgressUpdate], red_after_days: int) -> None:
    """Refuse (the caller rolls back) when a rating got worse and its owner gave no reason."""
    by_day: dict[tuple[str, date], list[ProgressUpdate]] = {}
    for update in updates:
        by_day.setdefault((update.plan_id, update.reported_on), []).append(update)
    problems = []
    for (plan_id, day), group in by_day.items():
        given = {u.item_ref(): (u.change_reason or "").strip() for u in group}
        rows = con.execute(store_sql("ratings_needing_a_reason"), {
            "plan_id": plan_id, "as_of": day, "red_after_days": red_after_days, "item_refs": list(given)}).fetchall()
        for item_ref, kind, rag, previous, _, review_title in rows:
            if given.get(item_ref):
                continue
            if kind == "worse":
                problems.append(f"{item_ref}: this update makes it {rag.capitalize()} (it was "
                                f"{(previous or 'not rated').capitalize()} at {review_title}). Say why it got worse.")
            else:
                problems.append(f"{item_ref}: it stays Green although its forecast end is after its baseline end. "
                                "Say why it is still on track.")
    if problems:
        raise ReasonNeeded(problems)


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
    expected = None if expected_last_id is ... else {(update.plan_id, update.ref, update.seq): expected_last_id}
    return record_updates(con, [update], actor=actor, expected_last_ids=expected, origin=origin).update_ids[0]


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
        audit(con, actor, "rebaseline_saved", {"rebaseline_id": new_id, **asdict(change)})
        con.execute("commit")
        return new_id
    except BaseException:
        con.execute("rollback")
        raise


def undo_save(con: duckdb.DuckDBPyConnection, *, event_id: int, actor: str) -> list[str]:
    """Undo one save, all of it: every update it wrote stops counting (they stay, retracted, for the
    record). Only its own author may undo it, once, and not after someone else saved the same item.
    Returns the items undone."""
    con.execute("begin transaction")
    try:
        row = con.execute(store_sql("save_event"), {"event_id": event_id}).fetchone()
        if row is None:
            raise ValidationError(["There is no such save to undo."])
        saved_by, detail, undone = row
        if saved_by != actor:
            raise ValidationError([f"Only {saved_by}, who made that save, can undo it."])
        if undone:
            raise ValidationError(["That save has already been undone."])
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
        for plan_id, refs in con.execute(store_sql("actions_of_updates"), {"update_ids": saved["update_ids"]}).fetchall():
            refresh_item_span(con, plan_id, refs)
        audit(con, actor, "progress_undone", {"undoes": event_id, "update_ids": saved["update_ids"],
                                               "items": saved.get("items", [])})
        con.execute("commit")
        return saved.get("items", [])
    except BaseException:
        con.execute("rollback")
        raise
