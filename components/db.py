"""The app's one database connection and cached query runner (the thin Streamlit wrapper over
store/ and queries/). Pages call `query(...)`; nothing else in the app opens the file."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import queries
from components.settings import DB_MEMORY_MIB, OVERLOAD_THRESHOLD, RED_AFTER_DAYS, REVIEW_INTERVAL_DAYS
from components.text import shown_error
from store import state_memo
from store.build import ensure_database, record_view_settings, upgrade_schema
from store.db import connect, db_path
from store.errors import PlanError
from store.snapshot import publish_snapshot

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner="Opening the plan database…")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    ensure_database(Path(path))  # builds a missing file; converts one only DuckDB 2.0 could read
    con = connect(path, memory_mib=DB_MEMORY_MIB)
    _OPENED[path] = _identity(path)
    upgrade_schema(con)  # a file built by an older version gets the current tables and definitions
    state_memo.attach(con)  # in memory, beside the file: a page run's item states computed once
    record_view_settings(con, red_after_days=RED_AFTER_DAYS, overload_threshold=OVERLOAD_THRESHOLD,
                         review_interval_days=REVIEW_INTERVAL_DAYS)
    try:
        publish_snapshot(con)  # analysts can read the plan while the dashboard holds the file
    except PlanError as exc:
        log.warning("%s", exc)
    return con


_OPENED: dict[str, tuple[int, int] | None] = {}  # path -> (device, inode) of the file this process opened


def _identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _still_the_same_file(path: str) -> None:
    """Refuse to write when another program has replaced the database file since this server opened it:
    the save would go into the old, replaced file and be lost. The next page load opens the new file."""
    if path in _OPENED and _identity(path) != _OPENED[path]:
        _connection.clear()
        _OPENED.pop(path, None)
        raise PlanError("The plan database was replaced by another program while this page was open, so "
                        "nothing was saved. Reload the page to see the current plan, then record your update again.")


def connection() -> duckdb.DuckDBPyConnection:
    """One read-write connection per server process; stops the page with a plain message on error."""
    try:
        return _connection(str(db_path()))
    except PlanError as exc:
        st.error(shown_error(exc))
        st.stop()


# A page run reads the data version once, not before each of its 10-25 queries (1-1.5 ms each on the built-in
# plan: a fifth of a warm rerun), so all its figures come from one version; a write in the run reads it
# again. The version is kept on the run's script context beside its `cursors`, a new dict at the start of
# every run (and of every fragment's run), held with it so that no later dict can be mistaken for it.
_RUN_VERSION = "_plan_data_version"  # an attribute of Streamlit's ScriptRunContext that is ours


def data_version() -> int:
    """Grows with every write (each one adds an audit_log row): part of every cache key. Read once a page run."""
    ctx = get_script_run_ctx(suppress_warning=True)
    held = getattr(ctx, _RUN_VERSION, None)
    if held is not None and held[0] is ctx.cursors:
        return held[1]
    version = int(queries.scalar(connection(), "data_version"))
    if ctx is not None:
        setattr(ctx, _RUN_VERSION, (ctx.cursors, version))
    return version


def _forget_run_version() -> None:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None:
        setattr(ctx, _RUN_VERSION, None)


# cache_resource, not cache_data: cache_data pickles a result when it stores it and unpickles a new copy on
# every hit, which for a frame with list columns (owners) is slow: 0.3-0.4 s a rerun for each of
# action_status and milestone_status at scale 1000. Here every hit shares the one stored frame.
@st.cache_resource(show_spinner=False, max_entries=1000)
def _cached_query(path: str, version: int, name: str, params: dict) -> pd.DataFrame:
    # item states come from the memo, filled on the first query that wants them (store/state_memo.py)
    return state_memo.read_through(_connection(path), lambda cursor: queries.run_on_cursor(cursor, name, params))


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/NAME.sql on a cursor of the shared connection, cached until the data changes."""
    connection()  # stops the page with a plain message if the database cannot be opened
    # A shallow copy costs nothing and, as pandas copies on write, keeps a caller's changes (a new column,
    # a changed cell) in its own frame, never in the shared cached one.
    return _cached_query(str(db_path()), data_version(), name, params).copy(deep=False)


def share_states(plan_id: str, dates: list) -> None:
    """Compute the plan's item states at several `dates` in one pass into the memo (store/state_memo.py),
    before the queries that want them: one pass over the history costs about as much as one date."""
    state_memo.remember(connection(), plan_id, dates, RED_AFTER_DAYS)


def fill_forecasts_meanwhile(plan_id: str, as_of, history_dates: list | None = None) -> threading.Thread:
    """Start computing every open item's forecast into the memo in the background, while the page reads
    and draws what comes before its forecasts: the fill (0.6 s at scale 1000, 60 ms on the built-in plan)
    overlaps the page's other work instead of following it. The page's own forecast query then waits for
    it (the memo fills one thing at a time) and reads it; should the fill fail, that query fills again and
    shows any error as it would have. With `history_dates`, how past forecasts fared at each of them is
    filled first (forecast_history.sql's slip chart), so that query finds it held instead of waiting for
    the rest of the fill and then filling it."""
    con = connection()

    def fill() -> None:
        try:
            if history_dates:
                state_memo.remember(con, plan_id, list(history_dates), RED_AFTER_DAYS, memo="forecast_pool")
            state_memo.remember(con, plan_id, [as_of], RED_AFTER_DAYS, memo="item_forecast")
        except Exception as exc:  # noqa: BLE001 - the page's own query meets it again and says so
            log.info("Filling the forecasts in the background failed (the page fills them itself): %s", exc)

    thread = threading.Thread(target=fill, name="forecast-fill", daemon=True)
    thread.start()
    return thread


def clear_query_cache() -> None:
    """Forget every cached query result and the memo of item states (the benchmark's cold runs)."""
    _cached_query.clear()
    state_memo.forget(connection())


_WRITE_LOCK = threading.Lock()  # one save at a time in this server: conflict checks cannot interleave


WRITE_WARNING = "last_write_warning"


def write(fn, *args, **kwargs):
    """Run one store write (store.progress.*, store.importer.import_tables) on its own cursor of the
    shared connection, then publish the analysts' snapshot of what it committed."""
    st.session_state.pop(WRITE_WARNING, None)
    with _WRITE_LOCK:
        _still_the_same_file(str(db_path()))
        cursor = connection().cursor()
        try:
            result = fn(cursor, *args, **kwargs)
            try:
                publish_snapshot(cursor)
            except PlanError as exc:  # the save stands; say plainly that the copy is behind
                st.warning(shown_error(exc))
                st.session_state[WRITE_WARNING] = str(exc)  # kept for a page that reruns to show the save
            return result
        finally:
            cursor.close()
            _forget_run_version()  # saved or not, the run's next query reads the data version again
