"""Build the plan database from data/source/, atomically: a new file is written, then swapped in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from store.db import PROJECT_ROOT, connect, db_path, run_script, store_sql
from store.errors import BuildRefusedError
from store.source import prepare, read_source_folder

SOURCE_DIR = PROJECT_ROOT / "data" / "source"
BUILT_IN_PLAN_ID = "tbc-rent-sip"
T = TypeVar("T")


@dataclass(frozen=True)
class BuildResult:
    path: Path
    plan_ids: list[str]
    backup: Path | None
    with_demo: bool


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(store_sql("schema"))
    install_macros(con)


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the item_state macro: the one definition of status, slippage and RAG."""
    con.execute(store_sql("macros"))
    # forecasts from the evidence, built on item_state (README "Forecasts")
    con.execute(store_sql("forecast"))
    con.execute(store_sql("forecast_items"))


def upgrade_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a database built by an older version up to date: new tables, derived items, macros.
    Every step is idempotent, so the app runs it whenever it opens the file."""
    con.execute(store_sql("schema"))
    for (plan_id,) in con.execute(store_sql("plans_without_items")).fetchall():
        refresh_items(con, plan_id)
    install_macros(con)


def write_plan(con: duckdb.DuckDBPyConnection, prepared: dict[str, pd.DataFrame]) -> None:
    """Insert one prepared plan (see store.source.prepare). The caller owns the transaction."""
    for table, frame in prepared.items():
        con.register(f"src_{table}", frame)
    try:
        con.execute(store_sql("insert_plan"))
    finally:
        for table in prepared:
            con.unregister(f"src_{table}")
    for plan_id in prepared["plan"]["plan_id"]:
        refresh_items(con, plan_id)


def refresh_items(con: duckdb.DuckDBPyConnection, plan_id: str) -> None:
    """Rebuild the derived `item` table for a plan (its items' windows and owners)."""
    run_script(con, "refresh_items", {"plan_id": plan_id})


def recorded_rows(path: Path) -> int:
    """Progress rows people recorded in an existing database (0 if it has no schema yet)."""
    con = connect(path)
    try:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if not {"progress_update", "rebaseline"} <= tables:
            return 0
        return con.execute(store_sql("recorded_progress")).fetchone()[0]
    finally:
        con.close()


def backup_path(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")


def backup(path: Path) -> Path:
    """Copy the database file aside before it is replaced or changed in bulk."""
    target = backup_path(path)
    shutil.copy2(path, target)
    return target


def write_new_database(path: Path, fill: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Create a database file at `path` atomically: the schema and fill(con) in one transaction, in
    a new file beside it that then replaces `path`. On any error the old file is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    con = connect(building)
    try:
        con.execute("begin transaction")
        create_schema(con)
        result = fill(con)
        con.execute("commit")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        building.unlink(missing_ok=True)
        raise
    con.close()
    Path(f"{path}.wal").unlink(missing_ok=True)
    os.replace(building, path)
    return result


def build_database(
    path: Path | None = None,
    *,
    source_dir: Path = SOURCE_DIR,
    with_demo: bool = True,
    force: bool = False,
) -> BuildResult:
    """Write a fresh database at `path` from the source CSVs (and the illustrative history)."""
    path = Path(path) if path is not None else db_path()
    prepared = prepare(read_source_folder(source_dir))  # fail on bad source before touching anything
    saved = None
    if path.exists():
        recorded = recorded_rows(path)  # also raises DatabaseLockedError if another program has it
        if recorded and not force:
            raise BuildRefusedError(
                f"{path} holds {recorded} progress record(s) entered by people. Rebuilding would lose "
                "them. Run `python -m store build --force` to rebuild anyway (a timestamped backup is "
                "made first), or set PLAN_DB to build a different file."
            )
        if recorded:
            saved = backup(path)

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        write_plan(con, prepared)
        if with_demo:
            from store.demo import write_demo_history  # late import: only the build needs it

            write_demo_history(con, BUILT_IN_PLAN_ID)

    write_new_database(path, fill)
    return BuildResult(path, list(prepared["plan"]["plan_id"]), saved, with_demo)


def ensure_database(path: Path | None = None) -> bool:
    """Build the database with the built-in plan if the file is missing. True if it was built."""
    path = Path(path) if path is not None else db_path()
    if path.exists():
        return False
    build_database(path)
    return True
