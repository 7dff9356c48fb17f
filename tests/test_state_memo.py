"""The app's memo of item_states and item_forecast (store/state_memo.py): read through it, every query gives
exactly what the file's own macros compute; its macros read only held rows (proved by marking them) and
name what they do not hold instead of computing it; a write makes every held row stale."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import pytest

import queries
from bench.common import _context, params_for
from store import state_memo
from store.audit import log_event
from store.synth import synthesize
from tests.tiny_plan import tiny_db

PLAN = "tbc-rent-sip"
REVIEW, EARLIER, OTHER = date(2018, 3, 14), date(2018, 1, 31), date(2018, 6, 1)
STATES = "select * from item_states($plan, $dates::date[], 30) order by as_of, ref, seq nulls first"
FORECASTS = "select * from item_forecast($plan, $as_of, 30) order by ref, seq nulls first"


@pytest.fixture
def con(built_db):
    con = duckdb.connect(str(built_db))
    state_memo.attach(con)
    yield con
    con.close()


def memo_cursor(con):
    cursor = con.cursor()
    state_memo.read_memo_first(cursor)
    return cursor


def read(con, sql, **params) -> pd.DataFrame:
    return state_memo.read_through(con, lambda cursor: cursor.execute(sql, params).df())


def held(con, memo="item_states") -> list:
    return con.execute("select as_of, memo_red_after_days from state_memo.main.slices where memo = $m order by 1, 2",
                       {"m": memo}).fetchall()


def every_query_reads_through_the_memo_as_computed(con, plan_id: str) -> set:
    """Every query at the pages' parameters, read through an empty memo, equals the file's own; returns
    the slices the memo was filled with."""
    state_memo.forget(con)
    context = _context(con, plan_id)
    for name in queries.query_names():
        params = params_for(name, context)
        got = state_memo.read_through(con, lambda cursor: queries.run_on_cursor(cursor, name, params))
        pd.testing.assert_frame_equal(got, queries.run(con, name, **params), check_exact=True, obj=name)
    return set(con.execute("select memo, as_of from state_memo.main.slices").fetchall())


def test_every_query_through_the_memo_gives_what_the_file_computes(con):
    context = _context(con, PLAN)
    filled = every_query_reads_through_the_memo_as_computed(con, PLAN)
    # the pages' as-of date (the latest review) and the review before it: states at both, forecasts at the
    # first; how past forecasts fared at every review up to it (the Action detail page's slip chart)
    reviews = {d for (d,) in con.execute("select review_date from review where plan_id = $p and review_date <= $d",
                                          {"p": PLAN, "d": context["as_of"]}).fetchall()}
    assert len(reviews) > 10
    assert filled == {("item_states", context["as_of"]), ("item_states", context["since"]),
                      ("item_forecast", context["as_of"]), *(("forecast_pool", d) for d in reviews)}


def test_every_query_through_the_memo_on_the_tiny_and_a_synthetic_plan(tmp_path):
    tiny = tiny_db()
    try:
        state_memo.attach(tiny)
        assert every_query_reads_through_the_memo_as_computed(tiny, "tiny")
    finally:
        tiny.close()
    synthesize(tmp_path / "s.duckdb", scale=5, seed=3)
    synthetic = duckdb.connect(str(tmp_path / "s.duckdb"))
    try:
        state_memo.attach(synthetic)
        assert every_query_reads_through_the_memo_as_computed(synthetic, "synthetic-x5")
    finally:
        synthetic.close()


def test_the_memos_macros_name_what_they_do_not_hold_instead_of_computing(con):
    with pytest.raises(duckdb.InvalidInputException) as raised:
        memo_cursor(con).execute(STATES, {"plan": PLAN, "dates": [REVIEW, EARLIER]}).fetchall()
    said = str(raised.value).split(state_memo.WANTS, 1)[1]
    assert json.loads(said) == {"memo": "item_states", "plan_id": PLAN, "red_after_days": 30,
                                "dates": ["2018-01-31", "2018-03-14"]}
    state_memo.remember(con, PLAN, [REVIEW], 30)
    with pytest.raises(duckdb.InvalidInputException, match=r'"dates":\["2018-01-31"\]'):  # only the missing one
        memo_cursor(con).execute(STATES, {"plan": PLAN, "dates": [REVIEW, EARLIER]}).fetchall()
    with pytest.raises(duckdb.InvalidInputException, match='"memo":"item_forecast"'):
        memo_cursor(con).execute(FORECASTS, {"plan": PLAN, "as_of": REVIEW}).fetchall()
    # even when a filter leaves none of its rows, or the memo holds nothing at all
    state_memo.forget(con)
    with pytest.raises(duckdb.InvalidInputException, match=state_memo.WANTS):
        memo_cursor(con).execute("select count(*) from item_state($plan, $d, 30) where item_kind = 'none'",
                                 {"plan": PLAN, "d": REVIEW}).fetchall()


def test_the_memo_is_read_for_what_it_holds(con):
    state_memo.remember(con, PLAN, [REVIEW], 30)
    state_memo.remember(con, PLAN, [REVIEW], 30, memo="item_forecast")
    assert held(con) == [(REVIEW, 30)] and held(con, "item_forecast") == [(REVIEW, 30)]
    expected_states = con.execute(STATES, {"plan": PLAN, "dates": [REVIEW]}).df()
    expected_forecasts = con.execute(FORECASTS, {"plan": PLAN, "as_of": REVIEW}).df()
    assert len(expected_states) == 114 and len(expected_forecasts) > 0  # 37 actions, 77 milestones
    assert read(con, STATES, plan=PLAN, dates=[REVIEW]).equals(expected_states)
    assert read(con, FORECASTS, plan=PLAN, as_of=REVIEW).equals(expected_forecasts)
    con.execute("update state_memo.item_state_rows set title = 'from the memo'")
    con.execute("update state_memo.item_forecast_rows set title = 'forecast from the memo'")
    assert set(read(con, STATES, plan=PLAN, dates=[REVIEW])["title"]) == {"from the memo"}
    assert set(read(con, FORECASTS, plan=PLAN, as_of=REVIEW)["title"]) == {"forecast from the memo"}
    # item_state, and every figure built on it, read it too
    action_status = queries.run_on_cursor(memo_cursor(con), "action_status", {
        "plan_id": PLAN, "as_of": REVIEW, "red_after_days": 30, "themes": None, "officers": None,
        "statuses": None, "rags": None})
    assert set(action_status["action_text"]) == {"from the memo"}


def test_forecasts_are_computed_from_the_memos_states_held_first(con):
    """The file's item_forecast starts from item_state: filling forecasts holds the states at their dates
    first and computes the forecasts from those rows (proved by marking them), not from the history again."""
    state_memo.remember(con, PLAN, [REVIEW], 30)
    expected = con.execute(FORECASTS, {"plan": PLAN, "as_of": REVIEW}).df()
    con.execute("update state_memo.item_state_rows set title = 'state from the memo'")
    state_memo.remember(con, PLAN, [REVIEW], 30, memo="item_forecast")
    forecasts = read(con, FORECASTS, plan=PLAN, as_of=REVIEW)
    assert len(forecasts) == len(expected) > 0 and set(forecasts["title"]) == {"state from the memo"}
    pd.testing.assert_frame_equal(forecasts.drop(columns="title"), expected.drop(columns="title"))
    state_memo.forget(con)  # from empty: both are held, the forecasts exactly as the file computes them
    state_memo.remember(con, PLAN, [EARLIER], 30, memo="item_forecast")
    assert held(con) == [(EARLIER, 30)] and held(con, "item_forecast") == [(EARLIER, 30)]
    pd.testing.assert_frame_equal(read(con, FORECASTS, plan=PLAN, as_of=EARLIER),
                                  con.execute(FORECASTS, {"plan": PLAN, "as_of": EARLIER}).df())


def test_forecasts_at_several_dates_are_held_each_as_computed(con):
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30, memo="item_forecast")
    assert held(con, "item_forecast") == [(EARLIER, 30), (REVIEW, 30)]
    for as_of in (EARLIER, REVIEW):
        expected = con.execute(FORECASTS, {"plan": PLAN, "as_of": as_of}).df()
        assert len(expected) > 0 and read(con, FORECASTS, plan=PLAN, as_of=as_of).equals(expected)


def test_reading_through_fills_the_memo_with_what_is_wanted_then_reads_it(con):
    got = read(con, STATES, plan=PLAN, dates=[REVIEW, EARLIER])
    assert got.equals(con.execute(STATES, {"plan": PLAN, "dates": [REVIEW, EARLIER]}).df())
    assert held(con) == [(EARLIER, 30), (REVIEW, 30)]
    got = read(con, "select * from item_states($plan, [$d], 45) order by ref, seq nulls first", plan=PLAN, d=OTHER)
    assert len(got) == 114 and held(con) == [(EARLIER, 30), (REVIEW, 30), (OTHER, 45)]  # another threshold too


def test_a_write_makes_every_held_row_stale(con):
    state_memo.remember(con, PLAN, [REVIEW], 30)
    con.execute("update state_memo.item_state_rows set title = 'from the memo'")
    log_event(con, "test", "sign_in_refused", {})  # any write adds an audit row: a new data version
    with pytest.raises(duckdb.InvalidInputException, match=state_memo.WANTS):
        memo_cursor(con).execute(STATES, {"plan": PLAN, "dates": [REVIEW]}).fetchall()
    assert "from the memo" not in set(read(con, STATES, plan=PLAN, dates=[REVIEW])["title"])
    versions = con.execute("select count(*), count(distinct memo_version) from state_memo.item_state_rows").fetchone()
    assert versions == (114, 1)  # the stale rows were replaced, not added to
    # the memo holds one version: filling another date after a write drops every earlier row, so the memo's
    # macros, which check the version of the dates held and not of each row, never read a stale one
    log_event(con, "test", "sign_in_refused", {})
    state_memo.remember(con, PLAN, [EARLIER], 30)
    assert held(con) == [(EARLIER, 30)]
    assert con.execute("select distinct memo_version, as_of from state_memo.item_state_rows").fetchall() == [
        (con.execute("select data_version()").fetchone()[0], EARLIER)]


def test_the_memo_holds_a_few_slices_then_starts_afresh(con):
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    state_memo.remember(con, PLAN, [REVIEW], 30, memo="item_forecast")
    state_memo.remember(con, PLAN, [REVIEW, OTHER], 45)
    assert len(held(con)) + len(held(con, "item_forecast")) == 5 <= state_memo.MOST_SLICES
    state_memo.remember(con, PLAN, [REVIEW], 30)  # held already: nothing computed
    assert len(held(con)) == 4
    many = [date(2019, m, 1) for m in range(1, 3)]  # 5 + 2 > MOST_SLICES: started afresh with these
    state_memo.remember(con, PLAN, many, 30)
    assert held(con) == [(d, 30) for d in many] and held(con, "item_forecast") == []
    with pytest.raises(ValueError, match="not 'item_state_today'"):
        state_memo.remember(con, PLAN, [REVIEW], 30, memo="item_state_today")


def test_a_slice_with_no_rows_is_held_too(con, monkeypatch):
    """Nothing to forecast (every item done, or a plan without items) is an answer: computed once, not on
    every query."""
    fills = []
    real = state_memo._add
    monkeypatch.setattr(state_memo, "_add", lambda *args: (fills.append(args[1]), real(*args))[1])
    for _ in range(3):
        assert read(con, FORECASTS, plan="no-such-plan", as_of=REVIEW).empty
        assert read(con, STATES, plan="no-such-plan", dates=[REVIEW]).empty
    # the forecasts' states and past forecasts first (they read the memo's)
    assert fills == ["item_states", "forecast_pool", "item_forecast"]
    assert held(con, "item_forecast") == [(REVIEW, 30)] and held(con) == [(REVIEW, 30)]


def test_a_failed_fill_holds_nothing(con, monkeypatch):
    real = state_memo._add

    def failing(cursor, *args):
        real(cursor, *args)  # the rows are added, then something fails before they are recorded as held
        raise duckdb.IOException("disk full")
    monkeypatch.setattr(state_memo, "_add", failing)
    with pytest.raises(duckdb.IOException):
        state_memo.remember(con, PLAN, [REVIEW], 30)
    assert held(con) == []
    assert con.execute("select count(*) from state_memo.item_state_rows").fetchone() == (0,)


def test_when_fills_cannot_keep_up_the_file_computes(con, monkeypatch):
    """Sessions taking turns could push out what another wants: after MOST_FILLS tries, the file computes."""
    fills = []
    monkeypatch.setattr(state_memo, "remember", lambda *args, **kwargs: fills.append(args))
    got = read(con, STATES, plan=PLAN, dates=[REVIEW])
    assert len(fills) == state_memo.MOST_FILLS
    assert got.equals(con.execute(STATES, {"plan": PLAN, "dates": [REVIEW]}).df())


def test_other_errors_are_not_taken_for_the_memos(con):
    with pytest.raises(duckdb.BinderException):
        read(con, "select no_such_column from item_state($plan, $d, 30)", plan=PLAN, d=REVIEW)
    with pytest.raises(duckdb.InvalidInputException, match="^Invalid Input Error: nothing to do with the memo$"):
        read(con, "select error('nothing to do with the memo')")
    for lookalike in ("state_memo wants a holiday", 'state_memo wants {"dates": []}'):  # not the memo's own words
        with pytest.raises(duckdb.InvalidInputException, match="state_memo wants"):
            read(con, "select error($text)", text=lookalike)


def test_forgetting_empties_the_memo(con):
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    state_memo.remember(con, PLAN, [REVIEW], 30, memo="item_forecast")
    state_memo.forget(con)
    assert held(con) == [] and held(con, "item_forecast") == []
    assert read(con, STATES, plan=PLAN, dates=[REVIEW]).equals(con.execute(STATES, {"plan": PLAN, "dates": [REVIEW]}).df())

def test_the_dashboard_bounds_duckdbs_memory(built_db):
    """The app's connection spills to disk beyond PLAN_DB_MEMORY_MIB (300 MiB unless set): with it the app
    stays within 1 GiB at scale 1000 (make bench). Other programs opening the file keep DuckDB's default."""
    from components.db import _connection
    from components.settings import DB_MEMORY_MIB
    from store.db import connect

    assert DB_MEMORY_MIB == 300
    setting = "select current_setting('memory_limit')"
    assert _connection(str(built_db)).execute(setting).fetchone() == ("300.0 MiB",)
    other = connect(built_db.parent / "other.duckdb")
    try:
        assert other.execute(setting).fetchone() != ("300.0 MiB",)
    finally:
        other.close()
