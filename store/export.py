"""`python -m store export --parquet DIR`: one Parquet file per table and per view, for Power BI,
Excel's Power Query and anything else that reads Parquet but not DuckDB.

It reads the database file itself when no other program has it open, else the snapshot the dashboard
publishes beside it (store/snapshot.py), which is as new as the last save. Each file is written under
a temporary name and renamed, so a tool refreshing from the folder never reads half a file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from store.db import connect, db_path, store_sql
from store.errors import DatabaseLockedError, PlanError
from store.snapshot import snapshot_path

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Exported:
    folder: Path
    source: Path
    files: dict[str, int]  # file name -> rows
    from_snapshot: bool


def _open(database: Path):
    """A read-only connection to the database, or to its snapshot while another program holds it."""
    try:
        return connect(database, read_only=True), database, False
    except DatabaseLockedError:
        snapshot = snapshot_path(database)
        if not snapshot.exists():
            raise PlanError(f"{database} is open in another program and there is no snapshot beside it "
                            f"({snapshot}). Start the dashboard once, or close the other program.") from None
        return connect(snapshot, read_only=True), snapshot, True


def export_parquet(folder: Path, database: Path | None = None) -> Exported:
    """Write FOLDER/<name>.parquet for every table and view; returns what was written."""
    database = Path(database) if database is not None else db_path()
    if not database.exists():
        raise PlanError(f"The database {database} does not exist yet: run `python -m store build` first.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    con, source, from_snapshot = _open(database)
    files: dict[str, int] = {}
    try:
        objects = con.execute(store_sql("export_objects")).fetchall()
        for name, _kind in objects:
            if not _NAME.fullmatch(name):
                continue  # not one of ours: a name that could not be a plain file name
            target = folder / f"{name}.parquet"
            working = folder / f".{name}.parquet.writing-{os.getpid()}"
            con.sql(store_sql("export_rows"), params={"name": name}).write_parquet(str(working))
            os.replace(working, target)
            files[target.name] = con.execute(store_sql("parquet_rows"), {"path": str(target)}).fetchall()[0][0]
    finally:
        con.close()
    return Exported(folder, source, files, from_snapshot)


def describe_export(result: Exported) -> str:
    """What the command line prints after an export."""
    lines = [f"Wrote {len(result.files)} Parquet files to {result.folder}: "
             + ", ".join(f"{name} ({rows:,} rows)" for name, rows in result.files.items()) + "."]
    if result.from_snapshot:
        when = datetime.fromtimestamp(result.source.stat().st_mtime)
        lines.append(f"Read from the snapshot {result.source} (published {when:%d %b %Y %H:%M:%S}), because "
                     "another program (the dashboard?) has the database open.")
    return "\n".join(lines)
