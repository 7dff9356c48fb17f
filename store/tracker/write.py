"""Write a tracker's plan: one transaction after a verified backup; nothing written when anything is wrong.

Also checks the source's RAG against the dates as of the date it was stated, and lists each
disagreement in the plan's import findings ("Source says Green; dates say 90 days late").
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from store.build import refresh_items, verified_backup
from store.db import store_sql
from store.errors import ValidationError
from store.tracker.header import labels_of
from store.tracker.plan import TrackerPlan

RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete", "grey": "Not due"}
UPDATE_COLUMNS = ["plan_id", "ref", "seq", "reported_on", "status", "percent_complete", "forecast_end", "actual_end",
                  "rag_override", "rag_reason", "commentary", "recorded_by"]


@dataclass(frozen=True)
class TrackerResult:
    plan_id: str
    themes: int
    actions: int
    milestones: int
    new_officers: int
    updates: int
    disagreements: int
    backup: Path | None
    warnings: list[str]


def red_after_days() -> int:
    try:
        return int(float(os.environ.get("PLAN_RED_AFTER_DAYS", 30)))
    except ValueError:
        return 30


def known(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple], list[tuple], dict[str, dict[str, str]]]:
    """Officers, their spellings, and remembered layouts, as build_plan takes them."""
    officers = [tuple(r) for r in con.execute(store_sql("known_officers")).fetchall()]
    aliases = [tuple(r) for r in con.execute(store_sql("known_aliases")).fetchall()]
    remembered = {key: json.loads(mapping) for key, mapping in con.execute(store_sql("remembered_layouts")).fetchall()}
    return officers, aliases, remembered


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).astype(object).where(lambda f: f.notna(), None)


def frames(plan: TrackerPlan, actor: str) -> dict[str, pd.DataFrame]:
    """The plan as the tables insert_tracker.sql reads."""
    updates = [{**asdict(u), "recorded_by": f"{actor} (imported from {plan.sheet.source})"} for u in plan.updates]
    review = [{"plan_id": plan.plan_id, "review_date": max(u.reported_on for u in plan.updates),
               "title": "Position stated in the source"}] if plan.updates else []
    return {
        "plan": _frame([plan.plan], ["plan_id", "title", "organisation", "source"]),
        "theme": _frame(plan.themes, ["plan_id", "code", "title", "position"]),
        "action": _frame(plan.actions, ["plan_id", "ref", "theme_code", "position", "action_text", "outcome_text",
                                        "start_text", "end_text", "baseline_start", "baseline_end", "is_ongoing",
                                        "is_done_in_source", "transcription_note", "extra"]),
        "milestone": _frame(plan.milestones, ["plan_id", "ref", "seq", "title", "start_text", "end_text",
                                              "baseline_start", "baseline_end", "is_ongoing", "transcription_note",
                                              "extra"]),
        "officer": _frame([{"officer_id": o, "name": n, "kind": k} for o, (n, k) in plan.book.new.items()],
                          ["officer_id", "name", "kind"]),
        "officer_alias": _frame([{"alias": a, "officer_id": o} for a, o in plan.book.aliases.items()],
                                ["alias", "officer_id"]),
        "assignment": _frame(plan.assignments, ["plan_id", "ref", "seq", "officer_id", "as_written"]),
        "review": _frame(review, ["plan_id", "review_date", "title"]),
        "update": _frame(updates, UPDATE_COLUMNS),
        "rebaseline": _frame([asdict(r) for r in plan.rebaselines],
                             ["plan_id", "ref", "seq", "approved_on", "new_baseline_start", "new_baseline_end",
                              "reason", "approved_by"]),
        "finding": _frame([{**f, "plan_id": plan.plan_id} for f in plan.findings],
                          ["plan_id", "ref", "seq", "check_name", "detail", "sheet", "row_number", "column_name",
                           "cell_text"]),
    }


def _dates_say(row: tuple) -> str:
    _, _, computed, slip, start, _, status = row
    if computed in ("red", "amber") and slip is not None and slip >= 1:
        return f"dates say {int(slip)} days late ({RAG_WORDS[computed]})"
    if computed == "amber":
        return f"dates say it should have started by {start:%-d %b %Y} (Amber)"
    if computed == "grey":
        return f"dates say it is not due to start until {start:%-d %b %Y}" if start else "dates say it is not due"
    return "dates say it is on track (Green)" if computed == "green" else f"dates say {RAG_WORDS[computed]}"


def check_source_rag(con: duckdb.DuckDBPyConnection, plan: TrackerPlan) -> list[dict]:
    """Each item whose stated RAG differs from what its dates give as of the day it was stated."""
    out = []
    for day in sorted({c["reported_on"] for c in plan.rag_claims}):
        state = {(r[0], r[1]): r for r in con.execute(store_sql("source_rag_check"), {
            "plan_id": plan.plan_id, "as_of": day, "red_after_days": red_after_days()}).fetchall()}
        for claim in (c for c in plan.rag_claims if c["reported_on"] == day):
            row = state.get((claim["ref"], claim["seq"]))
            if row is None or row[2] == claim["rag"] or (claim["rag"] == "green" and row[2] == "blue"):
                continue
            label = f"Action {claim['ref']}" + ("" if claim["seq"] is None else f" milestone {claim['seq']}")
            out.append({"plan_id": plan.plan_id, "ref": claim["ref"], "seq": claim["seq"],
                        "check_name": "Source RAG differs from the dates",
                        "detail": f"{label}: source says {RAG_WORDS[claim['rag']]}, {_dates_say(row)} as at "
                                  f"{day:%-d %b %Y}.",
                        "sheet": plan.sheet.name, "row_number": claim["row"], "column_name": claim["column"],
                        "cell_text": claim["text"]})
    return out


def write_tracker(con: duckdb.DuckDBPyConnection, plan: TrackerPlan, *, database: Path | None, actor: str,
                  replace: bool = False, backup: Path | None = None) -> TrackerResult:
    """Write the plan through an open connection (the app's cursor, or the CLI's), all or nothing."""
    problems = list(plan.problems)
    if con.execute(store_sql("plan_exists"), {"plan_id": plan.plan_id}).fetchone()[0] and not replace:
        problems.append(f"A plan '{plan.plan_id}' is already in the database. Give this one another plan id "
                        "(--plan-id), or replace the existing one (--replace on the command line).")
    if problems:
        raise ValidationError(problems)
    tables = frames(plan, actor)
    if replace:
        from store.db import run_script

        run_script(con, "delete_plan", {"plan_id": plan.plan_id})  # on a copy of the file: see importer
    # `backup`: one already made and verified by the caller (import --replace makes it before the copy)
    saved = backup or (verified_backup(con, Path(database)) if database is not None and Path(database).exists()
                       else None)
    con.execute("begin transaction")
    try:
        for name, frame in tables.items():
            con.register(f"src_{name}", frame)
        try:
            from store.db import run_script

            run_script(con, "insert_tracker")
        finally:
            for name in tables:
                con.unregister(f"src_{name}")
        refresh_items(con, plan.plan_id)
        disagreements = check_source_rag(con, plan)
        for finding in disagreements:
            con.execute(store_sql("insert_import_finding"), finding)
        if any(c.how in ("given", "remembered") for c in plan.layout.columns):
            labels = labels_of(plan.sheet, plan.layout.header_rows)
            con.execute(store_sql("remember_layout"), {
                "layout_key": plan.layout.key, "header_labels": json.dumps(list(labels.values()), ensure_ascii=False),
                "mapping": json.dumps(plan.layout.mapping(), ensure_ascii=False), "saved_by": actor})
        con.execute(store_sql("insert_audit"), {"actor": actor, "event": "plan_imported", "detail": json.dumps({
            "plan_id": plan.plan_id, "source": plan.sheet.source, "sheet": plan.sheet.name,
            "actions": len(plan.actions), "milestones": len(plan.milestones), "updates": len(plan.updates),
            "replace": replace, "backup": str(saved) if saved else None}, ensure_ascii=False)})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return TrackerResult(plan.plan_id, len(plan.themes), len(plan.actions), len(plan.milestones),
                         len(plan.book.new), len(plan.updates), len(disagreements), saved,
                         plan.warnings + [d["detail"] for d in disagreements])
