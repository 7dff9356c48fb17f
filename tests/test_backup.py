"""`python -m store backup|restore|health`: verified copies, pruning, refusals, and the health check."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from store.__main__ import main
from store.backup import BackupError, backup, restore, table_counts, verify
from store.build import create_schema
from store.db import store_sql
from store.errors import DatabaseLockedError
from store.health import check_database

ACTIONS = 37  # the built-in TBC plan


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return table_counts(con)
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_audit_rows(path: Path, n: int) -> None:
    """A change made after a backup: n audit rows."""
    con = duckdb.connect(str(path))
    for i in range(n):
        con.execute(store_sql("insert_audit"), {"actor": "test", "event": "after_backup", "detail": str(i)})
    con.close()


@pytest.fixture
def holder(tmp_path):
    """Start another process that holds a database file open, as the running dashboard does."""
    started = []

    def hold(path: Path) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
             "print('ready', flush=True); time.sleep(60)", str(path)],
            stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "ready"

    yield hold
    for proc in started:
        proc.kill()
        proc.wait()


def test_backup_then_restore_round_trip_gives_back_every_row(built_db, tmp_path):
    dest = tmp_path / "backups"
    before = counts(built_db)
    made = backup(built_db, dest, keep=5)
    assert made.path.parent == dest and made.path.name.startswith("plan.backup-")
    assert made.counts == before and made.counts["action"] == ACTIONS
    assert counts(made.path) == before  # the copy on disk, opened again

    add_audit_rows(built_db, 3)
    changed = counts(built_db)
    assert changed["audit_log"] == before["audit_log"] + 3

    result = restore(made.path, built_db, force=True, dest=dest)
    after = counts(built_db)
    # every table as backed up, plus the one audit row that records the restore
    assert {t: n for t, n in after.items() if t != "audit_log"} == {t: n for t, n in before.items() if t != "audit_log"}
    assert after["audit_log"] == before["audit_log"] + 1
    # ...and the same contents, not only as many rows
    restored, backed_up = verify(built_db), verify(made.path)
    assert {t: v for t, v in restored.items() if t != "audit_log"} == {t: v for t, v in backed_up.items() if t != "audit_log"}
    con = duckdb.connect(str(built_db), read_only=True)
    actor, event, detail = con.execute(
        'select actor, event, detail from audit_log order by event_id desc limit 1').fetchone()
    con.close()
    assert (actor, event) == ("command line", "database_restored")
    assert json.loads(detail) == {"from": str(made.path), "previous_database_saved_as": str(result.previous)}
    # the database it replaced was kept, verified, outside the pruned set
    assert result.previous.name.startswith("plan.before-restore-")
    assert counts(result.previous) == changed
    assert not Path(f"{built_db}.wal").exists()


def test_backup_keeps_only_the_newest_n(built_db, tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    unrelated = dest / "notes.txt"
    unrelated.write_text("not a backup")
    kept_aside = dest / "plan.before-restore-20260101-000000.duckdb"
    kept_aside.write_bytes(built_db.read_bytes())
    made = [backup(built_db, dest, keep=2, now=datetime(2026, 3, day, 2, 0)) for day in (1, 2, 3, 4)]
    names = sorted(p.name for p in dest.iterdir())
    assert names == ["notes.txt", "plan.backup-20260303-020000.duckdb", "plan.backup-20260304-020000.duckdb",
                     "plan.before-restore-20260101-000000.duckdb"]
    assert [p.name for p in made[2].pruned] == ["plan.backup-20260301-020000.duckdb"]
    assert [p.name for p in made[3].pruned] == ["plan.backup-20260302-020000.duckdb"]


def test_two_backups_in_one_second_both_kept(built_db, tmp_path):
    at = datetime(2026, 3, 1, 2, 0)
    first, second = (backup(built_db, tmp_path, keep=5, now=at) for _ in range(2))
    assert first.path.name == "plan.backup-20260301-020000.duckdb"
    assert second.path.name == "plan.backup-20260301-020000-2.duckdb"


def test_restore_without_force_refuses_and_changes_nothing(built_db, tmp_path, capsys):
    made = backup(built_db, tmp_path / "backups")
    add_audit_rows(built_db, 1)
    before = digest(built_db)
    code = main(["restore", str(made.path), "--db", str(built_db)])
    err = capsys.readouterr().err
    assert code == 1
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert digest(built_db) == before
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.path.name]  # no backup made


def test_restore_into_an_empty_place_needs_no_force(built_db, tmp_path, capsys):
    made = backup(built_db, tmp_path / "backups")
    target = tmp_path / "new" / "plan.duckdb"
    assert main(["restore", str(made.path), "--db", str(target)]) == 0
    assert f"Restored {target}" in capsys.readouterr().out
    assert counts(target)["action"] == ACTIONS


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not_a_plan"])
def test_a_corrupt_or_foreign_backup_is_refused(built_db, tmp_path, capsys, damage):
    good = backup(built_db, tmp_path / "backups").path
    bad = tmp_path / f"{damage}.duckdb"
    if damage == "garbage":
        bad.write_bytes(b"this is not a database\n" * 100)
    elif damage == "truncated":  # a copy cut short, as by a full disk
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 3])
    else:  # a DuckDB file, but not one of ours
        con = duckdb.connect(str(bad))
        con.execute("create table other (x integer)")
        con.close()
    before = digest(built_db)
    with pytest.raises(BackupError):
        verify(bad)
    code = main(["restore", str(bad), "--db", str(built_db), "--force"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Error: ") and "Traceback" not in err
    assert digest(built_db) == before
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [good.name]  # nothing made either


def test_backup_and_restore_refuse_while_another_program_has_the_database(built_db, tmp_path, holder, capsys):
    made = backup(built_db, tmp_path / "backups")
    holder(built_db)
    with pytest.raises(DatabaseLockedError):
        backup(built_db, tmp_path / "backups")
    assert main(["restore", str(made.path), "--db", str(built_db), "--force"]) == 1
    assert "in use by another program" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.path.name]


def test_backup_cli_reports_the_verified_counts(built_db, tmp_path, capsys):
    assert main(["backup", "--db", str(built_db), "--dest", str(tmp_path / "b"), "--keep", "3"]) == 0
    out = capsys.readouterr().out
    assert "Verified: the copy opens and every table has the same rows" in out
    assert f"{ACTIONS} actions" in out
    assert main(["backup", "--db", str(built_db), "--keep", "0"]) == 1
    assert "--keep must be at least 1" in capsys.readouterr().err


def test_backup_dir_defaults_beside_the_database_or_to_plan_backup_dir(built_db, tmp_path, monkeypatch):
    assert backup(built_db).path.parent == built_db.parent / "backups"
    monkeypatch.setenv("PLAN_BACKUP_DIR", str(tmp_path / "elsewhere"))
    assert backup(built_db).path.parent == tmp_path / "elsewhere"


# --- health ----------------------------------------------------------------------------------


def test_health_ok_names_what_it_read(built_db, capsys):
    result = check_database(built_db)
    assert result.ok
    assert result.text().startswith("OK: ") and f"{ACTIONS} actions" in result.text()
    assert main(["health", "--db", str(built_db)]) == 0
    assert capsys.readouterr().out.startswith("OK: the plan database opens and reads: 1 plan(s), 37 actions")


def test_health_fails_when_the_database_cannot_be_opened(built_db, tmp_path, holder, capsys):
    missing = tmp_path / "missing.duckdb"
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"\0garbage" * 1000)
    empty = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(empty))
    create_schema(con)
    con.close()
    cases = {missing: "file is missing", corrupt: "cannot be opened", empty: "holds no plan"}
    for path, why in cases.items():
        result = check_database(path)
        assert not result.ok and why in result.message, (path, result)
        assert str(tmp_path) not in result.message  # the URL shows this text to anyone: no paths
        assert main(["health", "--db", str(path)]) == 1
        assert capsys.readouterr().err.startswith(f"FAIL: the plan database")
    assert not missing.exists()  # the check never creates a database
    holder(built_db)
    result = check_database(built_db)
    assert not result.ok and result.message == "the plan database is locked by another program"
