"""An 8 KB workbook whose sheet declares A1:XFD1048576, with one value in its last row, is refused
quickly and in little memory: the import runs in a child process limited to 1.5 GB of address space
(before the fix it grew past 2.6 GB). The same file through the tracker reader (the Data page's first
look at any .xlsx) stays small too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.tracker.grid import MAX_ROWS
from store.workbook import tables_workbook
from tests.hostile.hostile import declares_whole_sheet, patch_sheet, plan_tables, row_counts

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from store.errors import ValidationError
from store.importer import import_plan, is_tracker
from store.tracker import read_tracker
path, db, how = sys.argv[1], sys.argv[2], sys.argv[3]
started = time.monotonic()
try:
    if how == "import":
        import_plan(path, db, actor="Test")
    else:
        read_tracker(open(path, "rb").read(), "huge.xlsx")
    outcome = "accepted"
except ValidationError as exc:
    outcome = exc.problems
except MemoryError:
    outcome = "MemoryError"
# VmHWM is this program's own peak: getrusage's maxrss keeps the peak of the process before its exec,
# i.e. of a large test runner
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started, "max_rss_mb": peak_kb / 1024}))
"""


@pytest.fixture(scope="module")
def huge_xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.xlsx"
    tables = {k: v.head(3) for k, v in plan_tables().items()}
    path.write_bytes(patch_sheet(tables_workbook(tables), "actions", declares_whole_sheet))
    return path


def run_child(path: Path, db: Path, how: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db), how], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


def test_the_file_is_small(huge_xlsx):
    assert huge_xlsx.stat().st_size < 12_000


def test_the_template_import_refuses_it_in_little_memory(huge_xlsx, built_db):
    before = row_counts(built_db)
    result = run_child(huge_xlsx, built_db, "import")
    assert result["outcome"] == ["huge.xlsx, sheet 'actions': more than 200,000 rows (the limit); check that this "
                                 "is the right file, or delete the unused rows and save it again."]
    assert result["seconds"] < 5 and result["max_rss_mb"] < 400, result  # the interpreter and pandas: ~130 MB
    assert row_counts(built_db) == before


def test_the_tracker_reader_refuses_it_in_little_memory(huge_xlsx, built_db):
    result = run_child(huge_xlsx, built_db, "tracker")
    assert isinstance(result["outcome"], list) and any(f"below row {MAX_ROWS:,}" in p for p in result["outcome"])
    assert result["seconds"] < 5 and result["max_rss_mb"] < 400, result
