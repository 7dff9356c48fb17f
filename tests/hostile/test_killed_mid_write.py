"""kill -9 in the middle of an import: what it leaves is never named like a valid backup, and the next
import removes it (and any `.importing-<pid>` working copy of a process that no longer runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from store.importer import import_plan
from tests.hostile.hostile import plan_tables, row_counts, template_zip

ROOT = Path(__file__).resolve().parents[2]
KILLED_MID_BACKUP = """
import os, signal, sys
from pathlib import Path
import store.build, store.storage
from store.db import connect

def half_copy(con, source, target):  # the copy is cut short: the process dies while writing it
    Path(target).write_bytes(Path(source).read_bytes()[:4096])
    os.kill(os.getpid(), signal.SIGKILL)

store.build.copy_open_database = half_copy
db = Path(sys.argv[1])
con = connect(db)
store.build.verified_backup(con, db)
"""


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_backup_cut_short_is_not_named_like_one_and_is_swept(built_db, tmp_path):
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_BACKUP, str(built_db)], cwd=ROOT, capture_output=True)
    assert killed.returncode == -9
    left = sorted(p.name for p in built_db.parent.iterdir() if ".backup-" in p.name)
    assert len(left) == 1 and ".partial-" in left[0]  # not plan.backup-<stamp>.duckdb
    stale = built_db.with_name(f"{built_db.name}.importing-{dead_pid()}")
    stale.write_bytes(b"half a database")
    upload = tmp_path / "next.zip"
    upload.write_bytes(template_zip(plan_tables("next")))
    before = row_counts(built_db)
    result = import_plan(upload, built_db, actor="Test")
    assert result.plan_id == "next" and row_counts(built_db)["plan"] == before["plan"] + 1
    names = sorted(p.name for p in built_db.parent.iterdir())
    assert not [n for n in names if ".partial-" in n or ".importing-" in n], names
    assert [n for n in names if ".backup-" in n] == [result.backup.name]  # the one verified backup
