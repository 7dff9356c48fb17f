"""The plan's items: every action and milestone as parallel arrays, with the window its story
follows, its owners and the text commentary names it by."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from store.demo.arrays import _days, _month_end
from store.demo.settings import AWAITING, FAR, REASONS, SERVICE_MANAGER


def _read_plan(con, plan_id):
    """The plan's actions, milestones and owners: one query each, the plan id bound as a value."""
    of_plan = duckdb.ColumnExpression("plan_id") == duckdb.ConstantExpression(plan_id)
    actions = con.table("action").filter(of_plan).df()
    milestones = con.table("milestone").filter(of_plan).df()
    assignments = con.table("assignment").filter(of_plan).df()
    officers = con.table("officer").df()
    actions = actions.sort_values(["position", "ref"], kind="stable").reset_index(drop=True)
    return actions, milestones, assignments, officers


def _subject(text: str, limit: int) -> str:
    """How commentary names an item: a milestone's title, or the first sentence of an action."""
    text = " ".join(str(text).split()).rstrip(".")
    cut = text.find(". ")
    first = text[:cut] if cut > 0 else text
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:-–") + "…"


@dataclass
class Items:
    """Every action and milestone of the plan as parallel arrays: actions first, then milestones."""

    ref: np.ndarray  # per action
    reasons_fitting: np.ndarray  # per action and REASONS: its text or its milestones' titles match
    seq: np.ndarray  # -1 for actions
    is_action: np.ndarray
    parent: np.ndarray  # index of the action (an action is its own parent)
    subject: np.ndarray
    ongoing: np.ndarray
    has_db_end: np.ndarray  # the database has a baseline end for the dashboard to be late against
    planned_start: np.ndarray  # the window the story follows (dates filled in where missing)
    planned_end: np.ndarray  # FAR when ongoing
    owner_names: list  # distinct names
    owner_flat: np.ndarray  # item i's owners: owner_flat[owner_start[i] : owner_start[i] + owner_count[i]]
    owner_start: np.ndarray
    owner_count: np.ndarray
    n_milestones: np.ndarray  # per action
    awaiting: list = field(default_factory=list)  # (item, what is done, what is awaited)
    children: dict = field(default_factory=dict)  # action -> its milestones in plan order

    def __len__(self) -> int:
        return len(self.seq)



