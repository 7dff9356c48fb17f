"""What an import of a tracker will create, as tables for the Data page's preview and lines for the
command line. Pure: no database, no Streamlit."""

from __future__ import annotations

import pandas as pd

from store.tracker.grid import Sheet
from store.tracker.header import Layout
from store.tracker.plan import TrackerPlan
from store.tracker.synonyms import FIELDS

STATUS_WORDS = {"not_started": "Not started", "in_progress": "In progress", "complete": "Complete",
                "on_hold": "On hold", "cancelled": "Cancelled"}


def first_rows(sheet: Sheet, layout: Layout, count: int = 10) -> pd.DataFrame:
    """The header and the first data rows as read, headed by column letter."""
    rows = [r for r in sheet.rows_with_values() if r >= layout.header_rows[0]][:count + len(layout.header_rows)]
    columns = [c for c in layout.columns]
    data = [[str(r)] + [sheet.text(r, c.col) for c in columns] for r in rows]
    return pd.DataFrame(data, columns=["Row"] + [c.letter for c in columns])


def column_table(layout: Layout) -> pd.DataFrame:
    how = {"phrase": "recognised", "pattern": "recognised (by its words)", "cells": "read from its cells",
           "remembered": "as mapped last time", "given": "as you mapped it", "not recognised": "not recognised",
           "duplicate": "a second column for the same thing", "hidden": "hidden in the sheet"}
    return pd.DataFrame([{"Column": c.letter, "Header": c.label, "Read as": FIELDS[c.field], "How": how[c.how]}
                         for c in layout.columns])


def preview_tables(plan: TrackerPlan) -> dict[str, pd.DataFrame]:
    themes = pd.DataFrame(plan.themes, columns=["code", "title"])
    count = pd.Series([a["theme_code"] for a in plan.actions]).value_counts()
    themes["actions"] = [int(count.get(c, 0)) for c in themes["code"]]
    actions = pd.DataFrame([{
        "ref": a["ref"], "theme": a["theme_code"], "action": a["action_text"],
        "owners": ", ".join(o["officer"] for o in _owners_of(plan, a["ref"], None, with_milestones=True)),
        "start as written": a["start_text"], "start": a["baseline_start"], "end as written": a["end_text"],
        "end": a["baseline_end"], "row": a["source_row"]} for a in plan.actions])
    milestones = pd.DataFrame([{
        "ref": m["ref"], "seq": m["seq"], "milestone": m["title"],
        "owners": ", ".join(o["officer"] for o in _owners_of(plan, m["ref"], m["seq"])),
        "end as written": m["end_text"], "end": m["baseline_end"]} for m in plan.milestones],
        columns=["ref", "seq", "milestone", "owners", "end as written", "end"])
    seen: dict[str, dict] = {}
    for o in plan.owners:
        seen.setdefault(o["as_written"], {"as written": o["as_written"], "officer": o["officer"],
                                          "kind": o["kind"], "matched": o["matched"], "items": 0})
        seen[o["as_written"]]["items"] += 1
    officers = pd.DataFrame(list(seen.values()), columns=["as written", "officer", "kind", "matched", "items"])
    updates = pd.DataFrame([{
        "item": u.ref if u.seq is None else f"{u.ref}/{u.seq}", "reported on": u.reported_on,
        "status": STATUS_WORDS[u.status], "RAG as stated": (u.rag_override or "").title() or None,
        "forecast end": u.forecast_end, "actual end": u.actual_end, "commentary": u.commentary}
        for u in plan.updates],
        columns=["item", "reported on", "status", "RAG as stated", "forecast end", "actual end", "commentary"])
    findings = pd.DataFrame([{"check": f["check_name"], "item": f.get("ref"), "row": f["row_number"],
                              "column": f["column_name"], "cell": f["cell_text"], "detail": f["detail"]}
                             for f in plan.findings], columns=["check", "item", "row", "column", "cell", "detail"])
    return {"themes": themes, "actions": actions, "milestones": milestones, "officers": officers,
            "updates": updates, "findings": findings}


def _owners_of(plan: TrackerPlan, ref: str, seq: int | None, with_milestones: bool = False) -> list[dict]:
    """An item's owners; an action's with its milestones' (as the dashboard counts them)."""
    ids = [a["officer_id"] for a in plan.assignments if a["ref"] == ref and (a["seq"] == seq or with_milestones)]
    return [{"officer": plan.book.names[i]} for i in dict.fromkeys(ids)]


def counts(plan: TrackerPlan) -> dict[str, int]:
    return {"themes": len(plan.themes), "actions": len(plan.actions), "milestones": len(plan.milestones),
            "new officers and roles": len(plan.book.new), "progress updates": len(plan.updates)}


def summary_lines(plan: TrackerPlan) -> list[str]:
    c = counts(plan)
    header = ", ".join(str(r) for r in plan.layout.header_rows)
    lines = [f"Plan '{plan.plan_id}': {plan.plan['title']}",
             f"Read {plan.sheet.source}" + ("" if plan.sheet.source.lower().endswith(".csv")
                                             else f", sheet '{plan.sheet.name}'") + f"; header row {header}.",
             "Columns: " + "; ".join(f"{col.letter} '{col.label}' → {FIELDS[col.field]}"
                                     for col in plan.layout.columns) + ".",
             f"{c['themes']} themes, {c['actions']} actions, {c['milestones']} milestones, "
             f"{c['new officers and roles']} new officers or roles, {c['progress updates']} progress updates "
             f"as at {plan.as_at:%-d %b %Y} ({plan.as_at_from})."]
    return lines
