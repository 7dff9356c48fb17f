"""A council's own tracker sheet as a plan: themes, actions, milestones, owners and the source's progress,
with every problem (sheet, row, column, text) and every judgement (data-quality findings) listed.

Nothing here touches the database: `build_plan` works on a Sheet and what the database already knows
(officers, aliases, remembered layouts); store/tracker/write.py writes the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from store.errors import ValidationError
from store.progress import ProgressUpdate, Rebaseline, validate_update
from store.tracker.grid import Sheet, where
from store.tracker.header import Layout, read_layout
from store.tracker.items import Item, Reader, action_and_milestones
from store.identifiers import plan_id_problem
from store.tracker.meta import as_at_of, organisation_of, plan_id_of, title_of
from store.tracker.officers import OfficerBook, split_owners
from store.tracker.rows import group_rows
from store.tracker.sections import theme_of
from store.tracker.updates import SOURCE_REASON, inherited, read_stated, to_update

_SEVERITY = {"red": 4, "amber": 3, "green": 2, "grey": 1, "blue": 0}


@dataclass
class TrackerOptions:
    plan_id: str | None = None
    title: str | None = None
    as_at: date | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # header as written -> field
    header_row: int | None = None
    sheet: str | None = None
    computed_rag: bool = False  # show our computed RAG, not the source's
    revised_as_rebaseline: bool = False  # a revised date re-baselines instead of forecasting


@dataclass
class TrackerPlan:
    sheet: Sheet
    layout: Layout
    plan: dict
    as_at: date
    as_at_from: str
    themes: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    owners: list[dict] = field(default_factory=list)  # every owner as written and whom it was matched to
    book: OfficerBook | None = None
    updates: list[ProgressUpdate] = field(default_factory=list)
    rebaselines: list[Rebaseline] = field(default_factory=list)
    rag_claims: list[dict] = field(default_factory=list)  # the RAG the source states, for the disagreement check
    findings: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.plan["plan_id"]


def _themes(plan: TrackerPlan, sheet: Sheet, items: list) -> list[str]:
    """Each action's theme code; themes in order of first appearance, numbered where the source is not."""
    theme_col = plan.layout.one("theme")
    keys: dict[tuple, tuple[str | None, str]] = {}
    per_action = []
    for block, _ in items:
        text = sheet.text(block.first_row, theme_col.col) if theme_col else ""
        if text:
            key, parsed = ("column", " ".join(text.split()).casefold()), theme_of(text)
        elif block.section:
            key, parsed = ("section", " ".join(block.section.text.split()).casefold()), \
                (block.section.code, block.section.title)
        else:
            key, parsed = ("none",), (None, "All actions" if not keys else "Actions before the first heading")
        keys.setdefault(key, parsed)
        per_action.append(key)
    codes: dict[tuple, str] = {}
    used: set[str] = set()
    for position, (key, (code, title)) in enumerate(keys.items(), start=1):
        if not code or code in used:
            n = position
            while str(n) in used:
                n += 1
            code = str(n) if not code else f"{code}-{n}"
        used.add(code)
        codes[key] = code
        plan.themes.append({"plan_id": plan.plan_id, "code": code, "title": title, "position": position})
    return [codes[k] for k in per_action]


def _refs(plan: TrackerPlan, reader: Reader, actions: list[Item], theme_codes: list[str]) -> list[str]:
    explicit = [a.ref_cell.text.strip() if a.ref_cell and a.ref_cell.text.strip() else None for a in actions]
    used: set[str] = set()
    refs: list[str] = []
    numbered: list[str] = []
    counts: dict[str, int] = {}
    for action, ref, code in zip(actions, explicit, theme_codes):
        counts[code] = counts.get(code, 0) + 1
        if ref is None:
            n, ref = counts[code], f"{code}.{counts[code]}"
            while ref in used or ref in explicit:
                n += 1
                ref = f"{code}.{n}"
            numbered.append(f"row {action.row} → {ref}")
            reader.finding(None, "Ref numbered by the import", f"No ref in the source; numbered {ref}.", action.row)
        elif (typed := _typed_ref(action, refs[-1] if refs else None)) and typed != ref and typed not in used:
            reader.finding(action.ref_cell, "Ref read as typed", f"Excel keeps the number {ref}; after "
                                                                 f"'{refs[-1]}' it is read as '{typed}'.")
            ref = typed
        elif ref in used:
            k, first = 2, ref
            while f"{first}-{k}" in used:
                k += 1
            ref = f"{first}-{k}"
            reader.finding(action.ref_cell, "Ref repeated", f"'{first}' is used by an earlier action; this one is "
                                                            f"imported as '{ref}'.")
            plan.warnings.append(f"{reader.at(action.ref_cell)}: the ref '{first}' is already used above; imported "
                                 f"as '{ref}'.")
        used.add(ref)
        refs.append(ref)
    if numbered:
        plan.warnings.append(f"{len(numbered)} action(s) have no ref and were numbered in order: "
                             + ", ".join(numbered) + ".")
    return refs


