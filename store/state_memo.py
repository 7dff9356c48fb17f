"""The app's memo: every item's state (item_states) and forecast (item_forecast), and how the sample's past
forecasts fared (forecast_pool, which gives every forecast its 80% range), at the dates the app's queries
ask for, computed once per data version and read by every query after (store/sql/state_memo.sql says how
they read it).

Each query used to compute the states it needed from the history, and DuckDB planned the one definition's
macro afresh each time: 10-20 ms of planning on the built-in plan's 37 actions, 0.3-0.5 s of work at
scale 1000 (the forecasts 0.45 s more), for every query, and nine times in the Review page's first run.
Now a query reads the memo's rows; when it asks for a plan, threshold or date the memo does not hold at
the current data version, the memo's macro raises "state_memo wants {...}" instead, and `read_through`
fills the memo with exactly that and runs the query again. The memo holds a few slices (memo, plan,
threshold, date) at one data version and starts afresh rather than grow, so its memory stays that of a
few dates' states."""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import duckdb

from store.db import store_sql
from store.storage import quote_identifier

MEMO = "state_memo"
WANTS = "state_memo wants "  # the memo's macros name what they do not hold after these words
SIZED = ("item_states", "item_forecast")  # the memos holding a row per item at each date: their slices count
MEMOS = (*SIZED, "forecast_pool")  # the macros the memo holds rows of; forecast_pool's: two a date
MOST_SLICES = 6  # a page run needs one to three sized slices (memo, plan, threshold, date); beyond six, start afresh
# the memo's rows for each macro that reads other memos: held first (item_forecast starts from the memo's
# item_state, and its 80% ranges come from the memo's forecast_pool)
HELD_FIRST = {"item_forecast": ("item_states", "forecast_pool")}
POOL_RED_AFTER_DAYS = 0  # forecast_pool does not depend on the red threshold: held under this one
MOST_FILLS = 3  # fills for one query before it is computed from the file instead (two sessions taking turns)
_LOCK = threading.Lock()  # one fill at a time: two sessions' fills would otherwise interleave

Result = TypeVar("Result")


def attach(con: duckdb.DuckDBPyConnection) -> None:
    """Attach the (empty) in-memory memo to the app's connection and define its item_states."""
    plan_db = quote_identifier(con.execute("select current_database()").fetchone()[0])
    # The guards must run. With a memo holding no rows yet, DuckDB proves a join with them empty and its
    # empty_result_pullup dropped the guard with them: a query read an empty memo as "no rows" instead of
    # filling it (tests/test_state_memo_forecasts.py has the shapes). A setting of the file's DuckDB instance; the
    # pass only shortens plans that return nothing.
    con.execute("set disabled_optimizers = 'empty_result_pullup'")
    con.execute(f"attach if not exists ':memory:' as {MEMO}")
    for statement in store_sql("state_memo").replace("{plan_db}", plan_db).split(";\n"):
        if statement.strip():
            con.execute(statement)


def read_memo_first(cursor: duckdb.DuckDBPyConnection) -> str:
    """Put the memo first on a fresh cursor's search path: its item_states (and so every macro built on
    item_states) reads the memo's rows. Returns the plan file's catalog, quoted."""
    plan_db = _plan_catalog(cursor)
    # a setting cannot be bound; quote_identifier has refused any name but letters, digits, '-' and '_'
    cursor.execute(f"set search_path = '{MEMO}.main,{plan_db}.main'")
    return plan_db


def _plan_catalog(cursor: duckdb.DuckDBPyConnection) -> str:
    """The plan file's catalog, quoted, on a cursor whose search path is still the file's own."""
    catalog = cursor.execute("select current_database()").fetchone()[0]
    if catalog == MEMO:  # the path is set already, and current_database() now names the memo
        raise RuntimeError("The memo is already first on this cursor's search path")
    return quote_identifier(catalog)


def read_through(con: duckdb.DuckDBPyConnection, run: Callable[[duckdb.DuckDBPyConnection], Result]) -> Result:
    """`run(cursor)` on a cursor that reads the memo first, filling the memo with whatever it wants first.
    Should other sessions' fills keep pushing out what this one wants, the file computes it instead."""
    for _ in range(MOST_FILLS):
        cursor = _take_cursor(con)
        try:
            result = run(cursor)
        except duckdb.InvalidInputException as exc:
            cursor.close()
            wanted = _wanted(exc)
            if wanted is None:
                raise
            remember(con, wanted["plan_id"], [date.fromisoformat(d) for d in wanted["dates"]],
                     wanted["red_after_days"], memo=wanted["memo"])
            continue
        except BaseException:
            cursor.close()
            raise
        _give_back(con, cursor)
        return result
    cursor = con.cursor()
    try:
        return run(cursor)
    finally:
        cursor.close()


# A cursor that reads the memo first is kept for the next query rather than closed: a new one, its search
# path set, cost 0.5-1.2 ms of a query that takes 2-10 ms on the built-in plan. A cursor serves one query at
# a time (it is taken out while in use); one whose query failed is closed, not kept.
_IDLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> its cursors not in use
_IDLE_LOCK = threading.Lock()
MOST_IDLE = 4  # a server's sessions rarely run more queries at once than it has cores


