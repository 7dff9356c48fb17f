"""Illustrative progress history, so a new user opens a dashboard that looks lived-in.

Every row written here is marked `is_demo` (updates also carry `origin = 'demo'`); nothing here is
a fact about the plan. What the history looks like, and why:

- Reviews every 42 days (the plan's "6 weekly update meetings"), titled "Review 1", "Review 2", ...
- Each action and each milestone gets one update per review, from the review before it is due to
  start until the review that records it complete, and nothing after that. About one routine
  update in ten is not given, as happens in real meetings, so some open items go stale.
- Most items finish within a few weeks of their baseline end. A share of actions slip: the forecast
  end moves later at a review (sometimes twice) and most of those finish late; a few are
  re-baselined (a `rebaseline` row approved at a review) and then track the new end; a couple go on
  hold for a few reviews; a few are still open and late at the last review. Milestones move with
  their action. Ongoing actions stay in progress with no forecast end.
- What the source states is respected: actions the source records as done get no demo rows (the
  build records them from the source), and a milestone whose title says it is "awaiting" something
  (1.2: "First draft created and Awaiting Legal advice") starts in progress, awaiting it.
- Commentary is built from the item's own text (milestone titles, the action's first sentence) and
  a short list of reasons chosen to fit that text (cabinet, DQS review, Orchard, consultation,
  legal advice, staff capacity). No people are invented: updates are recorded by one of the
  item's owners, re-baselines approved by the person who owns most of the plan.

Rows are generated with numpy from one seeded Generator, so two builds give identical rows, and
inserted in bulk by store/sql/insert_demo.sql. Text columns travel as pandas Categoricals (a few
thousand distinct phrases rather than a million strings) and are joined into sentences there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import duckdb
import numpy as np
import pandas as pd

from store.db import store_sql

REVIEW_EVERY_DAYS = 42
# The built-in plan's meetings: action 1.1 (starts Sept 16) sets up "6 weekly update meetings";
# the first is put on a Wednesday in mid-September 2016. Other plans derive theirs (_schedule).
FIRST_REVIEW_OF_PLAN = {"tbc-rent-sip": date(2016, 9, 14)}
REVIEWS_RUN_ON_DAYS = 61  # the last review falls within two months after the latest baseline end

# Shares of the plan's dated actions (those with an end) given each kind of story.
SLIP_SHARE = 0.28  # forecast end moved later at least once (includes the three kinds below)
OPEN_AT_END_SHARE = 0.10  # still open and late at the last review
REBASELINE_SHARE = 0.10  # slip, then a new baseline approved at a review
HOLD_SHARE = 0.06  # on hold for a few reviews
OVERRIDE_SHARE = 0.06  # a manual RAG with a reason (rare)
LATE_START_SHARE = 0.3  # of the slipping actions: started late ("should have started")
SKIP_SHARE = 0.10  # routine updates not given at a review

FAR = 10**7  # days: "never" (ongoing items have no end)
SERVICE_MANAGER = "Service manager"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Reason:
    """Why an action slips, worded for each place it is used; `pattern` finds the actions it fits."""

    pattern: str  # a regular expression, matched ignoring case
    slip: str
    hold: str
    rebaseline: str


REASONS = (
    Reason(r"cabinet|\bTCG\b", "awaiting a cabinet date", "paused until a cabinet date is set",
           "The cabinet timetable moved; a new end date was agreed at the review."),
    Reason(r"\bDQS\b|Delivering Quality Services", "depends on the outcome of the DQS review",
           "paused until the DQS review reports",
           "The DQS review changed the scope; a new end date was agreed at the review."),
    Reason(r"Orchard", "waiting for the Orchard system upgrade",
           "paused until the Orchard system upgrade is in",
           "It depends on the Orchard system upgrade, which is now later; a new end date was agreed."),
    Reason(r"consult|focus group|survey|Tenant Involvement|partner",
           "consultation took longer than planned", "paused while the consultation is completed",
           "Consultation took longer than planned; a new end date was agreed at the review."),
    Reason(r"polic|legal|agreement", "awaiting legal advice", "paused until legal advice is received",
           "Legal advice took longer than expected; a new end date was agreed at the review."),
)
STAFF_CAPACITY = Reason("", "staff capacity in the team", "paused while the team is short of staff",
                        "Team capacity was reduced by vacancies; a new end date was agreed at the review.")
HOLD_OVERRIDE = ("amber", "On hold by agreement at the review: rated amber while paused, not red.")

EARLY = ("work has started.", "scoping agreed with the team.", "initial work under way.")
MIDDLE = ("on track.", "progressing as planned.", "good progress since the last review.")
LATE = ("nearly finished.", "final checks under way.", "on track to finish by the forecast date.")
ONGOING = ("continuing as part of routine work.", "in place and continuing.", "ongoing; no issues to report.",
           "continuing; checked at each review.")
AWAITING = re.compile(r"^(?P<done>.*?)\s*(?:\band\s+)?\bawaiting\s+(?P<what>.+?)\.?$", re.IGNORECASE)

NOT_STARTED, IN_PROGRESS, COMPLETE, ON_HOLD = 0, 1, 2, 3
STATUS = ["not_started", "in_progress", "complete", "on_hold"]


@dataclass(frozen=True)
class DemoSummary:
    reviews: int
    updates: int
    rebaselines: int


# ---------------------------------------------------------------------------------------------
# Dates as whole days since 1970-01-01 (numpy's datetime64[D] as int64), so arithmetic vectorises.


def _days(column: pd.Series) -> np.ndarray:
    """Dates as float days, NaN where missing."""
    values = pd.to_datetime(column).to_numpy(dtype="datetime64[D]")
    out = values.astype("int64").astype(float)
    out[np.isnat(values)] = np.nan
    return out


def _day(value: date) -> int:
    return int(np.datetime64(value, "D").astype("int64"))


def _month_end(days):
    months = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    out = ((months + 1).astype("datetime64[D]") - 1).astype("int64")
    return out if out.ndim else int(out)


def _month_start(day: int) -> int:
    return int(np.datetime64(int(day), "D").astype("datetime64[M]").astype("datetime64[D]").astype("int64"))


@lru_cache(maxsize=None)
def _label(day: int) -> str:
    """A month as managers write it: 'Mar 2019'."""
    month = int(np.datetime64(int(day), "D").astype("datetime64[M]").astype("int64"))
    return f"{MONTHS[month % 12]} {1970 + month // 12}"


def _as_dates(days: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = np.asarray(days, dtype="int64").astype("datetime64[D]")
    return np.where(present, out, np.datetime64("NaT"))


class _Texts:
    """Distinct strings, and codes into them: a pandas Categorical carries them cheaply."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def code(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]

    def codes(self, keys: np.ndarray, make) -> np.ndarray:
        """One code per key, making each distinct key's text once."""
        if len(keys) == 0:
            return np.zeros(0, "int64")
        distinct, inverse = np.unique(keys, return_inverse=True)
        return np.array([self.code(make(k)) for k in distinct], dtype="int64")[inverse]

    def categorical(self, codes: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=pd.Index(self.texts, dtype=object))