def _typed_ref(action: Item, previous: str | None) -> str | None:
    """'1.10' typed into a General cell is the number 1.1: after '1.9' a repeated 1.1 is read as 1.10."""
    value = action.ref_cell.cell.value if action.ref_cell else None
    m = re.fullmatch(r"(\d+)\.(\d+)", previous or "")
    if not isinstance(value, float) or not m:
        return None
    following = f"{m[1]}.{int(m[2]) + 1}"
    return following if following.rstrip("0") == f"{value:g}" else None


def _dates(reader: Reader, item: Item) -> tuple:
    start, end = item.start, item.end
    if not start.raw and not end.raw and not end.is_ongoing and item.milestones:
        firsts = [m.start for m in item.milestones if m.start.first]
        lasts = [m.end for m in item.milestones if m.end.last]
        if lasts:
            start = min(firsts, key=lambda w: w.first) if firsts else start
            end = max(lasts, key=lambda w: w.last)
            item.dates_from_milestones = True
    first, last = start.first, None if end.is_ongoing else end.last
    if first and last and last < first:
        reader.finding(item.start_at, "Start after end", f"The start '{start.raw}' is after the end '{end.raw}': "
                       "the start is kept as written but not used.", item.row)
        first = None
    return start.raw, end.raw, first, last, end.is_ongoing


def build_plan(sheet: Sheet, options: TrackerOptions, *, officers: list[tuple], aliases: list[tuple],
               remembered: dict[str, dict[str, str]] | None = None, today: date | None = None) -> TrackerPlan:
    layout = read_layout(sheet, given=options.mapping, remembered=remembered, header_row=options.header_row)
    grouping = group_rows(sheet, layout)
    problems: list[str] = []
    findings: list[dict] = []
    reader = Reader(sheet, layout, problems, findings)
    items = [(block, action_and_milestones(reader, block)) for block in grouping.blocks]
    title = options.title or title_of(layout.title_rows, sheet.name, sheet.source)
    stated_as_at = as_at_of(layout.title_rows)
    plan = TrackerPlan(sheet, layout, {
        "plan_id": options.plan_id or plan_id_of(title, sheet.source), "title": title,
        "organisation": organisation_of(title),
        "source": f"Imported from {sheet.source}" + ("" if sheet.source.lower().endswith(".csv") else
                                                     f", sheet '{sheet.name}'")}, date.today(), "")
    plan.problems, plan.findings, plan.book = problems, findings, OfficerBook.from_database(officers, aliases)
    problems += [p for p in [plan_id_problem(plan.plan_id, "Plan id")] if p]
    plan.warnings += sheet.notes + layout.notes + [f"{where(sheet, row)}: {why}" for row, why in grouping.skipped]
    last = max((block.rows[-1] for block in grouping.blocks), default=0)
    plan.warnings += [f"{where(sheet, s.row)}: '{s.text}' is below the last action (a total or a key): left out."
                      for s in grouping.sections if s.row > last]  # nothing under it, so not a theme
    if not items:
        raise ValidationError(problems + [f"{where(sheet, layout.first_data_row)}: no actions found under the "
                                          f"header row {layout.header_rows[-1]}."])
    actions = [a for _, a in items]
    codes = _themes(plan, sheet, items)
    refs = _refs(plan, reader, actions, codes)
    stated = {(ref, None): read_stated(reader, a) for ref, a in zip(refs, actions)}
    stated.update({(ref, seq): read_stated(reader, m) for ref, a in zip(refs, actions)
                   for seq, m in enumerate(a.milestones, start=1)})
    reported = [s.reported_on for s in stated.values() if s and s.reported_on]
    if options.as_at:
        plan.as_at, plan.as_at_from = options.as_at, "given"
    elif stated_as_at:
        plan.as_at, plan.as_at_from = stated_as_at
    elif reported:
        plan.as_at, plan.as_at_from = max(reported), "the latest update date in the sheet"
    else:
        plan.as_at = sheet.saved_on or today or date.today()
        plan.as_at_from = "the day the file was last saved" if sheet.saved_on else "today"
        if any(stated.values()):
            plan.warnings.append(f"The sheet states no 'as at' date: its progress is dated {plan.as_at:%-d %b %Y} "
                                 f"({plan.as_at_from}). Give the date it was reported at (--as-at) if that is wrong.")
    for position, (action, ref, code) in enumerate(zip(actions, refs, codes), start=1):
        _add_action(plan, reader, action, ref, code, position, stated, options)
    items_at = {r: (ref, None) for (block, _), ref in zip(items, refs) for r in block.rows}
    items_at.update({r: (ref, seq) for (block, _), ref in zip(items, refs)
                     for seq, rows in enumerate(block.groups, start=1) for r in rows})
    for f in findings:
        f["ref"], f["seq"] = items_at.get(f["row_number"], (None, None))
    plan.warnings += [reader.finding_text(f) for f in findings
                      if f["check_name"] not in ("Ref numbered by the import", "Date to be confirmed")]
    return plan


