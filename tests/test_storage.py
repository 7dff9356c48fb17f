"""Every database file store/ writes is in the storage version DuckDB 1.x reads (store/storage.py):
the build, a forced rebuild's backup, import --replace and its backup, a synthetic plan, the snapshot;
and a file an older version wrote in DuckDB 2.0's own format is converted, losing nothing."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from store.build import build_database, ensure_database
from store.db import connect
from store.importer import import_plan
from store.snapshot import publish_snapshot, snapshot_path
from store.storage import (FILE_FORMAT, STORAGE_VERSION, StorageError, file_format, quote_identifier, quote_literal,
                           table_rows)
from store.synth import synthesize
from tests.conftest import ROOT
from tests.test_build import _record_progress
from tests.test_import import tbc_tables, write_folder


def in_duckdb2_format(source, target):
    """A copy of `source` written in DuckDB 2.0's default format, as this app wrote files before."""
    con = duckdb.connect(str(target))
    con.execute("attach ? as old (read_only)", [str(source)])
    con.execute("copy from database old to " + quote_identifier(target.stem))
    con.execute("detach old")
    con.close()
    return target


def test_the_format_is_the_one_duckdb1_reads(tmp_path):
    assert STORAGE_VERSION == "v1.0.0" and FILE_FORMAT == 64
    plain = tmp_path / "plain.duckdb"
    duckdb.connect(str(plain)).close()  # what DuckDB 2.0 writes when not told otherwise
    assert file_format(plain) not in (None, FILE_FORMAT)
    assert file_format(tmp_path / "missing.duckdb") is None
    (tmp_path / "text.duckdb").write_text("not a database")
    assert file_format(tmp_path / "text.duckdb") is None


def test_build_backup_import_replace_synth_and_snapshot_are_all_readable(tmp_path):
    path = tmp_path / "plan.duckdb"
    build_database(path)
    assert file_format(path) == FILE_FORMAT
    _record_progress(path)
    rebuilt = build_database(path, force=True)
    assert file_format(rebuilt.backup) == FILE_FORMAT and file_format(path) == FILE_FORMAT

    tables = tbc_tables("tbc-rent-sip")
    tables["plan"]["title"] = "Revised"
    imported = import_plan(write_folder(tables, tmp_path / "rev"), path, actor="Test", replace=True)
    assert file_format(imported.backup) == FILE_FORMAT and file_format(path) == FILE_FORMAT

    synthetic = tmp_path / "x1.duckdb"
    synthesize(synthetic, scale=1, seed=3)
    assert file_format(synthetic) == FILE_FORMAT

    con = connect(path)
    published = publish_snapshot(con)
    con.close()
    assert published.path == tmp_path / "plan.snapshot.duckdb" and file_format(published.path) == FILE_FORMAT
    leftovers = [p.name for p in tmp_path.iterdir() if any(s in p.name for s in (".building-", ".importing-",
                                                                                  ".writing-", ".converting-"))]
    assert leftovers == []


def test_a_duckdb2_format_file_is_converted_when_opened_and_loses_nothing(built_db_template, tmp_path):
    path = in_duckdb2_format(built_db_template, tmp_path / "plan.duckdb")
    assert file_format(path) != FILE_FORMAT
    con = duckdb.connect(str(path), read_only=True)
    before = table_rows(con)
    con.close()

    assert ensure_database(path) is False  # the app's start: not rebuilt, converted in place
    assert file_format(path) == FILE_FORMAT
    con = connect(path)
    assert table_rows(con) == before
    assert before["progress_update"] == 1153 and before["item"] == 114  # 37 actions + 77 milestones
    # sequences carry on where they were: the next update gets the next number
    assert con.execute("select nextval('progress_update_id_seq')").fetchall() == [(1154,)]
    assert con.execute("select comment from duckdb_tables() where table_name = 'plan'").fetchall() == [
        ("One row per plan: an improvement plan loaded from data/source/ or imported.",)]
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.duckdb"]


def test_import_converts_an_old_file_before_backing_it_up(built_db_template, tmp_path):
    path = in_duckdb2_format(built_db_template, tmp_path / "plan.duckdb")
    result = import_plan(write_folder(tbc_tables("second"), tmp_path / "second"), path, actor="Test")
    assert file_format(path) == FILE_FORMAT and file_format(result.backup) == FILE_FORMAT


