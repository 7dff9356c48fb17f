"""Import a plan of the same shape as data/source/: a folder of CSVs, a zip of them, or one Excel
workbook with a sheet per table. Every problem is reported at once; on any problem nothing is written.
A successful import backs the database up first and writes in one transaction."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from store.build import backup, backup_path, write_plan
from store.db import connect, db_path, run_script, store_sql
from store.errors import ValidationError
from store.source import MAX_FILE_BYTES, SPECS, fold, prepare, read_csv_bytes, read_source_folder
from store.storage import convert_to_readable, copy_open_database

MAX_WORKBOOK_BYTES = 50_000_000
MAX_ZIP_UNPACKED_BYTES = 100_000_000  # a zip that unpacks to more is refused (zip bombs)
SHEETS = {key: spec.file.removesuffix(".csv") for key, spec in SPECS.items()}  # "actions" -> sheet "actions"


@dataclass(frozen=True)
class ImportResult:
    plan_id: str
    actions: int
    milestones: int
    backup: Path | None


def read_zip(data: bytes, name: str = "upload.zip") -> dict[str, pd.DataFrame]:
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationError([f"{name}: the file is not a zip archive."]) from None
    unpacked = sum(i.file_size for i in archive.infolist())
    if unpacked > MAX_ZIP_UNPACKED_BYTES:
        raise ValidationError([f"{name}: it unpacks to {unpacked / 1e6:.0f} MB; the limit is "
                               f"{MAX_ZIP_UNPACKED_BYTES / 1e6:.0f} MB."])
    by_name = {Path(i.filename).name: i for i in archive.infolist() if not i.is_dir()}
    tables: dict[str, pd.DataFrame] = {}
    for key, spec in SPECS.items():
        info = by_name.get(spec.file)
        if info is None:
            problems.append(f"{name}: {spec.file} is missing from the zip.")
            continue
        frame = read_csv_bytes(archive.read(info), f"{name}/{spec.file}", problems)
        if frame is not None:
            tables[key] = frame
    if problems:
        raise ValidationError(problems)
    return tables


def _cell_text(value) -> str:
    """Workbook cells as the text a CSV would hold (a date typed into Excel becomes 2019-03-31)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:].strip()  # the apostrophe our exports add so Excel shows text, not a formula
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(data: bytes, name: str = "upload.xlsx") -> dict[str, pd.DataFrame]:
    from openpyxl import load_workbook

    if len(data) > MAX_WORKBOOK_BYTES:
        raise ValidationError([f"{name}: the file is {len(data) / 1e6:.0f} MB; the limit is "
                               f"{MAX_WORKBOOK_BYTES / 1e6:.0f} MB."])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for "this is not an xlsx file"
        raise ValidationError([f"{name}: the file is not an Excel workbook (.xlsx). Save it from Excel as "
                               "'Excel Workbook (.xlsx)', or upload the CSV files as a zip."]) from None
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    try:
        for key, sheet in SHEETS.items():
            if sheet not in book.sheetnames:
                problems.append(f"{name}: the sheet '{sheet}' is missing (sheets found: {', '.join(book.sheetnames)}).")
                continue
            rows = [[_cell_text(v) for v in row] for row in book[sheet].iter_rows(values_only=True)]
            rows = [r for r in rows if any(r)]  # Excel keeps formatted but empty rows
            if not rows:
                problems.append(f"{name}, sheet '{sheet}': the sheet is empty; it needs a header row.")
                continue
            header = [h for h in rows[0]]
            width = max(len(header), 1)
            body = [(r + [""] * width)[:width] for r in rows[1:]]
            tables[key] = pd.DataFrame(body, columns=header, dtype=str).rename(columns=str)
            tables[key].attrs["where"] = f"sheet '{sheet}'"
    finally:
        book.close()
    if problems:
        raise ValidationError(problems)
    return tables


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
    if lower.endswith(".csv"):
        raise ValidationError([f"{name}: a plan is seven CSV files; upload them together as a .zip "
                               f"({', '.join(s.file for s in SPECS.values())})."])
    raise ValidationError([f"{name}: upload a .zip of the plan's CSV files or an Excel workbook (.xlsx)."])


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
    saved = None
    if database is not None and Path(database).exists():
        # `con` holds the file: copied without this process reading it (that would drop DuckDB's lock)
        saved = backup_path(Path(database))
        copy_open_database(con, Path(database), saved)
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


def import_plan(source: Path, database: Path | None = None, *, actor: str, replace: bool = False) -> ImportResult:
    """Import a folder, zip or workbook into the database file (PLAN_DB by default).

    With `replace`, the existing plan of the same id is removed first: that happens on a copy of the
    file, which replaces the original only when everything succeeded, so the database is either
    unchanged or fully changed."""
    database = Path(database) if database is not None else db_path()
    tables = read_any(source)  # bad files fail before the database is touched
    if not database.exists():
        raise ValidationError([f"The database {database} does not exist yet: run `python -m store build` first."])
    from_workbook = Path(source).suffix.lower() in (".xlsx", ".xlsm")
    convert_to_readable(database)  # its backup and working copy are then readable by DuckDB 1.x too
    if not replace:
        con = connect(database)
        try:
            return import_tables(con, tables, database=database, actor=actor, from_workbook=from_workbook)
        finally:
            con.close()
    connect(database).close()  # a plain message now if another program holds the file
    working = database.with_name(f"{database.name}.importing-{os.getpid()}")
    shutil.copy2(database, working)
    try:
        con = connect(working)
        try:
            result = import_tables(con, tables, database=None, actor=actor, replace=True, from_workbook=from_workbook)
            con.execute("checkpoint")
        finally:
            con.close()
        saved = backup(database)
        Path(f"{database}.wal").unlink(missing_ok=True)
        os.replace(working, database)
        return ImportResult(result.plan_id, result.actions, result.milestones, saved)
    finally:
        working.unlink(missing_ok=True)
