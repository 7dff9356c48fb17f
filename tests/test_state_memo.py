"""The app's memo of item_states (store/state_memo.py): a cursor that reads it first gets exactly what
the file's item_states computes; it reads the memo's rows for the dates held (proved by marking them),
computes any other date, and ignores the memo once anything is written (a new data version)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from store import state_memo
from store.audit import log_event

PLAN = "tbc-rent-sip"
REVIEW, EARLIER, OTHER = date(2018, 3, 14), date(2018, 1, 31), date(2018, 6, 1)
STATES = "select * from item_states($plan, $dates::date[], 30) order by as_of, ref, seq nulls first"


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


def states(cursor, dates):
    return cursor.execute(STATES, {"plan": PLAN, "dates": dates}).df()


def held(con) -> list:
    return con.execute("select distinct as_of from state_memo.item_state_rows order by 1").fetchall()


def test_reading_the_memo_gives_what_item_states_computes(con):
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    assert held(con) == [(EARLIER,), (REVIEW,)]
    for dates in ([REVIEW], [EARLIER, REVIEW], [REVIEW, OTHER], [OTHER]):  # held, both, one of each, none
        got, expected = states(memo_cursor(con), dates), states(con.cursor(), dates)
        assert len(got) == 114 * len(dates)  # 37 actions and 77 milestones at each date
        assert got.equals(expected), dates
    # item_state and every figure built on it read the memo too
    got = memo_cursor(con).execute("select * from item_state($plan, $d, 30) order by ref, seq nulls first",
                                   {"plan": PLAN, "d": REVIEW}).df()
    assert got.equals(con.execute("select * from item_state($plan, $d, 30) order by ref, seq nulls first",
                                  {"plan": PLAN, "d": REVIEW}).df())


def test_the_memo_is_read_for_the_dates_it_holds_and_ignored_after_a_write(con):
    state_memo.remember(con, PLAN, [REVIEW], 30)
    con.execute("update state_memo.item_state_rows set title = 'from the memo'")
    titles = lambda d: set(states(memo_cursor(con), [d])["title"])  # noqa: E731
    assert titles(REVIEW) == {"from the memo"}
    assert "from the memo" not in titles(OTHER)  # not held: computed
    log_event(con, "test", "sign_in_refused", {})  # any write adds an audit row: a new data version
    assert "from the memo" not in titles(REVIEW)
    state_memo.remember(con, PLAN, [REVIEW], 30)  # the stale rows are replaced, not added to
    assert con.execute("select count(*), count(distinct memo_version) from state_memo.item_state_rows").fetchone() == (114, 1)


def test_the_memo_holds_one_key_and_a_few_dates(con):
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    state_memo.remember(con, PLAN, [REVIEW, OTHER], 30)  # same key: the missing date is added
    assert held(con) == [(EARLIER,), (REVIEW,), (OTHER,)]
    state_memo.remember(con, PLAN, [REVIEW], 45)  # another red threshold: replaced
    assert held(con) == [(REVIEW,)]
    assert con.execute("select distinct memo_red_after_days from state_memo.item_state_rows").fetchall() == [(45,)]
    many = [date(2018, m, 1) for m in range(1, 1 + state_memo.MOST_DATES + 1)]
    state_memo.remember(con, PLAN, many, 45)  # more than MOST_DATES in all: started afresh with these
    assert held(con) == [(d,) for d in many]
    state_memo.remember(con, PLAN, [date(2019, 1, 1)], 45)
    assert held(con) == [(date(2019, 1, 1),)]


def test_the_app_reads_the_memo_first_only_while_it_holds_the_plan_at_this_version(con):
    version = lambda: con.execute("select data_version()").fetchone()[0]  # noqa: E731
    assert not state_memo.holds(con, PLAN, version())  # never filled
    state_memo.remember(con, PLAN, [REVIEW], 30)
    assert state_memo.holds(con, PLAN, version())
    assert not state_memo.holds(con, "another-plan", version())
    log_event(con, "test", "sign_in_refused", {})
    assert not state_memo.holds(con, PLAN, version())


def test_the_review_page_holds_states_only_for_a_plan_big_enough_to_pay(built_db, tmp_path, monkeypatch):
    """1,000 actions and more: below that, planning the memo's macro costs more than computing again."""
    from components.db import _connection
    from store.synth import synthesize
    from tests.pages import open_page

    assert not state_memo.worth_holding(999) and state_memo.worth_holding(1000)
    version = lambda con: con.execute("select data_version()").fetchone()[0]  # noqa: E731

    at = open_page("pages/4_Review.py")  # the built-in plan: 37 actions
    app = _connection(str(built_db))
    assert not at.exception and not state_memo.holds(app, PLAN, version(app))

    big = tmp_path / "big.duckdb"
    synthesize(big, scale=28, seed=7)  # 1,036 actions
    monkeypatch.setenv("PLAN_DB", str(big))
    at = open_page("pages/4_Review.py")
    app = _connection(str(big))
    assert not at.exception and state_memo.holds(app, "synthetic-x28", version(app))
    held_dates = app.execute("select distinct as_of from state_memo.item_state_rows order by 1").fetchall()
    assert len(held_dates) == 2  # the review shown and the one compared with


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


def test_forgetting_empties_the_memo(con):
    version = con.execute("select data_version()").fetchone()[0]
    state_memo.remember(con, PLAN, [REVIEW, EARLIER], 30)
    assert len(held(con)) == 2
    state_memo.forget(con)
    assert held(con) == [] and not state_memo.holds(con, PLAN, version)
    assert states(memo_cursor(con), [REVIEW]).equals(states(con.cursor(), [REVIEW]))  # computed again
