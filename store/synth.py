"""A synthetic plan N times the size of the built-in TBC plan, for benchmarks and scale tests.

`synthesize(path, scale=N)` writes ONE plan to a fresh database file: N copies of each TBC action
(same seven themes, same titles and texts, same milestones and the same kinds of owners), with the
dates of each copy moved by a few months at random so the load spreads like a real plan's, then the
illustrative progress history of store/demo/ over about thirty reviews. Nothing in it is a fact
about any council: the plan is titled "Synthetic plan ×N" and every progress row is marked demo. A copy:
- Refs: theme 1 has 7 actions in TBC, so at N=100 it has 1.1 … 1.700; copy c of 1.k is 1.(7c + k).
- Dates: all dates of one action copy move by the same whole number of months (-9 … +9), never
  outside TBC's span (Apr 2014 – Apr 2020), written back as plans write them ("Sep 17", "ongoing").
- Officers: about 5N people named from fixed lists of names (deterministic for the seed), plus a few
  teams. Each copy is run by 16 of them standing in for TBC's 16, so every copy's owners have TBC's
  shape. Generated with numpy from one seeded Generator and written in bulk through the same path as
  a real build (store.build.write_new_database), into a file that replaces `path` only when complete.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from store.build import SOURCE_DIR, write_new_database, write_plan
from store.source import prepare, read_source_folder

FIRST_REVIEW = date(2016, 9, 14)  # the built-in plan's first review: every copy is reviewed on its schedule
MAX_SHIFT_MONTHS = 9
OFFICERS_PER_COPY = 5  # about 500 officers at N=100
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

FIRST_NAMES = (
    "Aisha", "Alan", "Alison", "Amanda", "Amir", "Andrew", "Angela", "Anna", "Barbara", "Ben", "Bernard",
    "Carol", "Catherine", "Chloe", "Chris", "Claire", "Colin", "Daniel", "Darren", "Deborah", "Dev", "Diane",
    "Emma", "Fatima", "Fiona", "Gareth", "Gary", "Graham", "Hannah", "Harpreet", "Helen", "Ian", "Imran",
    "Jack", "James", "Jane", "Jason", "Jennifer", "Joanne", "Julie", "Karen", "Kate", "Kevin", "Laura",
    "Lee", "Lisa", "Mark", "Martin", "Michelle", "Mohammed", "Nadia", "Neil", "Nicola", "Owen", "Paul",
    "Priya", "Rachel", "Richard", "Sam", "Sarah", "Simon", "Sophie", "Stephen", "Tom",
)
SURNAMES = (
    "Adams", "Ahmed", "Allen", "Atkinson", "Bailey", "Baker", "Barnes", "Bell", "Bennett", "Birch", "Brown",
    "Butler", "Campbell", "Carter", "Chapman", "Clarke", "Collins", "Cook", "Cooper", "Cox", "Davies", "Dawson",
    "Dixon", "Edwards", "Ellis", "Evans", "Fisher", "Fletcher", "Foster", "Gibson", "Graham", "Gray", "Green",
    "Griffiths", "Hall", "Harris", "Harrison", "Hill", "Holmes", "Hughes", "Hunt", "Hussain", "Jackson",
    "James", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "King", "Knight", "Lawrence", "Lee",
    "Lewis", "Marshall", "Martin", "Mason", "Matthews", "Mills", "Mitchell", "Moore", "Morgan", "Morris",
    "Murphy", "Owen", "Palmer", "Parker", "Patel", "Pearson", "Phillips", "Powell", "Price", "Richards",
    "Roberts", "Robinson", "Rogers", "Russell", "Shaw", "Singh", "Smith", "Stevens", "Taylor", "Thomas",
    "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright",
    "Young", "Yusuf",
)
ROLES = (
    "Housing Options Officers", "Tenancy Sustainment Officers", "Tenancy Sustainment Assistants",
    "Landlord Services Managers", "Income Recovery Officers", "Rent Accounting Team",
    "Customer Services Advisers", "Welfare Benefits Advisers",
)


@dataclass(frozen=True)
class SynthResult:
    path: Path
    plan_id: str
    title: str
    scale: int
    seed: int
    actions: int
    milestones: int
    officers: int
    reviews: int
    updates: int
    rebaselines: int
    seconds: float


def plan_id_for(scale: int) -> str:
    return f"synthetic-x{scale}"


def title_for(scale: int) -> str:
    return f"Synthetic plan ×{scale}"


# ---------------------------------------------------------------------------------------------
# Dates as months since Jan 1970 (numpy datetime64[M] as int), so a shift is one addition.


def _months(column: pd.Series) -> np.ndarray:
    """Months as float, NaN where there is no date."""
    values = pd.to_datetime(column).to_numpy(dtype="datetime64[M]")
    out = values.astype("int64").astype(float)
    out[np.isnat(values)] = np.nan
    return out


def _first_day(months: np.ndarray) -> np.ndarray:
    present = ~np.isnan(months)
    days = np.where(present, months, 0).astype("int64").astype("datetime64[M]").astype("datetime64[D]")
    return np.where(present, days, np.datetime64("NaT")).astype("datetime64[s]")


def _last_day(months: np.ndarray) -> np.ndarray:
    present = ~np.isnan(months)
    days = (np.where(present, months, 0).astype("int64") + 1).astype("datetime64[M]").astype("datetime64[D]") - 1
    return np.where(present, days, np.datetime64("NaT")).astype("datetime64[s]")


def _month_text(months: np.ndarray, prefix: str = "", four_digit: bool = False) -> np.ndarray:
    """'Sep 17' (or 'Feb 2016') for each month; '' where there is none (each distinct month formatted once)."""
    out = np.full(len(months), "", dtype=object)
    present = ~np.isnan(months)
    if present.any():
        distinct, inverse = np.unique(months[present].astype("int64"), return_inverse=True)
        year = (lambda m: str(1970 + m // 12)) if four_digit else (lambda m: f"{(1970 + m // 12) % 100:02d}")
        texts = np.array([f"{prefix}{MONTH_NAMES[m % 12]} {year(m)}" for m in distinct.tolist()], dtype=object)
        out[present] = texts[inverse]
    return out


# ---------------------------------------------------------------------------------------------


def _template() -> dict[str, pd.DataFrame]:
    """The built-in plan, read and checked exactly as a build reads it."""
    return prepare(read_source_folder(SOURCE_DIR))


def _officers(scale: int, rng: np.random.Generator) -> tuple[pd.DataFrame, int, int]:
    """People (a fixed name list, picked by the seed) then roles; returns (officers, n_people, n_roles)."""
    n_roles = min(len(ROLES), 4 + scale // 10)
    n_people = max(16, OFFICERS_PER_COPY * scale - n_roles)
    if n_people > len(FIRST_NAMES) * len(SURNAMES):
        raise ValueError(f"scale {scale} needs more distinct names than the name lists give")
    picked = rng.permutation(len(FIRST_NAMES) * len(SURNAMES))[:n_people]
    first = np.array(FIRST_NAMES, dtype=object)[picked // len(SURNAMES)]
    last = np.array(SURNAMES, dtype=object)[picked % len(SURNAMES)]
    names = pd.Series(first + " " + last, dtype=object)
    roles = pd.Series(ROLES[:n_roles], dtype=object)
    officers = pd.DataFrame({
        "name": pd.concat([names, roles], ignore_index=True),
        "kind": ["person"] * n_people + ["role"] * n_roles,
    })
    officers["officer_id"] = officers["name"].str.lower().str.replace(" ", "-", regex=False)
    return officers[["officer_id", "name", "kind"]], n_people, n_roles


def synthesize(path, *, scale: int, seed: int = 7) -> SynthResult:
    """Write a plan `scale` times the size of the TBC plan to a fresh database at `path` (replaced)."""
    from store.demo import write_demo_history  # late import, as in store.build

    if scale < 1:
        raise ValueError("scale must be 1 or more")
    began = time.perf_counter()
    path = Path(path)
    prepared = make_plan(scale, seed)
    plan_id = prepared["plan"]["plan_id"].iat[0]

    def fill(con):
        write_plan(con, prepared)
        return write_demo_history(con, plan_id, seed=seed, first_review=FIRST_REVIEW)

    demo = write_new_database(path, fill)
    return SynthResult(
        path=path, plan_id=plan_id, title=prepared["plan"]["title"].iat[0], scale=scale, seed=seed,
        actions=len(prepared["action"]), milestones=len(prepared["milestone"]),
        officers=len(prepared["officer"]), reviews=demo.reviews,
        updates=demo.updates + int(prepared["action"]["is_done_in_source"].sum()),  # + what the source states done
        rebaselines=demo.rebaselines, seconds=time.perf_counter() - began,
    )


def make_plan(scale: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """The synthetic plan's tables, shaped like store.source.prepare's output (see store.build.write_plan)."""
    rng = np.random.default_rng(seed)
    tpl = _template()
    plan_id = plan_id_for(scale)
    t_actions = tpl["action"].sort_values("position", kind="stable").reset_index(drop=True)
    t_ms, t_asg = tpl["milestone"], tpl["assignment"]
    n_tpl = len(t_actions)

    # --- actions: copy c of the k-th action of a theme (of n in it) is number c*n + k --------------
    themes = tpl["theme"].sort_values("position")
    theme_pos = dict(zip(themes["code"], themes["position"]))
    t_actions["k"] = t_actions.groupby("theme_code").cumcount() + 1
    per_theme = t_actions.groupby("theme_code")["ref"].transform("size").to_numpy()
    copy = np.repeat(np.arange(scale), n_tpl)  # copy-major; reordered by position below
    tpl_row = np.tile(np.arange(n_tpl), scale)
    number = copy * per_theme[tpl_row] + t_actions["k"].to_numpy()[tpl_row]
    theme_code = t_actions["theme_code"].to_numpy()[tpl_row]
    ref = pd.Series(theme_code, dtype=object) + "." + pd.Series(number).astype(str)

    # --- dates: one shift in months per action copy, within TBC's own span ------------------------
    a_start, a_end = _months(t_actions["baseline_start"]), _months(t_actions["baseline_end"])
    ms_parent = t_ms["ref"].map(dict(zip(t_actions["ref"], range(n_tpl)))).to_numpy()
    m_start, m_end = _months(t_ms["baseline_start"]), _months(t_ms["baseline_end"])
    every = np.concatenate([a_start, a_end, m_start, m_end])
    lo_all, hi_all = np.nanmin(every), np.nanmax(every)
    lo = np.fmin(a_start, a_end)
    hi = np.fmax(a_start, a_end)
    np.fmin.at(lo, ms_parent, np.fmin(m_start, m_end))
    np.fmax.at(hi, ms_parent, np.fmax(m_start, m_end))
    shift_lo = np.minimum(np.maximum(lo_all - lo, -MAX_SHIFT_MONTHS), 0)  # an undated action does not move
    shift_hi = np.maximum(np.minimum(hi_all - hi, MAX_SHIFT_MONTHS), 0)
    shift_lo, shift_hi = np.nan_to_num(shift_lo), np.nan_to_num(shift_hi)
    u = rng.random(len(tpl_row))
    shift = np.floor(shift_lo[tpl_row] + u * (shift_hi[tpl_row] - shift_lo[tpl_row] + 1)).astype("int64")

    start_m, end_m = a_start[tpl_row] + shift, a_end[tpl_row] + shift
    ongoing = t_actions["is_ongoing"].to_numpy()[tpl_row]
    done = t_actions["is_done_in_source"].to_numpy()[tpl_row]
    end_text = np.where(done, _month_text(end_m, "Obtained ", four_digit=True), _month_text(end_m))
    end_text = np.where(ongoing, "ongoing", end_text)
    actions = pd.DataFrame({
        "plan_id": plan_id,
        "ref": ref,
        "theme_code": theme_code,
        "position": 0,
        "action_text": t_actions["action_text"].to_numpy()[tpl_row],
        "outcome_text": t_actions["outcome_text"].to_numpy()[tpl_row],
        "start_text": _month_text(start_m),
        "end_text": end_text,
        "baseline_start": _first_day(start_m),
        "baseline_end": _last_day(end_m),
        "is_ongoing": ongoing,
        "is_done_in_source": done,
        "transcription_note": None,
    })
    order = np.lexsort((number, np.array([theme_pos[c] for c in theme_code.tolist()])))
    actions.loc[order, "position"] = np.arange(1, len(actions) + 1)

    # --- milestones: the template's, per action copy, dates moved with their action ----------------
    per_copy_ms = np.argsort(ms_parent, kind="stable")  # template milestones by action, in plan order
    m_tpl = np.tile(per_copy_ms, scale)
    m_copy = np.repeat(np.arange(scale), len(per_copy_ms))
    m_action = m_copy * n_tpl + ms_parent[m_tpl]  # row of its action in `actions`
    m_shift = shift[m_action]
    ms_start_m, ms_end_m = m_start[m_tpl] + m_shift, m_end[m_tpl] + m_shift
    m_ongoing = t_ms["is_ongoing"].to_numpy()[m_tpl]
    milestones = pd.DataFrame({
        "plan_id": plan_id,
        "ref": ref.to_numpy()[m_action],
        "seq": t_ms["seq"].to_numpy()[m_tpl],
        "title": t_ms["title"].to_numpy()[m_tpl],
        "start_text": _month_text(ms_start_m),
        "end_text": np.where(m_ongoing, "ongoing", _month_text(ms_end_m)),
        "baseline_start": _first_day(ms_start_m),
        "baseline_end": _last_day(ms_end_m),
        "is_ongoing": m_ongoing,
        "transcription_note": None,
    })
    milestones["_position"] = actions["position"].to_numpy()[m_action]
    milestones = milestones.sort_values(["_position", "seq"], kind="stable").drop(columns="_position")

    # --- officers and owners: each copy's 16 people are a team drawn from everyone -----------------
    officers, n_people, n_roles = _officers(scale, rng)
    t_off = tpl["officer"].reset_index(drop=True)
    t_people = t_off.index[t_off["kind"] == "person"].to_numpy()
    t_roles = t_off.index[t_off["kind"] == "role"].to_numpy()
    slot = np.full(len(t_off), -1)
    slot[t_people] = np.arange(len(t_people))
    slot[t_roles] = np.arange(len(t_roles))
    team_size = len(t_people)
    spread = rng.permutation(n_people)
    seats = rng.permuted(np.tile(np.arange(team_size), (scale, 1)), axis=1)  # who plays whom, per copy
    team = spread[(np.arange(scale)[:, None] * team_size + seats) % n_people]  # (scale, team_size)
    role_of = (np.arange(scale)[:, None] + np.arange(len(t_roles))[None, :]) % n_roles + n_people

    officer_row = dict(zip(t_off["officer_id"], range(len(t_off))))
    a_row = t_asg["ref"].map(dict(zip(t_actions["ref"], range(n_tpl)))).to_numpy()
    o_row = t_asg["officer_id"].map(officer_row).to_numpy()
    is_role = (t_off["kind"].to_numpy() == "role")[o_row]
    g_copy = np.repeat(np.arange(scale), len(t_asg))  # one row per copy and template assignment
    g_a = np.tile(a_row, scale)
    g_slot, g_role = np.tile(slot[o_row], scale), np.tile(is_role, scale)
    who = np.empty(len(g_copy), dtype="int64")  # row in `officers`
    who[g_role] = role_of[g_copy[g_role], g_slot[g_role]]
    who[~g_role] = team[g_copy[~g_role], g_slot[~g_role]]
    seq = t_asg["seq"].to_numpy(dtype="float64", na_value=np.nan)
    assignments = pd.DataFrame({
        "plan_id": plan_id,
        "ref": ref.to_numpy()[g_copy * n_tpl + g_a],
        "seq": pd.array(np.tile(seq, scale), dtype="Int64"),
        "officer_id": officers["officer_id"].to_numpy()[who],
        "as_written": officers["name"].to_numpy()[who],
    }).drop_duplicates(subset=["plan_id", "ref", "seq", "officer_id"])

    return {
        "plan": pd.DataFrame({
            "plan_id": [plan_id], "title": [title_for(scale)], "organisation": ["Synthetic council"],
            "source": [f"store.synth: {scale} copies of the built-in TBC plan, dates moved at random (seed {seed})"],
        }),
        "theme": themes.assign(plan_id=plan_id)[["plan_id", "code", "title", "position"]].reset_index(drop=True),
        "action": actions.sort_values("position").reset_index(drop=True),
        "milestone": milestones,
        "officer": officers,
        "officer_alias": pd.DataFrame({"alias": officers["name"], "officer_id": officers["officer_id"]}),
        "assignment": assignments.reset_index(drop=True),
    }
