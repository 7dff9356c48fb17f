"""item_span, the maintained table item_state reads each item's latest counted update from, equals the
full computation from progress_update and progress_retraction after every kind of write: a build, a
synthetic plan, a save of several updates (two on one day), an undo, a refused save, an import of a
folder, a council's tracker, and a tracker imported again with --replace."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from store.errors import ValidationError
from store.importer import import_plan
from store.progress import ProgressUpdate, record_updates, undo_save
from store.synth import synthesize
from tests import tracker_fixtures as fx
from tests.test_import import tbc_tables, write_folder
from tests.tiny_plan import tiny_db

# Written here independently of store/sql/refresh_item_span.sql: each counted update, the day the next counted
# one of its item (in reported_on, then update_id order) replaces it, its status, forecast and actual end, and,
# when no later counted update of the item shares its day, the status and forecast of the latest counted one
# of an earlier day.
FROM_SCRATCH = """
    with
        counted as (
            select * from progress_update where update_id not in (select update_id from progress_retraction)
        ),
        day_latest as (
            select c.update_id,
                (select arg_max(o.update_id, (o.reported_on, o.update_id)) from counted as o
                 where o.plan_id = c.plan_id and o.ref = c.ref and o.seq is not distinct from c.seq
                     and o.reported_on < c.reported_on) as previous_id,
            from counted as c
            where not exists (select 1 from counted as o
                              where o.plan_id = c.plan_id and o.ref = c.ref and o.seq is not distinct from c.seq
                                  and o.reported_on = c.reported_on and o.update_id > c.update_id)
        )
    select c.plan_id, c.ref, c.seq, c.update_id, c.reported_on,
        lead(c.reported_on) over (partition by c.plan_id, c.ref, c.seq order by c.reported_on, c.update_id),
        c.status, c.forecast_end, c.actual_end, p.status, p.forecast_end
    from counted as c
    left join day_latest as d using (update_id)
    left join progress_update as p on p.update_id = d.previous_id
    order by c.update_id
"""
SPAN_COLUMNS = ("plan_id, ref, seq, update_id, counts_from, counts_until, status, forecast_end, actual_end, "
                "previous_status, previous_forecast_end")
# The definition of "as of" without the table: the greatest (reported_on, update_id) on or before the day.
LATEST_BY_RANKING = """
    select day, plan_id, ref, seq, arg_max(update_id, (reported_on, update_id))
    from progress_update, (select unnest($days::date[]) as day)
    where reported_on <= day and update_id not in (select update_id from progress_retraction)
    group by plan_id, ref, seq, day
    order by all
"""
LATEST_BY_SPAN = """
    select day, plan_id, ref, seq, update_id
    from item_span, (select unnest($days::date[]) as day)
    where counts_from <= day and (counts_until is null or counts_until > day)
    order by all