def _items(actions, milestones, assignments, officers, first_day: int, last_day: int) -> Items:
    actions = actions[~actions["is_done_in_source"]].reset_index(drop=True)  # the source records those
    n_actions = len(actions)
    action_refs = actions["ref"].tolist()
    action_no = {ref: i for i, ref in enumerate(action_refs)}
    milestones = milestones[milestones["ref"].isin(action_refs)].copy()
    milestones["parent"] = milestones["ref"].map(action_no).astype("int64")
    milestones = milestones.sort_values(["parent", "seq"], kind="stable").reset_index(drop=True)
    parent = milestones["parent"].to_numpy()
    n_ms = len(milestones)

    # Action windows. Missing dates are filled so nothing fails: no start -> six months before the
    # end (not before the plan's earliest date); no end -> a year after the start; neither -> the
    # plan's whole span.
    a_start, a_end = _days(actions["baseline_start"]), _days(actions["baseline_end"])
    m_start, m_end = _days(milestones["baseline_start"]), _days(milestones["baseline_end"])
    every = np.concatenate([a_start, a_end, m_start, m_end])
    known = every[~np.isnan(every)]
    lo = float(known.min()) if len(known) else float(first_day)
    hi = float(known.max()) if len(known) else float(last_day)
    a_ongoing = actions["is_ongoing"].to_numpy(dtype=bool)
    start = np.where(~np.isnan(a_start), a_start, np.where(~np.isnan(a_end), np.maximum(lo, a_end - 180), lo))
    end = np.where(~np.isnan(a_end), a_end, np.where(~np.isnan(a_start), a_start + 365, np.maximum(hi, lo + 365)))
    end = np.where(a_ongoing, FAR, np.maximum(end, start + 28))

    # Milestone windows: their own dates where the source gives them; otherwise the k-th of n
    # milestones takes the k-th slice of its action's window. A milestone of an ongoing action with
    # no end of its own is ongoing too.
    k = milestones.groupby("parent").cumcount().to_numpy() + 1
    n = np.bincount(parent, minlength=n_actions)
    p_start, p_end, p_ongoing = start[parent], end[parent], a_ongoing[parent]
    dur = np.where(p_ongoing, 0, p_end - p_start)
    of_n = np.maximum(n[parent], 1)
    m_ongoing = milestones["is_ongoing"].to_numpy(dtype=bool) | (p_ongoing & np.isnan(m_end))
    slice_end = np.minimum(_month_end(p_start + np.round(k / of_n * dur)), p_end)
    slice_start = p_start + np.round((k - 1) / of_n * dur)
    ms_end = np.where(~np.isnan(m_end), m_end, slice_end)
    lead = np.where(p_ongoing, 90, np.maximum(90, dur / of_n))
    ms_start = np.where(~np.isnan(m_start), m_start,
                        np.where(~np.isnan(m_end), np.maximum(p_start, m_end - lead),
                                 np.where(p_ongoing, p_start, slice_start)))
    ms_start = np.where(m_ongoing, ms_start, np.minimum(ms_start, ms_end - 14))
    ms_end = np.where(m_ongoing, FAR, ms_end)

    # Owners: a milestone's own, else its action's; an action whose owners are all on its
    # milestones (2.1 in the built-in plan) has theirs. People before roles.
    name_of = dict(zip(officers["officer_id"].tolist(), officers["name"].tolist()))
    is_person = {i for i, kind in zip(officers["officer_id"].tolist(), officers["kind"].tolist()) if kind == "person"}
    owned: dict[tuple, set] = {}
    on_milestones: dict[str, set] = {}
    for ref, seq, officer in zip(assignments["ref"].tolist(), assignments["seq"].tolist(),
                                 assignments["officer_id"].tolist()):
        key = (ref, -1 if seq is None or pd.isna(seq) else int(seq))
        owned.setdefault(key, set()).add(officer)
        if key[1] >= 0:
            on_milestones.setdefault(ref, set()).add(officer)
    names = [SERVICE_MANAGER]
    name_code: dict[str, int] = {SERVICE_MANAGER: 0}
    cache: dict[frozenset, list] = {}

    def code_of(name: str) -> int:
        if name not in name_code:
            name_code[name] = len(names)
            names.append(name)
        return name_code[name]

    def codes_of(ids) -> list:
        if not ids:
            return [0]
        ids = frozenset(ids)
        if ids not in cache:
            chosen = sorted(name_of[i] for i in ids if i in is_person) or sorted(name_of[i] for i in ids)
            cache[ids] = [code_of(x) for x in chosen]
        return cache[ids]

    a_codes = [codes_of(owned.get((ref, -1)) or on_milestones.get(ref)) for ref in action_refs]
    m_codes = [codes_of(owned[(ref, seq)]) if (ref, seq) in owned else a_codes[p]
               for ref, seq, p in zip(milestones["ref"].tolist(), milestones["seq"].tolist(), parent.tolist())]
    per_item = a_codes + m_codes
    owner_count = np.array([len(c) for c in per_item], dtype="int64")
    owner_start = np.cumsum(owner_count) - owner_count
    owner_flat = np.array([c for codes in per_item for c in codes], dtype="int64")

    titles = milestones["title"].astype(str).tolist()
    subject = np.array([_subject(t, 70) for t in actions["action_text"].tolist()] + [_subject(t, 90) for t in titles],
                       dtype=object)
    children: dict[int, list[int]] = {}
    for j, p in enumerate(parent.tolist()):
        children.setdefault(p, []).append(n_actions + j)
    reasons_fitting = np.zeros((n_actions, len(REASONS)), bool)
    for k, reason in enumerate(REASONS):
        reasons_fitting[:, k] = actions["action_text"].str.contains(reason.pattern, case=False).to_numpy(dtype=bool)
        in_titles = milestones["title"].str.contains(reason.pattern, case=False).to_numpy(dtype=bool)
        reasons_fitting[parent[in_titles], k] = True
    awaiting = []
    for j in np.flatnonzero(milestones["title"].str.contains("awaiting", case=False).to_numpy(dtype=bool)):
        match = AWAITING.match(titles[j])
        if match and ms_start[j] < first_day:  # stated at the time of writing, before the reviews
            awaiting.append((n_actions + int(j), match["done"].strip(), match["what"].strip()))

    return Items(
        ref=np.array(action_refs, dtype=object),
        reasons_fitting=reasons_fitting,
        seq=np.concatenate([np.full(n_actions, -1), milestones["seq"].to_numpy(dtype="int64")]),
        is_action=np.concatenate([np.ones(n_actions, bool), np.zeros(n_ms, bool)]),
        parent=np.concatenate([np.arange(n_actions), parent]),
        subject=subject,
        ongoing=np.concatenate([a_ongoing, m_ongoing]),
        has_db_end=np.concatenate([~np.isnan(a_end), ~np.isnan(m_end)]),
        planned_start=np.concatenate([start, ms_start]).astype("int64"),
        planned_end=np.concatenate([end, ms_end]).astype("int64"),
        owner_names=names,
        owner_flat=owner_flat,
        owner_start=owner_start,
        owner_count=owner_count,
        n_milestones=n,
        awaiting=awaiting,
        children=children,
    )


def _approver(assignments, officers) -> str:
    """Who approves a new baseline: the person who owns most of the plan (its service manager)."""
    people = officers[officers["kind"] == "person"]
    counts = assignments[assignments["officer_id"].isin(people["officer_id"])]["officer_id"].value_counts()
    if counts.empty:
        return SERVICE_MANAGER
    top = sorted(counts[counts == counts.max()].index)[0]
    return str(people.set_index("officer_id").at[top, "name"])
