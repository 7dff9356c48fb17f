"""Back up and restore the plan database: verified copies, the last N kept.

A backup is a byte copy of the database file, taken while this process holds DuckDB's lock (so
nothing writes meanwhile) and just after a checkpoint (so the file holds every committed change and
no `.wal` is needed beside it). It is verified before it gets its final name: the copy is opened,
every row of every table is read, and each table's row count and a fingerprint of its contents must
equal the source's.

DuckDB lets one process open the file, and the running dashboard keeps it open: back up with the
service stopped. deploy/improvement-plan-backup.service stops it for the few seconds this takes.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from store.db import connect, store_sql
from store.errors import DatabaseLockedError, PlanError

BACKUP_MARK = ".backup-"  # plan.backup-20260301-020000.duckdb: the nightly backups (pruned)
BEFORE_RESTORE_MARK = ".before-restore-"  # kept until someone deletes it
REQUIRED_TABLES = ("plan", "action", "progress_update", "audit_log")
DEFAULT_KEEP = 14


class BackupError(PlanError):
    """A backup or restore that could not be made safely; nothing was replaced."""


class RestoreRefusedError(PlanError):
    """`store restore` would replace an existing database without --force."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    counts: dict[str, int]
    pruned: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    restored_from: Path
    counts: dict[str, int]
    previous: Path | None


def backup_dir(db: Path) -> Path:
    """Where backups go: $PLAN_BACKUP_DIR, else a `backups` folder beside the database."""
    return Path(os.environ.get("PLAN_BACKUP_DIR") or Path(db).parent / "backups")


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int | None]]:
    """(row count, fingerprint of the contents) of every table, by name. Reads every row: counting
    alone would pass a file cut short, since DuckDB keeps row counts in its metadata."""
    names = [name for (name,) in con.execute(store_sql("user_tables")).fetchall()]
    return {name: con.execute(store_sql("table_fingerprint"), {"name": name}).fetchone() for name in names}


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    return _counts(read_tables(con))


def verify(path: Path) -> dict[str, tuple[int, int | None]]:
    """Open a database file read-only and read every row of it; raise BackupError unless it is a
    readable plan database (the tables every release has, and at least one plan)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(f"{path} is not a readable DuckDB database ({_first_line(exc)}).") from exc
    try:
        tables = read_tables(con)
    except duckdb.Error as exc:
        raise BackupError(f"{path} is damaged: it could not be read to the end ({_first_line(exc)}).") from exc
    finally:
        con.close()
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise BackupError(f"{path} is not a plan database: it has no table {', '.join(missing)}.")
    if tables["plan"][0] == 0:
        raise BackupError(f"{path} holds no plan.")
    return tables


def backup(db: Path, dest: Path | None = None, keep: int | None = DEFAULT_KEEP,
           *, mark: str = BACKUP_MARK, now: datetime | None = None) -> BackupResult:
    """Copy `db` into `dest` (default backup_dir), verify the copy, then keep the newest `keep`
    nightly backups there (None: prune nothing)."""
    db = Path(db)
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1: the backup just made is always kept.")
    if not db.is_file():
        raise BackupError(f"There is no database at {db} to back up.")
    dest = Path(dest) if dest is not None else backup_dir(db)
    dest.mkdir(parents=True, exist_ok=True)
    target = _free_name(dest, db, mark, now or datetime.now())
    con = connect(db)  # holds DuckDB's lock: nothing writes while the file is copied
    try:
        con.execute("checkpoint")
        tables = _copy_verified(db, target, read_tables(con))
    finally:
        con.close()
    pruned = prune(dest, db, keep) if keep is not None else []
    return BackupResult(target, _counts(tables), pruned)


def prune(dest: Path, db: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` nightly backups of `db` in `dest`; return what went."""
    ours = sorted(dest.glob(f"{Path(db).stem}{BACKUP_MARK}*{Path(db).suffix}"),
                  key=lambda p: (p.stat().st_mtime_ns, p.name))
    doomed = ours[:-keep]
    for path in doomed:
        path.unlink()
    return doomed


def restore(source: Path, db: Path, *, force: bool = False, dest: Path | None = None,
            actor: str = "command line") -> RestoreResult:
    """Replace `db` with a verified copy of the backup `source`. An existing database is only
    replaced with force=True, and is itself backed up (verified) first."""
    source, db = Path(source), Path(db)
    tables = verify(source)  # a corrupt or foreign file is refused before anything is touched
    if source.resolve() == db.resolve():
        raise BackupError(f"{source} is the database itself: choose a backup file to restore.")
    previous = None
    if db.exists():
        if not force:
            raise RestoreRefusedError(
                f"{db} already exists. Restoring {source.name} would replace it and every change "
                "made since that backup. Run again with --force to restore anyway: the current "
                f"database is backed up first (to {backup_dir(db)})."
            )
        previous = backup(db, dest, keep=None, mark=BEFORE_RESTORE_MARK).path
    db.parent.mkdir(parents=True, exist_ok=True)
    with _locked(db):
        staged = db.with_name(f"{db.name}.restoring-{os.getpid()}")
        _copy_verified(source, staged, tables)
        Path(f"{db}.wal").unlink(missing_ok=True)  # a log of the old file must not replay onto this one
        os.replace(staged, db)
    _record(db, actor, source, previous)
    return RestoreResult(db, source, _counts(tables), previous)


# --- helpers ---------------------------------------------------------------------------------


def _copy_verified(source: Path, target: Path, expected: dict) -> dict[str, tuple[int, int | None]]:
    """Copy source to a temporary name beside target, check that every table has the same rows
    (count and contents), then give it target's name."""
    partial = target.with_name(f"{target.name}.partial")
    try:
        shutil.copyfile(source, partial)
        tables = verify(partial)
        if tables != expected:
            differ = sorted(t for t in set(tables) | set(expected) if tables.get(t) != expected.get(t))
            raise BackupError(f"The copy of {source} does not match it (tables {', '.join(differ)}); "
                              "nothing was replaced.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return tables


def _counts(tables: dict[str, tuple[int, int | None]]) -> dict[str, int]:
    return {name: rows for name, (rows, _) in tables.items()}


def _free_name(dest: Path, db: Path, mark: str, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = dest / f"{db.stem}{mark}{stamp}{db.suffix}"
    n = 2
    while target.exists():  # two backups in one second
        target = dest / f"{db.stem}{mark}{stamp}-{n}{db.suffix}"
        n += 1
    return target


@contextmanager
def _locked(db: Path) -> Iterator[None]:
    """Hold the lock DuckDB takes (an fcntl write lock on the file) while the file is swapped, so a
    dashboard starting meanwhile is refused rather than opening the file being replaced."""
    if not db.exists():
        yield
        return
    with open(db, "rb+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise DatabaseLockedError(
                f"The plan database {db} is in use by another program (the dashboard?). Stop it "
                "first, then restore."
            ) from exc
        yield


def _record(db: Path, actor: str, source: Path, previous: Path | None) -> None:
    """An audit row in the restored file says when, by whom and from which backup."""
    con = connect(db)
    try:
        detail = json.dumps({"from": str(source), "previous_database_saved_as": str(previous) if previous else None})
        con.execute(store_sql("insert_audit"), {"actor": actor, "event": "database_restored", "detail": detail})
    finally:
        con.close()


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