def test_the_snapshot_goes_beside_the_database():
    assert snapshot_path(ROOT / "data" / "plan.duckdb") == ROOT / "data" / "plan.snapshot.duckdb"
    assert snapshot_path(ROOT / "x" / "my-plan.duckdb").name == "my-plan.snapshot.duckdb"


def test_quoting_for_the_statements_duckdb_cannot_bind():
    assert quote_identifier("default-plan") == '"default-plan"'
    assert quote_literal("the owner's view") == "'the owner''s view'"
    for bad in ('plan"; drop table plan; --', ""):
        with pytest.raises(StorageError, match="characters"):
            quote_identifier(bad)
    with pytest.raises(StorageError, match="NUL"):
        quote_literal("x\x00")


def test_cli_build_publishes_the_snapshot(tmp_path):
    path = tmp_path / "cli.duckdb"
    done = subprocess.run([sys.executable, "-m", "store", "build", "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Published the analysts' snapshot {tmp_path / 'cli.snapshot.duckdb'}" in done.stdout
    assert file_format(tmp_path / "cli.snapshot.duckdb") == FILE_FORMAT


def test_a_snapshot_of_a_duckdb2_format_file_is_still_readable(built_db_template, tmp_path):
    # the byte copy would keep 2.0's format, so the snapshot is copied through DuckDB instead
    path = in_duckdb2_format(built_db_template, tmp_path / "legacy.duckdb")
    con = duckdb.connect(str(path))
    published = publish_snapshot(con)
    assert table_rows(con)["progress_update"] == 1153
    con.close()
    assert file_format(path) != FILE_FORMAT and file_format(published.path) == FILE_FORMAT
    copy = duckdb.connect(str(published.path), read_only=True)
    assert table_rows(copy)["progress_update"] == 1153
    copy.close()


def test_a_failed_conversion_is_a_plain_message_and_leaves_the_file_as_it_was(built_db_template, tmp_path,
                                                                              monkeypatch):
    import store.storage

    path = in_duckdb2_format(built_db_template, tmp_path / "plan.duckdb")
    before = file_format(path)

    def disk_full(con, target):
        raise duckdb.IOException("No space left on device")

    monkeypatch.setattr(store.storage, "copy_database", disk_full)
    with pytest.raises(StorageError, match=r"in DuckDB 2.0's own format.*converting it failed \(No space left on "
                                           r"device\)\. It is unchanged"):
        ensure_database(path)
    assert file_format(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["plan.duckdb"]


def test_cli_build_succeeds_with_a_note_when_the_snapshot_cannot_be_replaced(tmp_path):
    (tmp_path / "cli.snapshot.duckdb").mkdir()  # something in the way that cannot be replaced by a file
    (tmp_path / "cli.snapshot.duckdb" / "keep").write_text("x")
    done = subprocess.run([sys.executable, "-m", "store", "build", "--db", str(tmp_path / "cli.duckdb")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stdout.startswith(f"Built {tmp_path / 'cli.duckdb'}")
    assert f"Note: The analysts' copy {tmp_path / 'cli.snapshot.duckdb'} could not be refreshed" in done.stdout
    assert file_format(tmp_path / "cli.duckdb") == FILE_FORMAT


def test_the_file_drops_cte_hints_so_opening_it_installs_the_definitions_again(built_db_template, tmp_path):
    """Storage version v1.0.0 keeps no CTE's MATERIALIZED / NOT MATERIALIZED hint in a stored macro (DuckDB
    2.0 writes them only in its own format). The rows are the same either way, but the plans measured by
    make bench are the ones with the hints: upgrade_schema, which the dashboard runs on every open, puts
    the definitions back as written."""
    from store.build import upgrade_schema

    path = tmp_path / "plan.duckdb"
    path.write_bytes(built_db_template.read_bytes())
    definition = "select macro_definition from duckdb_functions() where function_name = 'item_forecast'"
    with duckdb.connect(str(path)) as con:
        assert "MATERIALIZED" not in con.execute(definition).fetchone()[0]
        upgrade_schema(con)
        assert "slips AS MATERIALIZED" in con.execute(definition).fetchone()[0]