# ---------------------------------------------------------------------------------------------
# The review schedule


def review_dates(con: duckdb.DuckDBPyConnection, plan_id: str, first_review: date | None = None,
                 last_review: date | None = None) -> list[date]:
    """The review days write_demo_history would use for this plan."""
    actions, milestones, _, _ = _read_plan(con, plan_id)
    return _schedule(plan_id, actions, milestones, first_review, last_review)


def _schedule(plan_id, actions, milestones, first_review, last_review) -> list[date]:
    """Review days, 42 apart, from the plan's own dates unless given.

    First: the plan's known meeting date (FIRST_REVIEW_OF_PLAN), else the first Wednesday on or
    after the 14th of the month in which the middle action starts (the median start). Last: on or
    before the end of the month two months after the plan's latest baseline end (30 June 2020 for
    the built-in plan, whose latest end is April 2020).
    """
    if first_review is None:
        first_review = FIRST_REVIEW_OF_PLAN.get(plan_id)
    if first_review is None:
        starts = np.sort(_days(actions["baseline_start"]))
        starts = starts[~np.isnan(starts)]
        if len(starts) == 0:
            return []
        the_14th = _month_start(int(starts[(len(starts) - 1) // 2])) + 13
        first = the_14th + (2 - (the_14th + 3)) % 7  # 1970-01-01 was a Thursday: (day + 3) % 7 is Monday 0
    else:
        first = _day(first_review)
    if last_review is None:
        every = np.concatenate([_days(actions[c]) for c in ("baseline_end", "baseline_start")]
                               + [_days(milestones[c]) for c in ("baseline_end", "baseline_start")])
        every = every[~np.isnan(every)]
        if len(every) == 0:
            return []
        last = _month_end(int(every.max()) + REVIEWS_RUN_ON_DAYS)
    else:
        last = _day(last_review)
    days = np.arange(first, last + 1, REVIEW_EVERY_DAYS, dtype="int64")
    return [d.item() for d in days.astype("datetime64[D]")]


# ---------------------------------------------------------------------------------------------
# The plan's items


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


# ---------------------------------------------------------------------------------------------
# What happens to each item


@dataclass
class Story:
    """What happens to each item (arrays over items), and the moments worth their own words."""

    start: np.ndarray  # actual start
    finish: np.ndarray  # actual end (FAR: not within the reviews)
    change_at: np.ndarray  # (items, 3): review index at which the forecast moves (R: never)
    change_to: np.ndarray  # (items, 3): the new forecast end
    hold_from: np.ndarray  # review index it goes on hold (R: never)
    hold_until: np.ndarray  # review index it resumes
    rebaselined_at: np.ndarray  # review index a new baseline is approved (R: never)
    rebaselined_to: np.ndarray
    delay_note: np.ndarray  # said while it should have started and has not
    events: dict = field(default_factory=dict)  # (item, review) -> commentary
    overrides: dict = field(default_factory=dict)  # (item, review) -> (rag, reason)
    rebaselines: list = field(default_factory=list)  # (action, review, new start or None, new end, reason)


def _reason(rng, items: Items, action: int) -> Reason:
    """A reason for a slip that fits the action's text, or staff capacity, which fits any."""
    fitting = [r for r, fits in zip(REASONS, items.reasons_fitting[action]) if fits] + [STAFF_CAPACITY]
    return fitting[int(rng.integers(len(fitting)))]


def _story(items: Items, reviews: np.ndarray, titles: list[str], rng) -> Story:
    n, R = len(items), len(reviews)
    first, last = int(reviews[0]), int(reviews[-1])
    is_action, is_ms = items.is_action, ~items.is_action
    ps, pe = items.planned_start, items.planned_end
    st = Story(
        start=ps.copy(), finish=np.full(n, FAR), change_at=np.full((n, 3), R), change_to=np.zeros((n, 3), "int64"),
        hold_from=np.full(n, R), hold_until=np.full(n, R), rebaselined_at=np.full(n, R),
        rebaselined_to=np.zeros(n, "int64"), delay_note=np.full(n, "start delayed.", dtype=object),
    )

    # Who gets which story. Able to slip: dated, with a review before its end (and not before its
    # start or the first review) at which the slip can be announced.
    actions = np.flatnonzero(is_action)
    dated = actions[~items.ongoing[actions]]
    n_dated = len(dated)
    r_lo = np.searchsorted(reviews, np.maximum(ps, first))
    r_hi = np.searchsorted(reviews, pe) - 1  # the last review before the end
    able = dated[r_hi[dated] >= r_lo[dated]]

    def share(x: float) -> int:
        return int(round(x * n_dated))

    # Still open at the end: half are those due last before the final review (what a meeting would
    # still be chasing); the others are drawn with a preference for recent ends, none years late.
    candidates = able[(pe[able] < last) & (pe[able] > last - 550)]
    n_open = min(max(share(OPEN_AT_END_SHARE), 1 if n_dated else 0), len(candidates))
    by_end = candidates[np.argsort(-pe[candidates], kind="stable")]
    recent, candidates = by_end[: (n_open + 1) // 2], by_end[(n_open + 1) // 2:]
    n_drawn = n_open - len(recent)
    weights = np.exp((pe[candidates] - last) / 180.0)
    drawn = rng.choice(candidates, n_drawn, replace=False, p=weights / weights.sum()) if n_drawn else []
    open_end = np.concatenate([recent, drawn]).astype("int64")
    others = np.setdiff1d(able, open_end)
    n_more = min(max(share(SLIP_SHARE) - n_open, 0), len(others))
    slipping = rng.permutation(rng.choice(others, n_more, replace=False)) if n_more else np.zeros(0, "int64")
    # Re-baselined: ones whose new end falls well within the reviews, so they are seen tracking it.
    rebase = slipping[pe[slipping] + 240 < last][: share(REBASELINE_SHARE)]
    rest = slipping[~np.isin(slipping, rebase)]
    can_hold = np.maximum(r_lo[rest], np.searchsorted(reviews, ps[rest])) <= np.minimum(r_hi[rest], R - 3)
    hold = rest[can_hold][: share(HOLD_SHARE)]
    plain = rest[~np.isin(rest, hold)]
    late_ok = np.concatenate([plain, rebase])
    late_ok = late_ok[ps[late_ok] > first]  # a late start only shows if reviews were running
    n_late = min(int(round(LATE_START_SHARE * (n_open + n_more))), len(late_ok))
    late_start = set(rng.choice(late_ok, n_late, replace=False).tolist()) if n_late else set()
    open_set, rebase_set, hold_set = set(open_end.tolist()), set(rebase.tolist()), set(hold.tolist())

    recover: dict[int, float] = {}
    reasons: dict[int, Reason] = {}
    changes: dict[int, list] = {}  # action -> [(review, new forecast, old forecast, kind)]

    def announce(a: int) -> int:  # one of the last reviews before the (planned) end
        return int(r_hi[a] - rng.integers(0, min(3, r_hi[a] - r_lo[a] + 1)))

    for a in sorted(open_set | rebase_set | hold_set | set(plain.tolist())):
        reason = reasons[a] = _reason(rng, items, a)
        subj = items.subject[a]
        moves = changes[a] = []
        end = int(pe[a])
        if a in late_start:
            st.start[a] = ps[a] + int(rng.integers(42, 121))
            st.delay_note[a] = f"start delayed: {reason.slip}."
        if a in hold_set:
            lo_h = max(int(r_lo[a]), int(np.searchsorted(reviews, st.start[a])))
            h0 = int(rng.integers(lo_h, min(int(r_hi[a]), R - 3) + 1))
            h1 = min(h0 + int(rng.integers(2, 5)), R - 1)
            st.hold_from[a], st.hold_until[a] = h0, h1
            to = _month_end(end + int(reviews[h1] - reviews[h0]) + int(rng.integers(0, 31)))
            moves.append((h0, to, end, "hold"))
            st.events[(a, h0)] = f"{subj}: on hold, {reason.hold}; forecast moved to {_label(to)}."
            st.events[(a, h1)] = f"{subj}: work resumed after the pause."
            continue
        t1 = announce(a)
        if a in rebase_set:
            to = _month_end(end + int(rng.integers(60, 181)))
            moves.append((t1, to, end, "slip"))
            approved = t1 + 1 if t1 + 1 < R and reviews[t1 + 1] < to else t1
            st.rebaselined_at[a], st.rebaselined_to[a] = approved, to
            new_start = _month_start(int(st.start[a])) if a in late_start else None
            st.rebaselines.append((a, approved, new_start, to, reason.rebaseline))
            if approved == t1:
                st.events[(a, t1)] = f"{subj}: new end date of {_label(to)} approved at {titles[t1]}: {reason.slip}."
            else:
                st.events[(a, t1)] = (f"{subj}: forecast moved to {_label(to)}: {reason.slip}; a new end date "
                                      "goes to the next review for approval.")
                st.events[(a, approved)] = f"{subj}: new end date of {_label(to)} approved at {titles[approved]}."
            continue
        if a in open_set:
            to = _month_end(end + int(rng.integers(60, 151)))
            second = to <= last  # must move again to be still open at the end
        else:
            to = _month_end(end + int(rng.integers(35, 141)))
            second = rng.random() < 0.35
        moves.append((t1, to, end, "slip"))
        st.events[(a, t1)] = f"{subj}: forecast moved to {_label(to)}: {reason.slip}."
        t2_hi = int(np.searchsorted(reviews, to)) - 1  # the last review before the moved end
        if second and t2_hi > t1:
            t2 = t2_hi - int(rng.integers(0, min(2, t2_hi - t1)))
            to2 = (_month_end(max(to, last) + int(rng.integers(45, 151))) if a in open_set
                   else _month_end(to + int(rng.integers(30, 101))))
            again = _reason(rng, items, a)
            moves.append((t2, to2, to, "slip"))
            st.events[(a, t2)] = f"{subj}: forecast moved again, to {_label(to2)}: {again.slip}."
        elif a in open_set and to <= last:  # no review left to move it twice: one bigger move
            to = _month_end(last + int(rng.integers(45, 151)))
            moves[-1] = (t1, to, end, "slip")
            st.events[(a, t1)] = f"{subj}: forecast moved to {_label(to)}: {reason.slip}."
        if a not in open_set and rng.random() < 0.3:
            recover[a] = rng.random()  # finishes before the moved forecast, still late

    n_changes = np.zeros(n, "int64")

    def move(item: int, at: int, to: int) -> None:
        st.change_at[item, n_changes[item]] = at
        st.change_to[item, n_changes[item]] = to
        n_changes[item] += 1

    # Milestones move with their action: a change announced at a review moves each milestone still
    # due at that review by the same amount; a hold pauses the ones under way.
    for a, moves in changes.items():
        for at, to, _, _ in moves:
            move(a, at, to)
        for m in items.children.get(a, []):
            if items.ongoing[m]:
                continue
            forecast, subj = int(pe[m]), items.subject[m]
            for at, to, before, kind in moves:
                if forecast < reviews[at]:
                    continue
                forecast = _month_end(forecast + (to - before))
                move(m, at, forecast)
                if kind != "hold":
                    st.events[(m, at)] = f"{subj}: forecast moved to {_label(forecast)} with the action."
                elif st.start[m] <= reviews[at]:
                    st.hold_from[m], st.hold_until[m] = st.hold_from[a], st.hold_until[a]
                    st.events[(m, at)] = f"{subj}: on hold with the action, {reasons[a].hold}."
                    st.events[(m, int(st.hold_until[a]))] = f"{subj}: work resumed."
                else:
                    st.start[m] = max(int(st.start[m]), int(reviews[st.hold_until[a]]))
    late_parent = is_ms & (st.start[items.parent] > ps[items.parent])
    st.start = np.where(is_ms, np.maximum(st.start, st.start[items.parent]), st.start)
    st.delay_note[late_parent] = "start delayed with the action."

    # Finish dates: near the final forecast; never before the last move was announced or before a
    # hold ended; and an item whose forecast never moved is finished by the first review on or
    # after it (the slips worth telling are the ones above, not a few days' drift).
    rows = np.arange(n)
    has_change = n_changes > 0
    last_move = np.where(has_change, st.change_at[rows, np.maximum(n_changes - 1, 0)], -1)
    final = np.where(has_change, st.change_to[rows, np.maximum(n_changes - 1, 0)], pe)
    finish = final + rng.integers(-21, 15, n)
    for a, u in recover.items():
        finish[a] = final[a] - int(u * (final[a] - reviews[last_move[a]]) / 2)
    finish = np.where(last_move >= 0, np.maximum(finish, reviews[np.maximum(last_move, 0)] + 7), finish)
    held = st.hold_from < R
    finish = np.where(held, np.maximum(finish, reviews[np.minimum(st.hold_until, R - 1)] + 14), finish)
    finish = np.maximum(finish, st.start + 7)
    due = np.searchsorted(reviews, final)
    finish = np.where(due < R, np.minimum(finish, reviews[np.minimum(due, R - 1)]), finish)
    for a in open_set:
        finish[a] = max(int(finish[a]), last + 30)
    finish = np.where(items.ongoing, FAR, finish)
    finish = np.where(is_ms, np.minimum(finish, finish[items.parent]), finish)  # not after its action
    st.start = np.minimum(st.start, finish - 7)
    st.finish = finish

    # "Awaiting ..." milestones, as the source states them when it was written: in progress at the
    # first review, complete by the second or third.
    for m, done, what in items.awaiting:
        if R < 3 or finish[items.parent[m]] <= reviews[2]:
            continue
        done_by = 1 + int(rng.integers(0, 2))
        st.start[m] = min(int(st.start[m]), first)
        st.finish[m] = int(reviews[done_by]) - int(rng.integers(3, 21))
        st.change_at[m], st.change_to[m] = R, 0
        st.change_at[m, 0], st.change_to[m, 0] = 0, _month_end(st.finish[m] + 7)
        what = what[:1].lower() + what[1:].lower()
        st.events[(m, 0)] = f"{done[:1].upper()}{done[1:]}; awaiting {what}." if done else f"Awaiting {what}."
        for r in range(1, done_by):
            st.events[(m, r)] = f"Still awaiting {what}."
        st.events[(m, done_by)] = st.events[(m, done_by + 1)] = f"{what[:1].upper()}{what[1:]} received; complete."

    # A few manual RAGs, each with its reason: amber for an agreed pause; red at the review before
    # a slip is admitted, while the forecast was still the baseline but plainly at risk.
    n_over = share(OVERRIDE_SHARE)
    for a in sorted(hold_set)[: (n_over + 1) // 2]:
        st.overrides[(a, int(st.hold_from[a]))] = HOLD_OVERRIDE
    for a in sorted(plain.tolist()):
        if len(st.overrides) >= n_over:
            break
        at = changes[a][0][0] - 1
        if at >= 0 and st.start[a] <= reviews[at] and reviews[at] >= ps[a] - REVIEW_EVERY_DAYS:
            st.overrides[(a, at)] = ("red", f"Forecast at risk ({reasons[a].slip}): rated red until a new end "
                                            "date is agreed.")
            st.events[(a, at)] = f"{items.subject[a]}: at risk: {reasons[a].slip}."
    return st


# ---------------------------------------------------------------------------------------------
# One row per item per review


def _lookup(keys: np.ndarray, table: dict, n_reviews: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Which `keys` (item * n_reviews + review) `table` has: a mask, positions, and the values."""
    if not table:
        return np.zeros(len(keys), bool), np.zeros(len(keys), "int64"), []
    codes = np.array([i * n_reviews + r for i, r in table], dtype="int64")
    order = np.argsort(codes)
    stored = list(table.values())
    pos = np.minimum(np.searchsorted(codes[order], keys), len(codes) - 1)
    return codes[order][pos] == keys, pos, [stored[i] for i in order]


def _milestones_done(items: Items, st: Story, reviews: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per action and review: how many of its milestones are done, and the next one (-1: none)."""
    R = len(reviews)
    ms = np.flatnonzero(~items.is_action)
    done_review = np.searchsorted(reviews, st.finish[ms])  # done as of this review on
    n_actions = int(items.is_action.sum())
    done = np.zeros((n_actions, R + 1), "int64")
    np.add.at(done, (items.parent[ms], np.minimum(done_review, R)), 1)
    done = np.cumsum(done, axis=1)
    following = np.full((n_actions, R), len(items), "int64")
    for r in range(R):
        still_open = ms[done_review > r]
        np.minimum.at(following[:, r], items.parent[still_open], still_open)  # the first in plan order
    following[following == len(items)] = -1
    return done, following


def _updates(items: Items, st: Story, reviews: np.ndarray, rng) -> pd.DataFrame:
    n, R = len(items), len(reviews)
    # Rows from the review before an item is due to start to the review after it finishes (that
    # one is used only when the finishing review's update was skipped).
    r0 = np.searchsorted(reviews, items.planned_start - REVIEW_EVERY_DAYS)
    done_at = np.searchsorted(reviews, st.finish)
    r_last = np.where(done_at < R, np.minimum(done_at + 1, R - 1), R - 1)
    count = np.where(r0 < R, np.maximum(r_last - r0 + 1, 0), 0)
    item = np.repeat(np.arange(n), count)
    first_row = np.repeat(np.cumsum(count) - count, count)
    r = r0[item] + (np.arange(len(item)) - first_row)
    d = reviews[r]

    finish, start, ongoing = st.finish[item], st.start[item], items.ongoing[item]
    complete = finish <= d
    held = (st.hold_from[item] <= r) & (r < st.hold_until[item]) & ~complete
    status = np.where(complete, COMPLETE, np.where(held, ON_HOLD, np.where(start <= d, IN_PROGRESS, NOT_STARTED)))
    forecast = items.planned_end[item]
    for k in range(st.change_at.shape[1]):
        forecast = np.where(st.change_at[item, k] <= r, st.change_to[item, k], forecast)

    # Percent complete: the share of its working time (holds left out) that has passed; an action
    # with milestones is also judged by how many of them are done.
    has_hold = st.hold_from < R
    h0 = reviews[np.minimum(st.hold_from, R - 1)]
    hold_days = np.where(has_hold, reviews[np.minimum(st.hold_until, R - 1)] - h0, 0)
    held_so_far = np.where(has_hold[item], np.clip(d - h0[item], 0, hold_days[item]), 0)
    working = np.maximum(finish - start - hold_days[item], 1)
    percent = np.clip(np.round((d - start - held_so_far) / working * 20) * 5, 5, 95)
    percent = np.where(ongoing, np.clip(np.round((10 + 80 * (d - start) / 730) / 5) * 5, 10, 90), percent)
    progress = _milestones_done(items, st, reviews)
    with_ms = items.is_action[item] & (items.n_milestones[items.parent[item]] > 0) & ~ongoing
    a, ra = item[with_ms], r[with_ms]
    percent[with_ms] = np.clip(np.round((0.5 * percent[with_ms] + 50 * progress[0][a, ra] / items.n_milestones[a])
                                        / 5) * 5, 5, 95)
    percent = np.where(status == COMPLETE, 100, np.where(status == NOT_STARTED, 0, percent)).astype(float)

    keys = item.astype("int64") * R + r
    is_event, event_pos, event_text = _lookup(keys, st.events, R)
    is_override, override_pos, override_values = _lookup(keys, st.overrides, R)

    # About one routine update in ten is not given. Never skipped: an item's first update, events,
    # overrides, and a finish at the last review; a finish skipped is recorded at the next review.
    skipped = rng.random(len(item)) < SKIP_SHARE
    forced = ((r == r0[item]) | is_event | is_override
              | (complete & ((r == R - 1) | (r == done_at[item] + 1))))
    keep = ~skipped | forced
    kept_done = (complete & keep).astype("int64")
    running = np.cumsum(kept_done)
    before = running - kept_done - np.where(first_row > 0, running[np.maximum(first_row - 1, 0)], 0)
    keep &= before == 0  # nothing after the first finish recorded

    phrase, detail, phrases, details = _phrases(items, st, item, r, d, status, ongoing, progress, rng)
    events = _Texts()
    event_codes = np.full(len(item), -1, "int64")
    event_codes[is_event] = events.codes(event_pos[is_event], lambda p: event_text[p])
    rags, rag_reasons = _Texts(), _Texts()
    rag_codes = np.full(len(item), -1, "int64")
    rag_reason_codes = np.full(len(item), -1, "int64")
    rag_codes[is_override] = rags.codes(override_pos[is_override], lambda p: override_values[p][0])
    rag_reason_codes[is_override] = rag_reasons.codes(override_pos[is_override], lambda p: override_values[p][1])
    subjects = _Texts()
    subject_codes = subjects.codes(np.arange(n), lambda i: items.subject[i])

    # One reporter per item, one of its owners. Rows in meeting order: by review, then plan order.
    pick = np.floor(rng.random(n) * items.owner_count).astype("int64")
    reporter = items.owner_flat[items.owner_start + pick] if n else np.zeros(0, "int64")
    rows = np.flatnonzero(keep)
    rows = rows[np.lexsort((items.seq[item[rows]], items.parent[item[rows]], r[rows]))]
    it, seq = item[rows], items.seq[item[rows]]
    return pd.DataFrame({
        "row_no": np.arange(len(rows)),
        "ref": pd.Categorical.from_codes(items.parent[it], categories=pd.Index(items.ref, dtype=object)),
        "seq": pd.arrays.IntegerArray(seq.astype("int64"), seq < 0),
        "reported_on": d[rows].astype("datetime64[D]"),
        "status": pd.Categorical.from_codes(status[rows], categories=pd.Index(STATUS, dtype=object)),
        "percent_complete": percent[rows],
        "forecast_end": _as_dates(forecast[rows], ~ongoing[rows]),
        "actual_end": _as_dates(finish[rows], complete[rows]),
        "rag_override": rags.categorical(rag_codes[rows]),
        "rag_reason": rag_reasons.categorical(rag_reason_codes[rows]),
        "event": events.categorical(event_codes[rows]),
        "subject": subjects.categorical(subject_codes[it]),
        "phrase": phrases.categorical(phrase[rows]),
        "detail": details.categorical(detail[rows]),
        "recorded_by": pd.Categorical.from_codes(reporter[it], categories=pd.Index(items.owner_names, dtype=object)),
    })


def _phrases(items, st, item, r, d, status, ongoing, progress, rng):
    """Routine words for each row, said after the item's subject; events replace some of them.

    Returns codes into two lists of phrases: what is said, and a detail (the next milestone).
    """
    phrases, details = _Texts(), _Texts()
    phrase = np.full(len(item), -1, "int64")
    detail = np.full(len(item), -1, "int64")
    pick = rng.integers(0, 12, len(item))

    # Under way: actions with milestones say where they are; others how it is going.
    run = (status == IN_PROGRESS) & ~ongoing
    finish, start = st.finish[item], st.start[item]
    elapsed = (d - start) / np.maximum(finish - start, 1)
    band = np.where(elapsed < 0.35, 0, np.where(elapsed < 0.7, 1, 2))
    stage = (EARLY, MIDDLE, LATE)
    phrase[run] = phrases.codes(band[run] * 100 + pick[run] % 3, lambda k: stage[k // 100][k % 100])
    w = (status == IN_PROGRESS) & ongoing
    phrase[w] = phrases.codes(pick[w] % len(ONGOING), lambda k: ONGOING[k])

    with_ms = run & items.is_action[item] & (items.n_milestones[items.parent[item]] >= 2)
    if with_ms.any():
        done, following = progress
        a, ra = item[with_ms], r[with_ms]
        nxt = following[a, ra]
        total = items.n_milestones[a]
        key = (done[a, ra] * 100_000 + total) * 2 + (nxt >= 0)

        def say(k):
            finished, of = divmod(k // 2, 100_000)
            return f"{finished} of {of} milestones done; " + ("next: " if k % 2 else "closing the action.")

        phrase[with_ms] = phrases.codes(key, say)
        has_next = nxt >= 0
        codes = np.full(len(a), -1, "int64")
        codes[has_next] = details.codes(nxt[has_next], lambda m: f"{items.subject[m]}.")
        detail[with_ms] = codes

    w = status == ON_HOLD
    phrase[w] = phrases.code("still on hold.")
    w = status == NOT_STARTED
    due = w & (d < items.planned_start[item])
    phrase[due] = phrases.codes(items.planned_start[item[due]], lambda day: f"due to start {_label(day)}.")
    late = w & ~due
    phrase[late] = phrases.codes(item[late], lambda i: st.delay_note[i])

    # Finished: against the baseline in force, where the database has one to compare with.
    w = status == COMPLETE
    rebaselined = st.rebaselined_at[item] <= r
    baseline = np.where(rebaselined, st.rebaselined_to[item], items.planned_end[item])
    late_days = st.finish[item] - baseline
    weeks = np.maximum(np.round(late_days / 7).astype("int64"), 1)
    kind = np.where(~items.has_db_end[item], 0, np.where(late_days < -7, 1, np.where(late_days <= 7, 2, 3)))
    key = ((kind * 1000 + np.where(kind == 3, weeks, 0)) * 2 + rebaselined)[w]

    def finished(k):
        kind, weeks = divmod(k // 2, 1000)
        against = "the new end date" if k % 2 else "the planned end"
        return ("complete.", f"complete, ahead of {against}.", "complete, on time.",
                f"complete, {weeks} week{'s' if weeks > 1 else ''} after {against}.")[kind]

    phrase[w] = phrases.codes(key, finished)
    return phrase, detail, phrases, details


# ---------------------------------------------------------------------------------------------


def write_demo_history(con: duckdb.DuckDBPyConnection, plan_id: str, *, seed: int = 2016,
                       first_review: date | None = None, last_review: date | None = None) -> DemoSummary:
    """Write reviews, progress updates and re-baselines for one plan, all marked as demo.

    The caller owns the transaction (store.build runs this inside its own). Deterministic: the same
    plan and seed give the same rows. Review dates default to the plan's own (see _schedule).
    """
    actions, milestones, assignments, officers = _read_plan(con, plan_id)
    days = _schedule(plan_id, actions, milestones, first_review, last_review)
    if not days:
        return DemoSummary(0, 0, 0)
    reviews = np.array([_day(x) for x in days], dtype="int64")
    titles = [f"Review {i + 1}" for i in range(len(days))]
    rng = np.random.default_rng(seed)
    items = _items(actions, milestones, assignments, officers, int(reviews[0]), int(reviews[-1]))
    story = _story(items, reviews, titles, rng)
    updates = _updates(items, story, reviews, rng)

    approved = sorted(story.rebaselines, key=lambda x: (x[1], x[0]))  # by review, then plan order
    new_start = np.array([-1 if x[2] is None else x[2] for x in approved], dtype="int64")
    frames = {
        "demo_review": pd.DataFrame({
            "plan_id": plan_id,
            "review_date": reviews.astype("datetime64[D]"),
            "title": titles,
        }),
        "demo_update": updates.assign(plan_id=plan_id),
        "demo_rebaseline": pd.DataFrame({
            "row_no": np.arange(len(approved)),
            "plan_id": plan_id,
            "ref": np.array([items.ref[x[0]] for x in approved], dtype=object),
            "seq": pd.arrays.IntegerArray(np.zeros(len(approved), "int64"), np.ones(len(approved), bool)),
            "approved_on": reviews[[x[1] for x in approved]].astype("datetime64[D]"),
            "new_baseline_start": _as_dates(new_start, new_start >= 0),
            "new_baseline_end": np.array([x[3] for x in approved], dtype="int64").astype("datetime64[D]"),
            "reason": np.array([x[4] for x in approved], dtype=object),
            "approved_by": _approver(assignments, officers),
        }),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        con.execute(store_sql("insert_demo")).fetchall()  # finish it: the caller goes on using `con`
    finally:
        for name in frames:
            con.unregister(name)
    return DemoSummary(len(frames["demo_review"]), len(updates), len(approved))