def _take_cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    with _IDLE_LOCK:
        idle = _IDLE.get(con)
        if idle:
            return idle.pop()
    cursor = con.cursor()
    read_memo_first(cursor)
    return cursor


def _give_back(con: duckdb.DuckDBPyConnection, cursor: duckdb.DuckDBPyConnection) -> None:
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(con, [])
        if len(idle) < MOST_IDLE:
            idle.append(cursor)
            return
    cursor.close()


def _wanted(exc: duckdb.Error) -> dict | None:
    """What the memo's macros said they do not hold, or None for any other error."""
    message = str(exc)
    if WANTS not in message:
        return None
    try:
        wanted = json.loads(message.split(WANTS, 1)[1].strip())
    except ValueError:
        return None  # not the memo's own words: the error stands as it is
    return wanted if isinstance(wanted, dict) and set(wanted) == {"memo", "plan_id", "red_after_days", "dates"} else None


def remember(con: duckdb.DuckDBPyConnection, plan_id: str, dates: list[date], red_after_days: int,
             memo: str = "item_states") -> None:
    """Make the memo hold the plan's states (or forecasts) at `dates` at the current data version, computed
    by the file's own macros (the one definition)."""
    if memo not in MEMOS:
        raise ValueError(f"The memo holds {MEMOS}, not {memo!r}")
    wanted, red_after_days = sorted(set(dates)), _held_under(memo, red_after_days)
    cursor = con.cursor()
    try:
        if not _missing(cursor, memo, plan_id, wanted, red_after_days)[0]:
            return  # held: no need to wait while another session's fill (of something else) runs
        with _LOCK:
            _hold(cursor, memo, plan_id, wanted, red_after_days)
    finally:
        cursor.close()


def _held_under(memo: str, red_after_days: int) -> int:
    """The red threshold `memo`'s rows are held under: forecast_pool's do not depend on it."""
    return POOL_RED_AFTER_DAYS if memo == "forecast_pool" else red_after_days


def _missing(cursor: duckdb.DuckDBPyConnection, memo: str, plan_id: str, wanted: list[date],
             red_after_days: int) -> tuple[list[date], int, bool]:
    """The dates of `wanted` not held, how many slices are held, and whether any is stale."""
    cursor.execute(store_sql("state_memo_dates"), {"memo": memo, "plan_id": plan_id, "red_after_days": red_after_days,
                                                   "sized": list(SIZED)})
    held, slices, has_stale = cursor.fetchone()
    return [d for d in wanted if d not in held], slices, has_stale


def _hold(cursor: duckdb.DuckDBPyConnection, memo: str, plan_id: str, wanted: list[date], red_after_days: int) -> None:
    missing, slices, has_stale = _missing(cursor, memo, plan_id, wanted, red_after_days)
    if not missing:
        return
    if has_stale or (memo in SIZED and slices + len(missing) > MOST_SLICES):
        _empty(cursor)
    for first in HELD_FIRST.get(memo, ()):
        _hold(cursor, first, plan_id, missing, _held_under(first, red_after_days))
    cursor.begin()  # the rows and the record that they are held, together
    try:
        _add(cursor, memo, plan_id, missing, red_after_days)
        cursor.execute(store_sql("state_memo_hold"), {"memo": memo, "plan_id": plan_id, "dates": missing,
                                                      "red_after_days": red_after_days})
        cursor.commit()
    except BaseException:
        cursor.rollback()
        raise


def _add(cursor: duckdb.DuckDBPyConnection, memo: str, plan_id: str, dates: list[date], red_after_days: int) -> None:
    """The file's own macro: item_states and forecast_pool for every one of `dates` in one pass; item_forecast
    one date at a time, on the memo's item_state and forecast_pool (which it would otherwise compute again:
    0.1-0.25 s at scale 1000)."""
    if memo == "item_states":
        cursor.execute(store_sql("state_memo_add_item_states"),
                       {"plan_id": plan_id, "dates": dates, "red_after_days": red_after_days})
        return
    if memo == "forecast_pool":  # before the memo goes first on the path: item_forecast's fill holds it first
        cursor.execute(store_sql("state_memo_add_forecast_pool").replace("{plan_db}", _plan_catalog(cursor)),
                       {"plan_id": plan_id, "dates": dates})
        return
    plan_db = read_memo_first(cursor)
    sql = store_sql("state_memo_add_item_forecast").replace("{plan_db}", plan_db)
    for as_of in dates:
        cursor.execute(sql, {"plan_id": plan_id, "as_of": as_of, "red_after_days": red_after_days})


def _empty(cursor: duckdb.DuckDBPyConnection) -> None:
    for statement in store_sql("state_memo_empty").split(";\n"):
        if statement.strip():
            cursor.execute(statement)


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the memo (the benchmark's cold runs: a page's first run after a save fills it again)."""
    with _LOCK:
        _empty(con)
