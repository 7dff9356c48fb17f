"""The app's memo of item_states: one page run's states computed once (store/sql/state_memo.sql says how
its queries read them). The Review page compares two dates, and its headline, exceptions, changes,
forecasts and exports each used to compute the state of every item at them again: nine times in one
first run. The memo holds one plan's states at a few dates at one data version, and is replaced, not
grown, so its memory stays that of a few dates' states."""

from __future__ import annotations

import threading
from datetime import date

import duckdb

from store.db import store_sql
from store.storage import quote_identifier

MEMO = "state_memo"
WORTH_HOLDING_FROM_ACTIONS = 1000  # smaller plans: DuckDB plans the memo's larger macro for longer than
# it takes to compute the states again (the built-in plan's Review page ran 0.2 s slower with it)
MOST_DATES = 4  # a Review run needs two (the review and the one compared with); more: start afresh
_LOCK = threading.Lock()  # one fill at a time: two sessions' fills would otherwise interleave
_HOLDS: dict[int, tuple[str, int]] = {}  # id(connection) -> (plan, data version) its memo was last filled for


def worth_holding(action_count: int) -> bool:
    """Whether a plan is big enough for the memo to pay (1,000 actions and more)."""
    return action_count >= WORTH_HOLDING_FROM_ACTIONS


def attach(con: duckdb.DuckDBPyConnection) -> None:
    """Attach the (empty) in-memory memo to the app's connection and define its item_states."""
    _HOLDS.pop(id(con), None)  # a new connection may reuse a closed one's id
    plan_db = quote_identifier(con.execute("select current_database()").fetchone()[0])
    con.execute(f"attach if not exists ':memory:' as {MEMO}")
    for statement in store_sql("state_memo").replace("{plan_db}", plan_db).split(";\n"):
        if statement.strip():
            con.execute(statement)


def read_memo_first(cursor: duckdb.DuckDBPyConnection) -> None:
    """Put the memo first on a fresh cursor's search path: its item_states (and so every macro built on
    item_states) reads the memo's rows, then the plan file, for everything else."""
    plan_db = quote_identifier(cursor.execute("select current_database()").fetchone()[0])
    # a setting cannot be bound; quote_identifier has refused any name but letters, digits, '-' and '_'
    cursor.execute(f"set search_path = '{MEMO}.main,{plan_db}.main'")


def holds(con: duckdb.DuckDBPyConnection, plan_id: str | None, version: int) -> bool:
    """Whether the memo was filled for this plan at this data version: only then is it worth a query's
    reading it first (the memo's macro costs DuckDB more planning than the file's, about 50 ms on the
    built-in plan's review_changes, for nothing when it holds none of the dates)."""
    return _HOLDS.get(id(con)) == (plan_id, version)


def remember(con: duckdb.DuckDBPyConnection, plan_id: str, dates: list[date], red_after_days: int) -> None:
    """Make the memo hold the plan's states at `dates` at the current data version (on a cursor without
    the memo's search path: the file's item_states computes them)."""
    wanted = sorted(set(dates))
    with _LOCK:
        cursor = con.cursor()
        try:
            cursor.execute(store_sql("state_memo_dates"), {"plan_id": plan_id, "red_after_days": red_after_days})
            same_key, held, version = cursor.fetchone()
            _HOLDS[id(con)] = (plan_id, version)
            missing = [d for d in wanted if d not in (held or [])]
            if not missing:
                return
            fresh = not same_key or len(held or []) + len(missing) > MOST_DATES
            params = {"plan_id": plan_id, "dates": wanted if fresh else missing, "red_after_days": red_after_days}
            cursor.execute(store_sql("state_memo_fill" if fresh else "state_memo_add"), params)
        finally:
            cursor.close()


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the memo (the benchmark's cold runs: a page's first run after a save fills it again)."""
    with _LOCK:
        _HOLDS.pop(id(con), None)
        con.execute(f"delete from {MEMO}.item_state_rows")
