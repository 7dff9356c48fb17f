"""The plan is readable while the dashboard holds the database: the snapshot it publishes at start and
after every save (store/snapshot.py), and the Parquet export, read from a second process with DuckDB 1.x."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from components.text import escape_markdown
from store.db import connect
from store.progress import ProgressUpdate, record_update
from store.snapshot import SnapshotError, publish_snapshot
from store.storage import FILE_FORMAT, file_format
from tests.conftest import ROOT
from tests.duckdb1 import duckdb1_python, read_with
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

REVIEW = "pages/4_Review.py"
LATEST_5_2 = ("select status, actual_end, recorded_by, commentary, origin from progress_update "
              "where ref = '5.2' order by update_id desc limit 1")


def test_duckdb1_reads_a_save_from_the_snapshot_while_the_dashboard_holds_the_database(built_db):
    snapshot = built_db.with_name("plan.snapshot.duckdb")
    at = open_page(REVIEW)  # the dashboard starts: it opens the database and publishes a snapshot
    assert file_format(snapshot) == FILE_FORMAT
    python = duckdb1_python()
    assert read_with(python, snapshot, "--sql", LATEST_5_2)["rows"][0]["status"] != "complete"

    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    at.selectbox(key="f_status_5.2").set_value("complete")
    at.number_input(key="f_pct_5.2").set_value(100)
    at.date_input(key="f_act_5.2").set_value(date(2020, 5, 1))
    at.text_area(key="f_comm_5.2").input("Credit union launched")
    next(b for b in at.button if b.label == "Save update").click().run()
    assert not at.exception and not at.warning

    # The dashboard (this process) still holds the database: another process cannot open it at all ...
    live = read_with(python, built_db)
    assert "lock" in live["error"].lower()
    # ... but reads the save from the snapshot, with DuckDB 1.x, in the views too.
    assert read_with(python, snapshot, "--sql", LATEST_5_2)["rows"] == [{
        "status": "complete", "actual_end": "2020-05-01", "recorded_by": "Ann Editor",
        "commentary": "Credit union launched", "origin": "app"}]
    state = read_with(python, snapshot, "--sql", "select status, rag, last_commentary from item_state_today "
                                                 "where item_ref = '5.2'")
    assert state["rows"] == [{"status": "complete", "rag": "blue", "last_commentary": "Credit union launched"}]
    assert sorted(p.name for p in built_db.parent.glob("*.writing-*")) == []


def test_a_store_write_with_a_held_connection_then_publish(built_db):
    con = connect(built_db)  # the writer keeps the database open throughout
    try:
        publish_snapshot(con)
        new_id = record_update(con, ProgressUpdate("tbc-rent-sip", "4.1", None, date(2019, 1, 9), "in_progress",
                                                   45, commentary="Halfway", change_reason="Reopened"),
                               actor="Bo Writer")
        python = duckdb1_python()
        by_id = f"select update_id, percent_complete, commentary from progress_update where update_id = {int(new_id)}"
        assert read_with(python, built_db.with_name("plan.snapshot.duckdb"), "--sql", by_id)["rows"] == []
        published = publish_snapshot(con)  # after the committed write: the copy catches up
        assert read_with(python, published.path, "--sql", by_id)["rows"] == [
            {"update_id": new_id, "percent_complete": 45.0, "commentary": "Halfway"}]
    finally:
        con.close()


def test_a_snapshot_that_cannot_be_written_is_a_plain_message_and_the_save_stands(built_db, monkeypatch):
    con = connect(built_db)
    with pytest.raises(SnapshotError, match="could not be refreshed .* Your change is saved"):
        publish_snapshot(con, built_db.parent / "no-such-folder" / "copy.duckdb")
    con.close()

    import components.db

    def broken(_con, target=None):
        raise SnapshotError("The analysts' copy could not be refreshed (test). Your change is saved.")

    at = open_page(REVIEW)
    monkeypatch.setattr(components.db, "publish_snapshot", broken)
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    at.number_input(key="f_pct_5.2").set_value(35)
    next(b for b in at.button if b.label == "Save update").click().run()
    assert not at.exception
    assert [w.value for w in at.warning] == [escape_markdown(
        "The analysts' copy could not be refreshed (test). Your change is saved.")]
    assert at.success[0].value.startswith(escape_markdown("Saved 5.2"))


def test_export_parquet_reads_the_snapshot_while_the_database_is_held(built_db, tmp_path):
    con = connect(built_db)
    try:
        record_update(con, ProgressUpdate("tbc-rent-sip", "4.1", None, date(2019, 1, 9), "in_progress", 45,
                                          commentary="In the export", change_reason="Reopened"), actor="Bo Writer")
        publish_snapshot(con)
        out = tmp_path / "parquet"
        done = subprocess.run([sys.executable, "-m", "store", "export", "--parquet", str(out), "--db", str(built_db)],
                              cwd=ROOT, capture_output=True, text=True)
    finally:
        con.close()
    assert done.returncode == 0, done.stderr
    assert "Read from the snapshot" in done.stdout and "item_state_today.parquet (114 rows)" in done.stdout
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 23 and {"item_span.parquet", "review_note.parquet", "theme_completion_at_review.parquet",
                                 "plan.parquet"} <= set(files)
    found = read_with(duckdb1_python(), ":memory:", "--sql",
                      f"select commentary from read_parquet('{out / 'progress_update.parquet'}') "
                      "where commentary = 'In the export'")
    assert found["rows"] == [{"commentary": "In the export"}]


def test_export_without_a_database_is_a_plain_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "store", "export", "--parquet", str(tmp_path / "out"), "--db",
                           str(tmp_path / "none.duckdb")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: The database") and "does not exist yet" in done.stderr


def test_backups_and_snapshots_leave_the_database_locked_against_other_programs(built_db, tmp_path):
    # Reading the held file from this process would release DuckDB's lock (POSIX record locks): the
    # copies are made by another process, so a second writer is still refused afterwards.
    from store.importer import import_tables
    from tests.test_import import tbc_tables

    con = connect(built_db)
    try:
        result = import_tables(con, tbc_tables("second"), database=built_db, actor="Test")
        publish_snapshot(con)
        assert file_format(result.backup) == FILE_FORMAT
        assert "lock" in read_with(sys.executable, built_db)["error"].lower()
    finally:
        con.close()
