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

from store.db import PROJECT_ROOT, connect, db_path, refresh_item_span, run_script, store_sql
from store import swap
from store.swap import held, refuse_to_drop
from store.source import prepare, read_source_folder
from store.storage import (convert_to_readable, copy_open_database, create_database_file, quote_identifier,
                           quote_literal)

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
    install_definitions(con)


def install_definitions(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the definitions: item_state (status, slippage, RAG), the figures built on it, the
    analysts' views over them, and the comments that describe every table, view and column."""
    # forecasts from the evidence (README "Forecasts") are built on item_state, the views on all of it
    for script in ("macros", "figures", "forecast", "forecast_items", "views"):
        con.execute(store_sql(script))
    describe(con)


def describe(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every table, column, view and macro (store/sql/comments.sql, view_comments.sql)."""
    con.execute(store_sql("comments"))
    con.execute(store_sql("view_comments"))
    for view, column, text in con.execute(store_sql("inherited_comments")).fetchall():
        # names from the catalog and text from view_comments.sql, quoted: COMMENT ON binds no values
        con.execute(f"comment on column {quote_identifier(view)}.{quote_identifier(column)} is {quote_literal(text)}")


def upgrade_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a database built by an older version up to date: new tables, derived items, macros.
    Every step is idempotent, so the app runs it whenever it opens the file."""
    con.execute("begin transaction")  # all or nothing: columns added but not filled would pass for filled
    try:
        spans_predate_moves = con.execute(store_sql("spans_without_moves")).fetchone() is not None
        con.execute(store_sql("schema"))
        for (plan_id,) in con.execute(store_sql("plans_without_items")).fetchall():
            refresh_items(con, plan_id)
        stale_spans = "plans_with_updates" if spans_predate_moves else "plans_without_spans"
        for (plan_id,) in con.execute(store_sql(stale_spans)).fetchall():
            refresh_item_span(con, plan_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    install_definitions(con)


def record_view_settings(con: duckdb.DuckDBPyConnection, *, red_after_days: int, overload_threshold: float,
                         review_interval_days: int) -> None:
    """Store the dashboard's thresholds in view_setting, so the analysts' views use the same ones."""
    con.execute(store_sql("update_view_setting"), {"red_after_days": red_after_days,
                                                   "overload_threshold": overload_threshold,
                                                   "review_interval_days": review_interval_days})


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
    """Rebuild a plan's derived tables: `item` (its items' windows and owners) and `item_span` (when
    each counted update is its item's latest)."""
    run_script(con, "refresh_items", {"plan_id": plan_id})
    refresh_item_span(con, plan_id)


def recorded_rows(path: Path) -> int:
    """Progress rows people recorded in an existing database (0 if it has no schema yet)."""
    con = connect(path)
    try:
        return swap.recorded_rows(con)
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


def verified_backup(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Back the database up before a bulk change, and check the copy opens and holds what the original
    does (plans, actions, updates, officers, audit events); a backup that fails the check is removed."""
    from store.errors import PlanError

    target = backup_path(path)
    # Written under a temporary name and renamed once verified: a process killed mid-copy leaves a
    # `.partial-<pid>` file (removed by store.swap.clean_leftovers), never a cut-short "backup".
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    # `con` holds the file: it is copied by another process (store.storage), since opening and closing
    # it here would drop DuckDB's lock on it
    copy_open_database(con, path, partial)
    want = con.execute(store_sql("backup_counts")).fetchone()
    try:
        copy = duckdb.connect(str(partial), read_only=True)
        try:
            got = copy.execute(store_sql("backup_counts")).fetchone()
        finally:
            copy.close()
    except duckdb.Error:
        got = None
    if got != want:
        partial.unlink(missing_ok=True)
        raise PlanError(f"The backup of {path.name} could not be verified, so nothing was imported. Check the disk "
                        "has room, then try again.")
    os.replace(partial, target)
    return target


def write_new_database(path: Path, fill: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Create a database file at `path` atomically: the schema and fill(con) in one transaction, in
    a new file beside it that then replaces `path`. On any error the old file is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f"{path.name}.building-{os.getpid()}")
    building.unlink(missing_ok=True)
    create_database_file(building)  # in the storage version DuckDB 1.x reads (store/storage.py)
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
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        write_plan(con, prepared)
        if with_demo:
            from store.demo import write_demo_history  # late import: only the build needs it

            write_demo_history(con, BUILT_IN_PLAN_ID)

    saved = None
    if not path.exists():
        write_new_database(path, fill)
        return BuildResult(path, list(prepared["plan"]["plan_id"]), saved, with_demo)
    convert_to_readable(path)  # so that its backup opens in DuckDB 1.x too
    with held(path) as con:  # locked from the check to the swap: nothing saved meanwhile is lost
        if refuse_to_drop(con, path, force, "Rebuilding", "`python -m store build --force`"):
            saved = verified_backup(con, path)
        write_new_database(path, fill)
    return BuildResult(path, list(prepared["plan"]["plan_id"]), saved, with_demo)


def ensure_database(path: Path | None = None) -> bool:
    """Build the database with the built-in plan if the file is missing, else make sure DuckDB 1.x can
    read it. True if it was built."""
    path = Path(path) if path is not None else db_path()
    if path.exists():
        convert_to_readable(path)  # a file an older version wrote in DuckDB 2.0's own format
        return False
    build_database(path)
    return True
