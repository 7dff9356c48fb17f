"""Import a plan: the template's shape (a folder of CSVs like data/source/, a zip of them, or one Excel
workbook with a sheet per table), or a council's own one-sheet tracker (store/tracker/). Every problem
is reported at once; on any problem nothing is written. A successful import makes a verified backup of
the database first and writes in one transaction."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace as with_changes
from pathlib import Path

import duckdb
import pandas as pd

from store.build import upgrade_schema, verified_backup, write_plan
from store.swap import clean_leftovers, held, recorded_rows, refuse_to_drop
from store.storage import convert_to_readable, copy_open_database
from store.db import connect, db_path, run_script, store_sql
from store.errors import ValidationError
from store.source import SPECS, fold, prepare, read_source_folder
from store.template_read import read_workbook, read_zip



@dataclass(frozen=True)
class ImportResult:
    plan_id: str
    actions: int
    milestones: int
    backup: Path | None


def read_any(path: Path) -> dict[str, pd.DataFrame]:
    """The seven tables from a folder, a .zip or a .xlsx file."""
    path = Path(path)
    if path.is_dir():
        return read_source_folder(path)
    if not path.exists():
        raise ValidationError([f"{path} does not exist."])
    data = path.read_bytes()
    return read_upload(data, path.name)


def read_upload(data: bytes, name: str) -> dict[str, pd.DataFrame]:
    """The seven tables from an uploaded file's bytes, by its extension."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return read_zip(data, name)
    if lower.endswith((".xlsx", ".xlsm")):
        return read_workbook(data, name)
    raise ValidationError([f"{name}: upload an Excel workbook (.xlsx or .xls), a CSV file, or a .zip of the "
                           "template's CSV files."])


def is_tracker(data: bytes, name: str) -> bool:
    """A council's own tracker (one sheet, its own headers) rather than the seven-table template."""
    lower = name.lower()
    if lower.endswith((".csv", ".xls")):
        return True
    if not lower.endswith((".xlsx", ".xlsm")):
        return False
    from store.tracker.excel import open_xlsx

    book = open_xlsx(data, name)
    try:
        names = {n.casefold() for n in book.sheetnames}
    finally:
        book.close()
    return not {"plan", "actions"} <= names


def _check_against_database(con: duckdb.DuckDBPyConnection, prepared: dict[str, pd.DataFrame], replace: bool) -> list[str]:
    """What the database already holds that the import would contradict."""
    problems: list[str] = []
    plan_id = prepared["plan"]["plan_id"].iloc[0]
    exists = con.execute(store_sql("plan_exists"), {"plan_id": plan_id}).fetchone()[0]
    if exists and not replace:
        problems.append(f"plan.csv: a plan '{plan_id}' is already in the database. Give the new plan another "
                        "plan_id, or replace the existing one (--replace on the command line).")
    known = con.execute(store_sql("known_officers")).df()
    names = dict(zip(known["officer_id"], known["name"]))
    ids_by_name = {fold(n): i for i, n in names.items()}
    for officer_id, name in zip(prepared["officer"]["officer_id"], prepared["officer"]["name"]):
        if officer_id in names and fold(names[officer_id]) != fold(name):
            problems.append(f"officers.csv: officer '{officer_id}' is '{names[officer_id]}' in the database, "
                            f"not '{name}'.")
        elif officer_id not in names and fold(name) in ids_by_name:
            problems.append(f"officers.csv: '{name}' is already in the database as officer "
                            f"'{ids_by_name[fold(name)]}'; use that id (one person, one id).")
    aliases = dict(con.execute(store_sql("known_aliases")).fetchall())
    for alias, officer_id in zip(prepared["officer_alias"]["alias"], prepared["officer_alias"]["officer_id"]):
        if alias in aliases and aliases[alias] != officer_id:
            problems.append(f"officer_aliases.csv: the spelling '{alias}' already means officer "
                            f"'{aliases[alias]}' in the database, not '{officer_id}'.")
    return problems


def _in_sheet_terms(problems: list[str]) -> list[str]:
    """Messages about a workbook name its sheets, not the CSV files the same checks are written for."""
    out = []
    for message in problems:
        for spec in SPECS.values():
            message = message.replace(spec.file, f"sheet '{spec.file.removesuffix('.csv')}'")
        out.append(message)
    return out


