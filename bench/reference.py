"""The headline figures computed again in plain pandas, straight from the raw tables (no SQL).

A second, independent implementation of the definitions in DESIGN.md ("Definitions") and
store/sql/macros.sql, written from the definitions rather than translated from the SQL, so that
tests/test_differential.py can hold the two against each other, and bench/run.py can time them.

- `slippage(t, as_of)`: per action, as of a date: status, forecast and actual end from the latest
  counted update on or before the date, the current baseline (latest re-baseline approved on or
  before it), the effective finish and slippage in days (as queries/action_status.sql).
- `theme_completion(t, as_of)`: per theme, then all themes: totals, complete, on time, by status and RAG
  (after the milestone roll-up), median slippage of actions, worst of any item (theme_completion.sql).
- `owner_load(t, as_of, window_start, window_end, threshold)`: per officer and month, open actions
  and milestones whose window overlaps the month, weighted by 1/owners, milestones due, red items,
  overloaded (queries/owner_load.sql, same window rules).

`read_tables(con, plan_id)` reads the raw tables once with DuckDB's relational API; every function above
then works on those DataFrames only. The derived `item` table is deliberately NOT used: the windows
of milestones without their own dates and the owners of each item are derived here again from
action, milestone and assignment, so refresh_items.sql is checked too. No filters: as the dashboard unfiltered.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

RED_AFTER_DAYS = 30
NO_SEQ = -1  # an action's own rows carry seq NULL; here -1, so (ref, seq) is a plain join key
PLAN_TABLES = ("theme", "action", "milestone", "assignment", "progress_update", "rebaseline")


def read_tables(con: duckdb.DuckDBPyConnection, plan_id: str) -> dict[str, pd.DataFrame]:
    """The raw tables of one plan (officers and retractions are shared: read whole)."""
    con = con.cursor()  # its own cursor: the caller's connection may hold an unfinished result
    of_plan = duckdb.ColumnExpression("plan_id") == duckdb.ConstantExpression(plan_id)
    out = {name: con.table(name).filter(of_plan).df() for name in PLAN_TABLES}
    out["officer"] = con.table("officer").df()
    out["progress_retraction"] = con.table("progress_retraction").df()
    con.close()
    return out


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column).astype("datetime64[s]")


def _seq(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column).fillna(NO_SEQ).astype("int64")


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """later - earlier in whole days; <NA> where either is missing."""
    return ((later - earlier) / pd.Timedelta(days=1)).round().astype("Int64")


# ---------------------------------------------------------------------------------------------
# Items: every action and milestone, with its original window and owners (as the `item` table).


def items(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per action (seq -1) and milestone: theme, position, original window, ongoing, owner count."""
    return items_and_owners(t)[0]


