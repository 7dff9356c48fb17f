"""Older trackers kept in the Excel 97-2003 format (.xls) import exactly as the same tracker saved as .xlsx:
LibreOffice headless saves each fixture as .xls (as Excel would), and the database after importing the
.xls holds the same rows, merged cells, section rows and displayed date text included, as after the .xlsx.
Skipped where LibreOffice is not installed, except in CI (CI=true), where `make test` installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from store.errors import ValidationError
from store.importer import import_plan
from tests import tracker_fixtures as fx
from tests.test_build import snapshot

SOFFICE = shutil.which("soffice")
if os.environ.get("CI") == "true" and not SOFFICE:
    raise RuntimeError("CI needs LibreOffice (soffice) to write the .xls fixtures: `make test` installs it.")
pytestmark = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) writes the .xls fixtures")


def as_xls(xlsx: bytes, folder: Path, stem: str) -> bytes:
    source = folder / f"{stem}.xlsx"
    source.write_bytes(xlsx)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                    "xls:MS Excel 97", "--outdir", str(folder / "xls"), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (folder / "xls" / f"{stem}.xls").read_bytes()


def imported_snapshot(built_db: Path, folder: Path, name: str, data: bytes) -> dict:
    db = folder / f"{name}.duckdb"
    shutil.copy(built_db, db)
    (folder / name).write_bytes(data)
    import_plan(folder / name, db, actor="Test")
    rows = snapshot(db)
    # where each row came from names the file: the same tracker, other than its extension; the audit
    # row names its backup, stamped with the second it was taken
    return {table: [tuple(str(v).replace(name, "FILE") for v in row) for row in table_rows]
            for table, table_rows in rows.items() if table != "audit_log"}


@pytest.mark.parametrize("stem, tracker", [("westshire", fx.sections_tracker), ("eastborough", fx.milestones_tracker)])
def test_an_xls_tracker_imports_as_its_xlsx(built_db, tmp_path, stem, tracker):
    xlsx = tracker()
    xls = as_xls(xlsx, tmp_path, stem)
    assert xls[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file: the real old format
    from_xls = imported_snapshot(built_db, tmp_path, f"{stem}.xls", xls)
    from_xlsx = imported_snapshot(built_db, tmp_path, f"{stem}.xlsx", xlsx)
    assert from_xls == from_xlsx
    assert len(from_xls["action"]) > len(snapshot(built_db)["action"])  # the plan did come in


def test_a_file_named_xls_that_is_not_one_is_refused_in_plain_words(built_db, tmp_path):
    (tmp_path / "plan.xls").write_bytes(b"Ref,Action\r\n1,Do it\r\n")
    before = snapshot(built_db)
    with pytest.raises(ValidationError) as refused:
        import_plan(tmp_path / "plan.xls", built_db, actor="Test")
    assert refused.value.problems == ["plan.xls: the file is not an Excel 97-2003 workbook (.xls). Save it from "
                                      "Excel as .xlsx or CSV."]
    assert snapshot(built_db) == before