"""


def assert_spans_are_the_history(con: duckdb.DuckDBPyConnection) -> None:
    got = con.execute(f"select {SPAN_COLUMNS} from item_span order by update_id").fetchall()
    assert got == con.execute(FROM_SCRATCH).fetchall()
    # what the copies are for occurs: an update with a forecast before it
    assert con.execute("select count(*) from item_span where previous_forecast_end is not null").fetchone()[0] > 0
    # every day anything was reported, the day before it, and a day after all of it
    days = [d for (r,) in con.execute("select distinct reported_on from progress_update").fetchall()
            for d in (r, date.fromordinal(r.toordinal() - 1))] + [date(2100, 1, 1)]
    assert con.execute(LATEST_BY_SPAN, {"days": days}).fetchall() == con.execute(LATEST_BY_RANKING, {"days": days}).fetchall()


def on_file(path) -> None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from item_span").fetchone()[0] > 0
        assert_spans_are_the_history(con)
    finally:
        con.close()


def test_after_a_build_and_a_synthetic_plan(built_db, tmp_path):
    on_file(built_db)
    result = synthesize(tmp_path / "x2.duckdb", scale=2, seed=5)
    on_file(result.path)


def test_after_saves_same_day_updates_an_undo_and_a_refused_save():
    con = tiny_db()
    assert_spans_are_the_history(con)
    day = date(2020, 4, 20)
    saved = record_updates(con, [
        ProgressUpdate("tiny", "A.3", None, day, "in_progress", 70),
        ProgressUpdate("tiny", "A.1", 2, day, "in_progress", 40),
    ], actor="Bob Brown")
    record_updates(con, [ProgressUpdate("tiny", "B.2", None, day, "in_progress", 5)], actor="Bob Brown")
    record_updates(con, [ProgressUpdate("tiny", "B.2", None, day, "in_progress", 10)], actor="Bob Brown")  # same day
    assert_spans_are_the_history(con)
    latest_b2 = con.execute("select u.percent_complete from item_span join progress_update as u using (update_id) "
                            "where item_span.ref = 'B.2' and counts_until is null").fetchall()
    assert latest_b2 == [(10.0,)]  # the later of the two saves of one day

    undo_save(con, event_id=saved.event_id, actor="Bob Brown")
    assert_spans_are_the_history(con)
    assert con.execute("select count(*) from item_span where ref = 'A.1' and seq = 2").fetchone()[0] == 0

    before = con.execute("select * from item_span order by update_id").fetchall()
    with pytest.raises(ValidationError):
        record_updates(con, [ProgressUpdate("tiny", "A.3", None, day, "in_progress", 80),
                             ProgressUpdate("tiny", "B.3", None, day, "complete", 100)], actor="Bob Brown")
    assert con.execute("select * from item_span order by update_id").fetchall() == before


def test_after_an_import_a_tracker_and_a_tracker_replaced(built_db, tmp_path):
    import_plan(write_folder(tbc_tables(), tmp_path / "copy"), built_db, actor="Test")
    on_file(built_db)
    tracker = tmp_path / "tracker.xlsx"
    tracker.write_bytes(fx.milestones_tracker())
    first = import_plan(tracker, built_db, actor="Test")
    on_file(built_db)
    import_plan(tracker, built_db, actor="Test", replace=True)
    on_file(built_db)
    con = duckdb.connect(str(built_db), read_only=True)
    try:  # the replaced plan's spans are its new updates', none left over
        plan_updates = con.execute("select count(*) from progress_update where plan_id = ?", [first.plan_id]).fetchone()
        plan_spans = con.execute("select count(*) from item_span where plan_id = ?", [first.plan_id]).fetchone()
        assert plan_updates == plan_spans and plan_spans[0] > 0
    finally:
        con.close()
    shutil.rmtree(tmp_path / "copy")


def test_item_states_at_two_dates_is_item_state_at_each():
    # the Review page's queries read both dates from one item_states; it must be item_state at each date
    con = tiny_db()
    one = "select * from item_state('tiny', $d::date, 30) order by ref, seq nulls first"
    two = ("select * exclude (as_of) from item_states('tiny', [date '2020-02-26', date '2020-04-08'], 30) "
           "where as_of = $d::date order by ref, seq nulls first")
    for day in ("2020-02-26", "2020-04-08"):
        expected = con.execute(one, {"d": day}).fetchall()
        assert con.execute(two, {"d": day}).fetchall() == expected and len(expected) == 8  # 6 actions, 2 milestones
    stale = con.execute("select as_of, previous_review_date, count(*) filter (where is_stale) from item_states("
                        "'tiny', [date '2020-02-26', date '2020-04-08'], 30) group by all order by all").fetchall()
    assert [(str(a), str(p)) for a, p, _ in stale] == [("2020-02-26", "2020-01-15"), ("2020-04-08", "2020-02-26")]


OLD_SPAN_COLUMNS = ["status", "forecast_end", "actual_end", "previous_status", "previous_forecast_end"]


def _as_built_before_the_copies(path) -> None:
    """The file as a version before item_span carried the updates' forecasts left it: without those columns."""
    con = duckdb.connect(str(path))
    try:
        for column in OLD_SPAN_COLUMNS:
            con.execute(f"alter table item_span drop column {column}")
    finally:
        con.close()


def test_opening_a_file_from_before_the_copies_fills_them(built_db):
    from store.build import upgrade_schema
    _as_built_before_the_copies(built_db)
    con = duckdb.connect(str(built_db))
    try:
        upgrade_schema(con)  # as the dashboard does on every open
        assert_spans_are_the_history(con)
        spans = con.execute("select count(*) from item_span").fetchone()[0]
        upgrade_schema(con)  # and again: nothing to do, nothing changed
        assert con.execute("select count(*) from item_span").fetchone()[0] == spans
        assert_spans_are_the_history(con)
    finally:
        con.close()


def test_an_upgrade_that_fails_part_way_leaves_the_file_as_it_was(built_db, monkeypatch):
    """All or nothing: columns added but never filled would pass for filled at the next open."""
    import store.build
    _as_built_before_the_copies(built_db)
    con = duckdb.connect(str(built_db))
    before = {table: con.execute(f"select count(*) from {table}").fetchone()[0]
              for table in ("item_span", "progress_update", "item", "audit_log")}

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store.build, "refresh_item_span", fail)
    try:
        with pytest.raises(OSError):
            store.build.upgrade_schema(con)
        columns = {c for (c,) in con.execute("select column_name from duckdb_columns() "
                                            "where table_name = 'item_span'").fetchall()}
        assert columns.isdisjoint(OLD_SPAN_COLUMNS)
        assert {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in before} == before
        monkeypatch.undo()
        store.build.upgrade_schema(con)  # the next open does it
        assert_spans_are_the_history(con)
    finally:
        con.close()