def import_tables(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pd.DataFrame],
    *,
    database: Path | None,
    actor: str,
    replace: bool = False,
    from_workbook: bool = False,
    backup: Path | None = None,
) -> ImportResult:
    """Validate and write one plan through an open connection (the app's, or the CLI's)."""
    known = con.execute(store_sql("known_officers")).df()
    try:
        prepared = prepare(tables, known_officers=known)
        problems = _check_against_database(con, prepared, replace)
    except ValidationError as exc:
        problems = exc.problems
    if problems:
        raise ValidationError(_in_sheet_terms(problems) if from_workbook else problems)
    plan_id = prepared["plan"]["plan_id"].iloc[0]
    if replace:
        # DuckDB checks foreign keys against rows deleted earlier in the same transaction, so a plan
        # cannot be deleted and re-inserted atomically here: import_plan replaces on a copy of the file.
        run_script(con, "delete_plan", {"plan_id": plan_id})
    # `backup`: one already made and verified by the caller (import --replace makes it before the copy)
    saved = backup or (verified_backup(con, Path(database)) if database is not None and Path(database).exists()
                       else None)
    con.execute("begin transaction")
    try:
        write_plan(con, prepared)
        con.execute(store_sql("insert_audit"), {"actor": actor, "event": "plan_imported", "detail": json.dumps(
            {"plan_id": plan_id, "actions": len(prepared["action"]), "replace": replace,
             "backup": str(saved) if saved else None})})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return ImportResult(plan_id, len(prepared["action"]), len(prepared["milestone"]), saved)


def import_plan(source: Path, database: Path | None = None, *, actor: str, replace: bool = False,
                options=None, force: bool = False):
    """Import a folder, zip or template workbook, or a council's own tracker (xlsx, xls, csv), into the
    database file (PLAN_DB by default). `options` (store.tracker.TrackerOptions) apply to a tracker.

    With `replace`, the existing plan of the same id is removed first: that happens on a copy of the
    file, which replaces the original only when everything succeeded, so the database is either
    unchanged or fully changed."""
    database = Path(database) if database is not None else db_path()
    source = Path(source)
    if not source.exists():
        raise ValidationError([f"{source} does not exist."])
    data = None if source.is_dir() else source.read_bytes()
    tracker = data is not None and is_tracker(data, source.name)
    tables = None if tracker else read_any(source)  # bad files fail before the database is touched
    if not database.exists():
        raise ValidationError([f"The database {database} does not exist yet: run `python -m store build` first."])
    convert_to_readable(database)  # its backup and working copy are then readable by DuckDB 1.x too

    def run(con: duckdb.DuckDBPyConnection, target: Path | None, backup: Path | None = None):
        if tracker:
            from store.tracker import TrackerOptions, build_plan, read_tracker
            from store.tracker.write import known, write_tracker

            opts = options or TrackerOptions()
            officers, aliases, remembered = known(con)
            sheet, _ = read_tracker(data, source.name, sheet=opts.sheet, remembered=remembered)
            plan = build_plan(sheet, opts, officers=officers, aliases=aliases, remembered=remembered)
            return write_tracker(con, plan, database=target, actor=actor, replace=replace, backup=backup)
        return import_tables(con, tables, database=target, actor=actor, replace=replace,
                             from_workbook=source.suffix.lower() in (".xlsx", ".xlsm"), backup=backup)

    return on_database(database, replace, run, force)


def on_database(database: Path, replace: bool, run, force: bool = False):
    """run(con, database) on the file itself, or with `replace` on a copy that replaces it on success.
    With `replace` the file stays locked from the check to the swap, recorded progress is not dropped
    without `force`, and the verified backup (made first) is the one the audit row names."""
    if not replace:
        clean_leftovers(database)  # files of an import or backup killed mid-way (kill -9, power cut)
        con = connect(database)
        try:
            upgrade_schema(con)  # a file from an older version gets the current tables first
            return run(con, database)
        finally:
            con.close()
    with held(database) as original:  # locked from the check to the swap: no save in between is lost
        before = recorded_rows(original)
        saved = verified_backup(original, database)
        working = database.with_name(f"{database.name}.importing-{os.getpid()}")
        copy_open_database(original, database, working)  # not read by this process: the lock holds
        try:
            con = connect(working)
            try:
                upgrade_schema(con)
                result = run(con, None, saved)
                refuse_to_drop(before - recorded_rows(con), database, force, "Replacing the plan",
                               "--replace --force")
                con.execute("checkpoint")
            finally:
                con.close()
            Path(f"{database}.wal").unlink(missing_ok=True)
            os.replace(working, database)
            return with_changes(result, backup=saved)
        finally:
            working.unlink(missing_ok=True)