def _add_action(plan: TrackerPlan, reader: Reader, action: Item, ref: str, code: str, position: int,
                stated: dict, options: TrackerOptions) -> None:
    start_text, end_text, first, last, ongoing = _dates(reader, action)
    plan.actions.append({
        "plan_id": plan.plan_id, "ref": ref, "theme_code": code, "position": position, "action_text": action.title,
        "outcome_text": action.outcome, "start_text": start_text, "end_text": end_text, "baseline_start": first,
        "baseline_end": last, "is_ongoing": ongoing, "is_done_in_source": bool(stated[(ref, None)] and
                                                                               stated[(ref, None)].done),
        "transcription_note": None, "extra": json.dumps(action.extra, ensure_ascii=False) if action.extra else None,
        "source_row": action.row})
    _owners(plan, action, ref, None)
    own = _update(plan, reader, action, stated[(ref, None)], ref, None, first, options)
    ms_updates = []
    for seq, m in enumerate(action.milestones, start=1):
        m_start = m.start.first
        m_end = None if m.end.is_ongoing else m.end.last
        if m_start and m_end and m_end < m_start:
            reader.finding(m.start_at, "Start after end", f"The start '{m.start.raw}' is after the end "
                           f"'{m.end.raw}': the start is kept as written but not used.", m.row)
            m_start = None
        plan.milestones.append({
            "plan_id": plan.plan_id, "ref": ref, "seq": seq, "title": m.title, "start_text": m.start.raw,
            "end_text": m.end.raw, "baseline_start": m_start, "baseline_end": m_end, "is_ongoing": m.end.is_ongoing,
            "transcription_note": None, "extra": json.dumps(m.extra, ensure_ascii=False) if m.extra else None})
        _owners(plan, m, ref, seq)
        got = _update(plan, reader, m, stated[(ref, seq)], ref, seq, m_start or first, options)
        if got is None and own is not None:
            got = inherited(own, seq, m_start or first)
            if got is not None and not validate_update(got, {"start": m_start or first}):
                plan.updates.append(got)
        ms_updates.append(got)
    if own is None and any(ms_updates):
        _from_milestones(plan, ref, [u for u in ms_updates if u], len(ms_updates))


def _owners(plan: TrackerPlan, item: Item, ref: str, seq: int | None) -> None:
    for found in item.owners:
        for owner in split_owners(found.text, plan.book.known()):
            officer_id, existing = plan.book.match(owner)
            row = {"plan_id": plan.plan_id, "ref": ref, "seq": seq, "officer_id": officer_id,
                   "as_written": owner.as_written}
            if not any(a["ref"] == ref and a["seq"] == seq and a["officer_id"] == officer_id for a in plan.assignments):
                plan.assignments.append(row)
            plan.owners.append({"as_written": owner.as_written, "officer_id": officer_id,
                                "officer": plan.book.names[officer_id], "kind": plan.book.kinds.get(officer_id),
                                "matched": "already in the database" if existing else "new", "row": found.row})


def _update(plan: TrackerPlan, reader: Reader, item: Item, stated, ref: str, seq: int | None, start: date | None,
            options: TrackerOptions) -> ProgressUpdate | None:
    if stated is None:
        return None
    update, rebaseline, notes = to_update(stated, plan_id=plan.plan_id, ref=ref, seq=seq, start=start,
                                          as_at=plan.as_at, computed_rag=options.computed_rag,
                                          revised_as_rebaseline=options.revised_as_rebaseline)
    for note in notes:
        reader.finding(None, "Source progress", note, item.row)
    for problem in validate_update(update, {"start": start}):
        plan.problems.append(f"{where(plan.sheet, item.row)}: {problem}")
    plan.updates.append(update)
    if rebaseline:
        plan.rebaselines.append(rebaseline)
    if stated.rag:
        plan.rag_claims.append({"ref": ref, "seq": seq, "reported_on": update.reported_on, "rag": stated.rag,
                                "column": stated.rag_column, "text": stated.rag_text, "row": item.row})
    return update


def _from_milestones(plan: TrackerPlan, ref: str, updates: list[ProgressUpdate], count: int) -> None:
    """An action the source rates only through its milestones takes their state (and their worst RAG)."""
    on = max(u.reported_on for u in updates)
    if len(updates) == count and all(u.status == "complete" for u in updates):
        status, actual = "complete", max(u.actual_end for u in updates)
    else:
        status, actual = ("in_progress" if any(u.status in ("in_progress", "complete") for u in updates)
                          else "not_started"), None
    rated = [u.rag_override for u in updates if u.rag_override and u.status != "complete"]
    worst = max(rated, key=_SEVERITY.get) if rated and status != "complete" else None
    reason = f"{SOURCE_REASON} for its milestones (the worst is {worst.title()})" if worst else None
    plan.updates.append(ProgressUpdate(plan.plan_id, ref, None, on, status, 100.0 if actual else None, None, actual,
                                       worst, reason, None))