def items_and_owners(t: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The items (see `items`) and their owners (see `item_owners`)."""
    a = t["action"]
    actions = pd.DataFrame({
        "ref": a["ref"], "seq": NO_SEQ, "item_kind": "action", "theme_code": a["theme_code"],
        "position": a["position"], "original_start": _dates(a["baseline_start"]),
        "original_end": _dates(a["baseline_end"]), "is_ongoing": a["is_ongoing"].astype(bool),
    })
    m = t["milestone"].merge(actions.drop(columns=["seq", "item_kind"]), on="ref", how="inner",
                             suffixes=("", "_action"))
    own_end = _dates(m["baseline_end"])
    takes_action_end = own_end.isna() & ~m["is_ongoing"].astype(bool)  # no own end: the action's window
    milestones = pd.DataFrame({
        "ref": m["ref"], "seq": m["seq"].astype("int64"), "item_kind": "milestone",
        "theme_code": m["theme_code"], "position": m["position"],
        "original_start": _dates(m["baseline_start"]).fillna(m["original_start"]),
        "original_end": own_end.where(~takes_action_end, m["original_end"]),
        "is_ongoing": m["is_ongoing"].astype(bool).where(~takes_action_end, m["is_ongoing_action"]),
    })
    out = pd.concat([actions, milestones], ignore_index=True)
    owners = item_owners(t, out)
    count = owners.groupby(["ref", "seq"]).size().rename("owner_count")
    out = out.merge(count, left_on=["ref", "seq"], right_index=True, how="left")
    out["owner_count"] = out["owner_count"].fillna(0).astype("int64")
    return out, owners


def item_owners(t: dict[str, pd.DataFrame], all_items: pd.DataFrame) -> pd.DataFrame:
    """(ref, seq, officer_id) per owner of each item. An action is owned by everyone assigned to it or
    to any of its milestones; a milestone by its own owners, else the whole action's, else all of them."""
    s = t["assignment"].assign(seq=lambda f: _seq(f["seq"]))
    s = s[s["officer_id"].isin(t["officer"]["officer_id"])]
    every = s[["ref", "officer_id"]].drop_duplicates()
    whole = s.loc[s["seq"] == NO_SEQ, ["ref", "officer_id"]].drop_duplicates()
    own = s.loc[s["seq"] != NO_SEQ, ["ref", "seq", "officer_id"]].drop_duplicates()

    action_owners = every.assign(seq=NO_SEQ)
    ms = all_items.loc[all_items["item_kind"] == "milestone", ["ref", "seq"]]
    has_own = ms.merge(own[["ref", "seq"]].drop_duplicates(), how="left", indicator=True)["_merge"].eq("both").to_numpy()
    has_whole = ms["ref"].isin(whole["ref"]).to_numpy()
    by_own = ms[has_own].merge(own, on=["ref", "seq"])
    by_whole = ms[~has_own & has_whole].merge(whole, on="ref")
    by_every = ms[~has_own & ~has_whole].merge(every, on="ref")
    return pd.concat([action_owners, by_own, by_whole, by_every], ignore_index=True)[["ref", "seq", "officer_id"]]


# ---------------------------------------------------------------------------------------------
# State as of a date


def _latest(frame: pd.DataFrame, day_column: str, id_column: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per (ref, seq): the row with the latest `day_column` on or before as_of (ties: highest id)."""
    frame = frame.assign(seq=_seq(frame["seq"]), **{day_column: _dates(frame[day_column])})
    frame = frame[frame[day_column] <= as_of]
    frame = frame.sort_values([day_column, id_column], kind="stable")
    return frame.drop_duplicates(["ref", "seq"], keep="last")


def item_state(t: dict[str, pd.DataFrame], as_of, red_after_days: int = RED_AFTER_DAYS,
               all_items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every item as of the date: status, current baseline, effective finish, slippage, RAG."""
    as_of = _ts(as_of)
    base = items(t) if all_items is None else all_items
    updates = t["progress_update"]
    updates = updates[~updates["update_id"].isin(t["progress_retraction"]["update_id"])]
    latest = _latest(updates, "reported_on", "update_id", as_of)[
        ["ref", "seq", "reported_on", "status", "forecast_end", "actual_end", "rag_override"]]
    rebased = _latest(t["rebaseline"], "approved_on", "rebaseline_id", as_of)[
        ["ref", "seq", "new_baseline_start", "new_baseline_end"]]
    s = base.merge(rebased, on=["ref", "seq"], how="left").merge(latest, on=["ref", "seq"], how="left")

    new_end = _dates(s["new_baseline_end"])
    s["baseline_start"] = _dates(s["new_baseline_start"]).fillna(s["original_start"])
    s["baseline_end"] = new_end.fillna(s["original_end"])
    open_ended = s["is_ongoing"] & new_end.isna()  # a re-baseline of an ongoing item gives it an end
    s["status"] = s["status"].astype(object).fillna("not_started")
    s["forecast_end"] = _dates(s["forecast_end"])
    complete = s["status"] == "complete"
    s["actual_end"] = _dates(s["actual_end"]).where(complete)
    s["last_update_on"] = s["reported_on"]

    # Effective finish: the actual end when complete; none when cancelled, open-ended or with no
    # baseline end; otherwise the later of the forecast (else the baseline end) and the as-of date.
    expected = s["forecast_end"].fillna(s["baseline_end"])
    open_finish = expected.where(expected >= as_of, as_of)
    no_finish = (s["status"] == "cancelled") | open_ended | s["baseline_end"].isna()
    s["effective_finish"] = s["actual_end"].where(complete, open_finish.where(~no_finish))
    s["slippage_days"] = _days(s["effective_finish"], s["baseline_end"]).where(~open_ended)
    s["is_open"] = ~s["status"].isin(["complete", "cancelled"])
    s["is_complete_on_time"] = complete & (s["actual_end"] <= s["baseline_end"]).fillna(False)

    slip = s["slippage_days"].astype("float64")
    should_have_started = s["is_open"] & (s["status"] == "not_started") & (s["baseline_start"] <= as_of)
    computed = np.select(
        [complete, s["status"] == "cancelled",
         (s["status"] == "not_started") & (s["baseline_start"] > as_of),
         slip > red_after_days, slip >= 1, should_have_started],
        ["blue", "grey", "grey", "red", "amber", "amber"], "green")
    s["computed_rag"] = computed
    s["rag"] = s["rag_override"].astype(object).where(s["rag_override"].notna(), s["computed_rag"])
    s["rag"] = _rolled_up(s)
    return s.sort_values(["position", "seq"], kind="stable").reset_index(drop=True)


_SEVERITY = {"red": 4, "amber": 3, "green": 2, "grey": 1, "blue": 0}


def _rolled_up(s: pd.DataFrame) -> pd.Series:
    """Roll-up: an open action takes the rating of its worst open red or amber milestone when that is worse."""
    milestones = s[(s["item_kind"] == "milestone") & s["is_open"] & s["rag"].isin(["red", "amber"])]
    worst = milestones.assign(severity=milestones["rag"].map(_SEVERITY)).groupby("ref")["severity"].max()
    by_severity = {v: k for k, v in _SEVERITY.items()}
    action_worst = s["ref"].map(worst).where((s["item_kind"] == "action") & s["is_open"])
    worse = action_worst > s["rag"].map(_SEVERITY)
    return s["rag"].where(~worse, action_worst.map(by_severity))


# ---------------------------------------------------------------------------------------------
# (a) slippage, (b) theme completion, (c) owner load


def slippage(t: dict[str, pd.DataFrame], as_of, red_after_days: int = RED_AFTER_DAYS) -> pd.DataFrame:
    """One row per action in plan order (queries/action_status.sql)."""
    s = item_state(t, as_of, red_after_days)
    s = s[s["item_kind"] == "action"]
    return s[["ref", "theme_code", "status", "baseline_start", "baseline_end", "original_end", "forecast_end",
              "actual_end", "effective_finish", "slippage_days", "rag", "is_ongoing"]].reset_index(drop=True)


def theme_completion(t: dict[str, pd.DataFrame], as_of, red_after_days: int = RED_AFTER_DAYS) -> pd.DataFrame:
    """One row per theme holding any item, in theme order, then all themes (theme_code None)."""
    s = item_state(t, as_of, red_after_days)
    themes = t["theme"][["code", "title", "position"]].rename(
        columns={"code": "theme_code", "title": "theme_title", "position": "theme_position"})
    s = s.merge(themes, on="theme_code", how="inner")
    action, milestone = s["item_kind"] == "action", s["item_kind"] == "milestone"
    flags = pd.DataFrame({
        "actions_total": action,
        "actions_complete": action & (s["status"] == "complete"),
        "actions_complete_on_time": action & s["is_complete_on_time"],
        "actions_in_progress": action & (s["status"] == "in_progress"),
        "actions_not_started": action & (s["status"] == "not_started"),
        "actions_on_hold_or_cancelled": action & s["status"].isin(["on_hold", "cancelled"]),
        "milestones_total": milestone,
        "milestones_complete": milestone & (s["status"] == "complete"),
        "milestones_complete_on_time": milestone & s["is_complete_on_time"],
        **{f"actions_{rag}": action & (s["rag"] == rag) for rag in ("red", "amber", "green", "blue", "grey")},
    }).astype("int64")
    slip = s["slippage_days"].astype("float64")

    def summarise(group_flags: pd.DataFrame, group_slip: pd.Series) -> dict:
        # the median of actions; the worst of any action or milestone
        return {**group_flags.sum().to_dict(), "median_slippage_days": group_slip.where(action).median(),
                "worst_slippage_days": group_slip.max()}

    rows = []
    for (code, title, _), index in s.groupby(["theme_code", "theme_title", "theme_position"], sort=False).groups.items():
        rows.append({"theme_code": code, "theme_title": title, "theme_position": _,
                     **summarise(flags.loc[index], slip.loc[index])})
    rows.sort(key=lambda r: r["theme_position"])
    if len(s):
        rows.append({"theme_code": None, "theme_title": "All themes", "theme_position": None, **summarise(flags, slip)})
    out = pd.DataFrame(rows).drop(columns="theme_position")
    out["percent_actions_complete"] = (100.0 * out["actions_complete"] / out["actions_total"].replace(0, np.nan)).round(1)
    return out


def owner_load(t: dict[str, pd.DataFrame], as_of, window_start, window_end, overload_threshold: float,
               red_after_days: int = RED_AFTER_DAYS) -> pd.DataFrame:
    """One row per officer owning any item, and per month of the window (zeros included).

    An item's window runs from its baseline start (the first of its end month, or of the as-of
    month, when it has none) to its actual end when complete, its last update when cancelled, the
    window's end when it has no finish (ongoing), else its effective finish; it counts in every
    month it overlaps.
    """
    as_of, window_start, window_end = _ts(as_of), _ts(window_start), _ts(window_end)
    all_items, owners = items_and_owners(t)
    s = item_state(t, as_of, red_after_days, all_items=all_items)
    first_of_month = s["baseline_end"].fillna(as_of).dt.to_period("M").dt.start_time.astype("datetime64[s]")
    s["span_start"] = s["baseline_start"].fillna(first_of_month)
    s["span_end"] = np.where(
        s["status"] == "complete", s["actual_end"],
        np.where(s["status"] == "cancelled", s["last_update_on"],
                 s["effective_finish"].fillna(window_end)))
    s["span_end"] = _dates(s["span_end"])
    s["due_on"] = s["actual_end"].fillna(s["forecast_end"]).fillna(s["baseline_end"])
    owned = s.merge(owners, on=["ref", "seq"], how="inner")

    months = pd.date_range(window_start.to_period("M").start_time, window_end.to_period("M").start_time, freq="MS")
    first = window_start.year * 12 + window_start.month - 1

    def month_no(days: pd.Series) -> np.ndarray:
        """Months since the window's first month."""
        return (days.dt.year * 12 + days.dt.month - 1).to_numpy(dtype="int64") - first

    # An item overlaps month m when it starts on or before the month's end and ends on or after
    # its first day: month(start) <= m <= month(end). One row per (owner, item, month overlapped).
    lo = np.maximum(month_no(owned["span_start"]), 0)
    hi = np.minimum(month_no(owned["span_end"]), len(months) - 1)
    n = np.maximum(hi - lo + 1, 0)
    rows = np.repeat(np.arange(len(owned)), n)
    month = lo[rows] + (np.arange(len(rows)) - np.repeat(np.cumsum(n) - n, n))
    is_action = (owned["item_kind"] == "action").to_numpy()[rows]
    spread = pd.DataFrame({
        "officer_id": owned["officer_id"].to_numpy()[rows],
        "month": month,
        "open_actions": is_action.astype("int64"),
        "open_actions_weighted": np.where(is_action, 1.0 / owned["owner_count"].to_numpy()[rows], 0.0),
        "open_milestones": (~is_action).astype("int64"),
        "red_items": (owned["rag"] == "red").to_numpy()[rows].astype("int64"),
    })
    load = spread.groupby(["officer_id", "month"]).sum()

    due = owned[(owned["item_kind"] == "milestone") & owned["due_on"].between(window_start, window_end)]
    due = due.assign(month=month_no(due["due_on"])).groupby(["officer_id", "month"]).size().rename("milestones_due")

    officers = t["officer"].set_index("officer_id").loc[owned["officer_id"].unique()]
    grid = pd.MultiIndex.from_product([officers.index, np.arange(len(months))], names=["officer_id", "month"])
    out = load.reindex(grid, fill_value=0).join(due).reset_index()
    out["milestones_due"] = out["milestones_due"].fillna(0).astype("int64")
    out["open_actions_weighted"] = out["open_actions_weighted"].round(2)
    out["is_overloaded"] = out["open_actions_weighted"] > overload_threshold  # as shown, to two places
    out["month_start"] = months[out["month"].to_numpy()]
    out["officer_name"] = officers["name"].reindex(out["officer_id"]).to_numpy()
    out["officer_kind"] = officers["kind"].reindex(out["officer_id"]).to_numpy()
    out = out.sort_values(["officer_name", "month_start"], kind="stable").reset_index(drop=True)
    return out[["officer_id", "officer_name", "officer_kind", "month_start", "open_actions", "open_actions_weighted",
                "open_milestones", "milestones_due", "red_items", "is_overloaded"]]
