"""The memo (store/state_memo.py) shared by a server's sessions: cursors kept for the next query, what is held
read without waiting for another session's fill, the forecasts filled in the background while the Review
and Action detail pages read the rest, and the Review page's two dates computed in one pass."""

from __future__ import annotations

import threading
from datetime import date

import duckdb
import pandas as pd
import pytest

from store import state_memo
from tests.test_state_memo import EARLIER, FORECASTS, PLAN, REVIEW, STATES, con, held, read  # noqa: F401 (fixture)


def test_the_review_page_computes_both_dates_states_in_one_pass(built_db, monkeypatch):
    from components.db import _connection, clear_query_cache
    from tests.pages import open_page

    at = open_page("pages/4_Review.py")
    clear_query_cache()  # the Review page's own first run, not the Overview's that led to it
    passes = []
    real = state_memo._add
    monkeypatch.setattr(state_memo, "_add", lambda cursor, memo, plan, dates, red: (
        passes.append((memo, sorted(dates))), real(cursor, memo, plan, dates, red))[1])
    at.run()
    assert not at.exception
    states = [dates for memo, dates in passes if memo == "item_states"]
    assert states == [[date(2020, 4, 8), date(2020, 5, 20)]]  # the review shown and the one compared with, once
    app = _connection(str(built_db))
    assert {d for d, _ in held(app)} == {date(2020, 4, 8), date(2020, 5, 20)}


def test_what_is_held_is_read_without_waiting_for_another_fill(con):
    """A session asking for what the memo holds does not wait while another fills something else."""
    state_memo.remember(con, PLAN, [REVIEW], 30)
    with state_memo._LOCK:  # another session's fill in progress
        asked = threading.Thread(target=state_memo.remember, args=(con, PLAN, [REVIEW], 30))
        asked.start()
        asked.join(timeout=10)
        assert not asked.is_alive()
        wanting = threading.Thread(target=state_memo.remember, args=(con, PLAN, [EARLIER], 30))
        wanting.start()
        wanting.join(timeout=0.5)
        assert wanting.is_alive()  # what is not held waits for the fill in progress, then fills
    wanting.join(timeout=30)
    assert held(con) == [(EARLIER, 30), (REVIEW, 30)]


def test_the_forecasts_fill_in_the_background_while_a_page_runs(built_db, monkeypatch, caplog):
    from components.db import _connection, fill_forecasts_meanwhile
    from tests.pages import open_page

    open_page("pages/4_Review.py")  # the app's connection, as a page has it
    app = _connection(str(built_db))
    state_memo.forget(app)
    fill_forecasts_meanwhile(PLAN, REVIEW).join(timeout=60)
    assert held(app, "item_forecast") == [(REVIEW, 30)] and held(app) == [(REVIEW, 30)]
    pd.testing.assert_frame_equal(read(app, FORECASTS, plan=PLAN, as_of=REVIEW),
                                  app.execute(FORECASTS, {"plan": PLAN, "as_of": REVIEW}).df())
    # a failed fill in the background is only logged: the page's own query fills (and says) again
    monkeypatch.setattr(state_memo, "_add", lambda *args: 1 / 0)
    state_memo.forget(app)
    with caplog.at_level("INFO", logger="components.db"):
        fill_forecasts_meanwhile(PLAN, REVIEW).join(timeout=60)
    assert "Filling the forecasts in the background failed" in caplog.text
    assert held(app, "item_forecast") == []


def test_the_review_and_action_pages_fill_forecasts_while_they_read_the_rest(built_db, monkeypatch):
    from components.db import clear_query_cache
    from tests.pages import open_page

    fills = []
    real = state_memo._add
    monkeypatch.setattr(state_memo, "_add", lambda cursor, memo, *rest: (
        fills.append((memo, threading.current_thread().name)), real(cursor, memo, *rest))[1])
    for page in ("pages/4_Review.py", "pages/5_Action_detail.py"):
        at = open_page(page)
        clear_query_cache()
        fills.clear()
        at.run()
        assert not at.exception
        assert ("item_forecast", "forecast-fill") in fills, page  # in the background, not by the page's query
        assert [memo for memo, _ in fills].count("item_forecast") == 1, page
        # how past forecasts fared, in the same background pass: on Action detail at every date of the slip
        # chart and the as-of date at once, so neither forecast_history nor the forecasts fill it again
        assert [fill for fill in fills if fill[0] == "forecast_pool"] == [("forecast_pool", "forecast-fill")], page
    # presenting shows no forecasts: none are computed
    at = open_page("pages/4_Review.py", query={"present": "1"})
    clear_query_cache()
    fills.clear()
    at.run()
    assert not at.exception and [memo for memo, _ in fills] == ["item_states"]


def test_a_cursor_is_kept_for_the_next_query_unless_its_query_failed(con):
    used = []
    state_memo.read_through(con, lambda cursor: used.append(cursor) or cursor.execute("select 1").fetchall())
    state_memo.read_through(con, lambda cursor: used.append(cursor) or cursor.execute("select 1").fetchall())
    assert used[0] is used[1]  # kept, its search path already set
    assert used[0].execute("select current_setting('search_path')").fetchone()[0].startswith("state_memo.main,")
    with pytest.raises(duckdb.BinderException):
        state_memo.read_through(con, lambda cursor: used.append(cursor) or cursor.execute("select nothing").fetchall())
    assert used[2] is used[1]
    with pytest.raises(duckdb.ConnectionException):  # a failed query's cursor is closed, not kept
        used[2].execute("select 1")
    state_memo.read_through(con, lambda cursor: used.append(cursor) or cursor.execute("select 1").fetchall())
    assert used[3] is not used[2]
    # a fill in between: the cursor that asked is closed; the query runs again on a kept or new one
    state_memo.read_through(con, lambda cursor: used.append(cursor) or cursor.execute(
        STATES, {"plan": PLAN, "dates": [REVIEW]}).fetchall())
    with pytest.raises(duckdb.ConnectionException):
        used[4].execute("select 1")
    assert held(con) == [(REVIEW, 30)]


def test_at_most_a_few_cursors_are_kept(con):
    taken = []

    def nested(cursor, depth=6):  # six queries at once, as six sessions' would be
        taken.append(cursor)
        return depth and state_memo.read_through(con, lambda inner: nested(inner, depth - 1))

    state_memo.read_through(con, nested)
    assert len({id(c) for c in taken}) == 7
    assert len(state_memo._IDLE[con]) == state_memo.MOST_IDLE
    closed = [c for c in taken if c not in state_memo._IDLE[con]]
    for cursor in closed:
        with pytest.raises(duckdb.ConnectionException):
            cursor.execute("select 1")
