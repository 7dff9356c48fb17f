"""The analysts' copy of the plan database, readable while the dashboard has the file open.

DuckDB lets one process hold a database file, and while the dashboard runs no other program can open
it, even read-only. So the dashboard publishes a snapshot beside it, `plan.snapshot.duckdb` for
`plan.duckdb`: when it starts and after every save. The snapshot is written under a temporary name
and renamed over the old one (an atomic swap), in the storage version DuckDB 1.x reads, so a reader
never sees half a file. Someone who has the old snapshot open keeps reading it until they reconnect.

How: store.storage.copy_open_database. A CHECKPOINT, then a byte copy made by another process,
which stands when nothing was written meanwhile (milliseconds; a few hundred for a plan 100 times the
TBC plan's size, most of it the checkpoint), else DuckDB's COPY FROM DATABASE. Never a read of the
file from this process, which would release DuckDB's lock on it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from store.db import store_sql
from store.errors import PlanError
from store.storage import StorageError, copy_database, copy_open_database


class SnapshotError(PlanError):
    """The snapshot could not be published; the database itself is unaffected."""


@dataclass(frozen=True)
class Published:
    path: Path
    seconds: float


def snapshot_path(database: Path) -> Path:
    """Where the snapshot of a database file goes: data/plan.duckdb -> data/plan.snapshot.duckdb."""
    database = Path(database)
    return database.with_name(f"{database.stem}.snapshot{database.suffix or '.duckdb'}")


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection, or None for an in-memory database."""
    rows = con.execute(store_sql("database_file")).fetchall()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def publish_snapshot(con: duckdb.DuckDBPyConnection, target: Path | None = None) -> Published | None:
    """Write a consistent copy of the connection's database (committed data only) to `target`
    (default: beside its file) and swap it in. Call it after a write has committed, while no other
    write runs (the dashboard holds its write lock). Returns None for an in-memory database, which
    has no file to publish beside."""
    source = database_file(con)
    if target is None:
        if source is None:
            return None
        target = snapshot_path(source)
    target = Path(target)
    started = time.perf_counter()
    working = target.with_name(f"{target.name}.writing-{os.getpid()}")
    working.unlink(missing_ok=True)
    try:
        if source is None:
            copy_database(con, working)
        else:
            copy_open_database(con, source, working)
        os.replace(working, target)
    except (OSError, duckdb.Error, StorageError) as exc:
        working.unlink(missing_ok=True)
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise SnapshotError(
            f"The analysts' copy {target} could not be refreshed ({detail}). Your change is saved; the copy "
            "will be refreshed at the next save. If a program has the copy open on Windows, close it."
        ) from exc
    return Published(target, time.perf_counter() - started)
