"""Replacing the database never loses a confirmed save: build --force and import --replace refuse while
the dashboard (another process) holds the file, lock it from the check to the swap, keep recorded
progress unless forced, name the real backup, and clean up after a process that died; the app refuses
to save into a file another program has replaced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pytest

from store.build import build_database
from store.progress import ProgressUpdate, record_updates
from store.swap import clean_leftovers, held
from tests.conftest import ROOT
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

TABLES = ["plan", "action", "milestone", "review", "progress_update", "progress_retraction", "rebaseline", "audit_log"]

# A second process standing in for the running dashboard: it opens the database, saves one update (as
# the app's write path does) and keeps the file open until it is told to stop.
APP = textwrap.dedent("""
    import sys, time
    from datetime import date
    from store.db import connect
    from store.progress import ProgressUpdate, record_updates
    con = connect(sys.argv[1])
    record_updates(con, [ProgressUpdate("tbc-rent-sip", "5.2", None, date.today(), "in_progress", 45.0,
                                        commentary="Confirmed save")], actor="Ann Editor")
    print("saved", flush=True)
    sys.stdin.readline()
""")


def counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def counts_from_another_process(path) -> dict[str, int]:
    """Row counts read by a new process: this one's DuckDB would answer from the file it has open."""
    code = ("import json, sys, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print(json.dumps({t: con.execute(f'select count(*) from {t}').fetchone()[0] for t in sys.argv[2:]}))")
    out = subprocess.run([sys.executable, "-c", code, str(path), *TABLES], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "store", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def plan_file(built_db_template, tmp_path):
    path = tmp_path / "plan.duckdb"
    shutil.copy(built_db_template, path)
    return path


@pytest.fixture
def running_app(plan_file):
    app = subprocess.Popen([sys.executable, "-c", APP, str(plan_file)], cwd=ROOT, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = app.stdout.readline().strip()
    assert line == "saved", app.stderr.read()
    yield app
    if app.poll() is None:
        app.stdin.write("\n")
        app.stdin.flush()
    app.wait(timeout=30)


def test_import_replace_refuses_while_the_app_holds_the_database(plan_file, running_app, tmp_path):
    source = tmp_path / "tbc.zip"
    shutil.make_archive(str(source.with_suffix("")), "zip", ROOT / "data" / "source")
    result = cli("import", str(source), "--db", str(plan_file), "--replace", "--force", "--actor", "Admin")
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    assert "in use by another program" in result.stderr + result.stdout
    running_app.stdin.write("\n")
    running_app.stdin.flush()
    running_app.wait(timeout=30)
    # the confirmed save is in the live file, and nothing else was written or swapped
    con = duckdb.connect(str(plan_file), read_only=True)
    assert con.execute("select commentary, recorded_by from progress_update where origin = 'app'").fetchall() == [
        ("Confirmed save", "Ann Editor")]
    con.close()
    assert not list(tmp_path.glob("plan.duckdb.importing-*")) and not list(tmp_path.glob("plan.backup-*"))


def test_build_force_refuses_while_the_app_holds_the_database(plan_file, running_app):
    result = cli("build", "--db", str(plan_file), "--force")
    assert result.returncode != 0 and "Traceback" not in result.stderr + result.stdout
    assert "in use by another program" in result.stderr + result.stdout


def test_the_file_stays_locked_from_the_check_to_the_swap(plan_file):
    """While the CLI holds the file, the dashboard cannot open it to save (and so cannot lose a save)."""
    with held(plan_file):
        probe = subprocess.run([sys.executable, "-c", "import sys; from store.db import connect; connect(sys.argv[1])",
                                str(plan_file)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert probe.returncode != 0 and "DatabaseLockedError" in probe.stderr


def test_import_replace_keeps_recorded_progress_unless_forced(plan_file, tmp_path):
    con = duckdb.connect(str(plan_file))
    record_updates(con, [ProgressUpdate("tbc-rent-sip", "5.2", None, date.today(), "in_progress", 45.0)],
                   actor="Ann Editor")
    con.close()
    before = counts(plan_file)
    source = tmp_path / "tbc.zip"
    shutil.make_archive(str(source.with_suffix("")), "zip", ROOT / "data" / "source")
    refused = cli("import", str(source), "--db", str(plan_file), "--replace", "--actor", "Admin")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr + refused.stdout
    assert "1 progress record(s) entered by people" in refused.stderr + refused.stdout
    assert counts(plan_file) == before
    forced = cli("import", str(source), "--db", str(plan_file), "--replace", "--force", "--actor", "Admin")
    assert forced.returncode == 0, forced.stderr
    backups = sorted(tmp_path.glob("plan.backup-*.duckdb"))
    con = duckdb.connect(str(plan_file), read_only=True)
    detail = json.loads(con.execute("select detail from audit_log where event = 'plan_imported' "
                                    "order by event_id desc limit 1").fetchone()[0])
    con.close()
    assert detail["backup"] == str(backups[-1])  # the real backup, verified, named in the audit row
    assert counts(backups[-1])["progress_update"] == before["progress_update"]  # the save is in the backup


def test_leftovers_of_a_dead_process_are_removed(tmp_path):
    path = tmp_path / "plan.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"plan.duckdb.building-{dead.pid}"
    mine = tmp_path / f"plan.duckdb.importing-{os.getpid()}"
    stale.write_text("half-built")
    mine.write_text("in progress")
    assert clean_leftovers(path) == [stale]
    assert not stale.exists() and mine.exists()


def test_the_app_refuses_to_save_into_a_replaced_file(built_db, tmp_path):
    at = open_page("pages/4_Review.py")
    at.text_input(key="local_editor").input("Ann Editor").run()
    at.selectbox(key="edit_item").set_value("5.2").run()
    replacement = tmp_path / "other.duckdb"
    build_database(replacement, with_demo=False)
    Path(f"{built_db}.wal").unlink(missing_ok=True)  # another program swaps the file under the running app
    os.replace(replacement, built_db)
    before = counts_from_another_process(built_db)
    next(b for b in at.button if b.label == "Save update").click().run()
    assert "replaced by another program" in at.error[0].value.replace("\\", "")
    assert counts_from_another_process(built_db) == before
