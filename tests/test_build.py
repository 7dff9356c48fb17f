"""Building the database: idempotent, atomic, careful with recorded progress, plain about locks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

import duckdb
import pytest

from store.build import build_database
from store.db import connect, db_path
from store.errors import BuildRefusedError, DatabaseLockedError, ValidationError
from tests.conftest import ROOT

TABLES = ["plan", "theme", "action", "milestone", "officer", "officer_alias", "assignment", "review",
          "progress_update", "rebaseline", "audit_log"]
VOLATILE = {"loaded_at", "recorded_at", "at"}  # timestamps of when the build ran


def snapshot(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            columns = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [table],
            ).fetchall() if r[0] not in VOLATILE]
            select = ", ".join(f'"{c}"' for c in columns)
            out[table] = con.execute(f'select {select} from "{table}" order by all').fetchall()
        return out
    finally:
        con.close()


def test_plan_db_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAN_DB", str(tmp_path / "x.duckdb"))
    assert db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("PLAN_DB")
    assert db_path() == ROOT / "data" / "plan.duckdb"


def test_public_schema_tables_exist(built_db_template):
    con = duckdb.connect(str(built_db_template), read_only=True)
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    con.close()
    assert set(TABLES) <= names


def test_build_is_idempotent(tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build_database(first)
    build_database(second)
    build_database(second)  # rebuilding over a database with no recorded progress
    assert snapshot(first) == snapshot(second)
    assert not list(tmp_path.glob("*.building-*"))


def _record_progress(path):
    con = connect(path)
    con.execute(
        "insert into progress_update (plan_id, ref, reported_on, status, percent_complete, recorded_by, origin) "
        "values ('tbc-rent-sip', '1.1', date '2016-10-01', 'in_progress', 10, 'test', 'app')"
    )
    con.close()


def test_refuses_to_overwrite_recorded_progress(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path)
    _record_progress(path)
    with pytest.raises(BuildRefusedError, match="holds 1 progress record"):
        build_database(path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*) from progress_update where origin = 'app'").fetchone() == (1,)
    con.close()


def test_force_backs_up_first(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path)
    _record_progress(path)
    result = build_database(path, force=True)
    assert result.backup is not None and result.backup.exists()
    old = duckdb.connect(str(result.backup), read_only=True)
    assert old.execute("select count(*) from progress_update where origin = 'app'").fetchone() == (1,)
    old.close()
    new = duckdb.connect(str(path), read_only=True)
    assert new.execute("select count(*) from progress_update where origin = 'app'").fetchone() == (0,)
    new.close()


def test_bad_source_changes_nothing(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path)
    before = snapshot(path)
    bad = tmp_path / "source"
    bad.mkdir()
    for f in (ROOT / "data" / "source").glob("*.csv"):
        (bad / f.name).write_text(f.read_text(encoding="utf-8").replace("Sept 16", "Sept 2O16"), encoding="utf-8")
    with pytest.raises(ValidationError, match="'Sept 2O16'"):
        build_database(path, source_dir=bad)
    assert snapshot(path) == before


def test_plan_only_has_no_history(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path, with_demo=False)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select origin, count(*) from progress_update group by 1").fetchall() == [("source", 1)]
    assert con.execute("select count(*) from review").fetchone() == (0,)
    con.close()


def test_check_constraints_hold(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path, with_demo=False)
    con = connect(path)
    base = "insert into progress_update (plan_id, ref, reported_on, status, percent_complete, actual_end, rag_override, rag_reason, recorded_by) values "
    for values in [
        "('tbc-rent-sip', '1.1', date '2017-01-01', 'finished', 10, null, null, null, 't')",  # unknown status
        "('tbc-rent-sip', '1.1', date '2017-01-01', 'in_progress', 120, null, null, null, 't')",  # percent > 100
        "('tbc-rent-sip', '1.1', date '2017-01-01', 'complete', 100, null, null, null, 't')",  # complete, no end
        "('tbc-rent-sip', '1.1', date '2017-01-01', 'in_progress', 10, null, 'red', null, 't')",  # override, no reason
        "('tbc-rent-sip', '1.1', date '2017-01-01', 'in_progress', 10, null, 'purple', 'x', 't')",  # unknown RAG
        "('tbc-rent-sip', '9.9', date '2017-01-01', 'in_progress', 10, null, null, null, 't')",  # unknown action
    ]:
        with pytest.raises(duckdb.ConstraintException):
            con.execute(base + values)
    with pytest.raises(duckdb.ConstraintException):
        con.execute("insert into rebaseline (plan_id, ref, approved_on, new_baseline_start, new_baseline_end, reason, approved_by) "
                    "values ('tbc-rent-sip', '1.1', date '2017-01-01', date '2018-01-01', date '2017-06-01', 'x', 'y')")
    con.close()


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(30)
    """
)


@pytest.fixture
def locked_db(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path, with_demo=False)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    yield path
    holder.kill()
    holder.wait()


def test_locked_database_gives_a_plain_message(locked_db):
    with pytest.raises(DatabaseLockedError) as err:
        connect(locked_db)
    assert "in use by another program" in str(err.value)
    assert str(locked_db) in str(err.value)


def test_cli_build_on_a_locked_database_says_so_without_a_traceback(locked_db):
    result = subprocess.run(
        [sys.executable, "-m", "store", "build", "--db", str(locked_db)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PLAN_DB": str(locked_db)},
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: The plan database")
    assert "Traceback" not in result.stderr


def test_cli_build_then_refuse(tmp_path):
    path = tmp_path / "cli.duckdb"
    run = lambda *a: subprocess.run([sys.executable, "-m", "store", "build", "--db", str(path), *a],
                                    cwd=ROOT, capture_output=True, text=True)
    first = run("--plan-only")
    assert first.returncode == 0, first.stderr
    assert "No progress recorded" in first.stdout
    _record_progress(path)
    refused = run()
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = run("--force")
    assert forced.returncode == 0 and "saved as" in forced.stdout
