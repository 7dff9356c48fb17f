"""Upgrading keeps the data: a database built by the previous release's own code, with progress a
person recorded in it, opens in the current app (which upgrades the schema as it opens the file) and
keeps every row.

PREVIOUS_RELEASE names the commit whose code builds the old database. Move it forward when a release
changes the schema, so that the step every council will take next is the one tested.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import duckdb
import pytest

from store.__main__ import main
from store.backup import table_counts
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_RELEASE = "69c1a20"  # "Drop an import the differential test no longer uses", 24 Nov 2026
COMMENTARY = "Recorded with the previous release: cabinet paper drafted"


def previous_release(folder: Path) -> Path:
    """The previous release's files, unpacked from git into `folder`."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", PREVIOUS_RELEASE], cwd=ROOT,
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        message = (f"git cannot produce the previous release {PREVIOUS_RELEASE} "
                   f"(a shallow clone? {getattr(exc, 'stderr', b'') or exc!s})")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def test_current_app_opens_a_database_built_by_the_previous_release(tmp_path, monkeypatch):
    old = previous_release(tmp_path / "previous")
    db = tmp_path / "data" / "plan.duckdb"
    env = {**os.environ, "PLAN_DB": str(db), "PYTHONPATH": str(old)}
    built = subprocess.run([sys.executable, "-m", "store", "build", "--db", str(db)], cwd=old, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    con = duckdb.connect(str(db))
    # what a person recorded with the old release (an app save writes an update and an audit row)
    con.execute("""insert into progress_update (plan_id, ref, seq, reported_on, status, percent_complete,
                       commentary, recorded_by, origin)
                   values ('tbc-rent-sip', '2.1', null, date '2018-02-20', 'in_progress', 40, ?, 'Sue Philp', 'app')""",
                [COMMENTARY])
    con.execute("""insert into audit_log (actor, event, detail) values ('Sue Philp', 'progress_recorded', '{}')""")
    before = table_counts(con)
    con.close()
    assert before["action"] == 37 and before["audit_log"] == 1

    monkeypatch.setenv("PLAN_DB", str(db))
    at = open_page(timeout=60)  # the app opens the file and upgrades it
    assert not at.exception
    assert at.title[0].value == "Rent Service Improvement Plan"
    assert at.metric[0].label == "Actions complete" and at.metric[0].value.endswith(" of 37")

    con = duckdb.connect(str(db))  # the app's own database, shared within this process
    after = table_counts(con)
    kept = con.execute("select recorded_by, status, percent_complete from progress_update where commentary = ?",
                       [COMMENTARY]).fetchall()
    # the current definitions run on the old data: 2.1's state as of that day comes from the saved row
    state = con.execute("""select status, percent_complete from item_state('tbc-rent-sip', date '2018-02-21', 30)
                           where ref = '2.1' and seq is null""").fetchall()
    con.close()
    assert {table: after.get(table) for table in before} == before  # every old table, every row
    assert "review_note" not in before and after["review_note"] == 0  # tables added since, empty
    assert kept == [("Sue Philp", "in_progress", 40.0)]
    assert state == [("in_progress", 40.0)]


def test_health_command_accepts_a_database_from_the_previous_release(tmp_path, capsys):
    old = previous_release(tmp_path / "previous")
    db = tmp_path / "old.duckdb"
    env = {**os.environ, "PLAN_DB": str(db), "PYTHONPATH": str(old)}
    subprocess.run([sys.executable, "-m", "store", "build", "--plan-only", "--db", str(db)], cwd=old, env=env,
                   check=True, capture_output=True)
    assert main(["health", "--db", str(db)]) == 0  # the service's ExecStartPre lets it start
    assert "37 actions" in capsys.readouterr().out
