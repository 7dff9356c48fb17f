"""Replacing the database file without losing anything (build --force, import --replace).

The file is locked from the check to the swap: one read-write connection to it is opened first (which
fails plainly if the dashboard or any other program has it open, and stops the dashboard from opening
it meanwhile) and held until the new file has replaced it. Recorded progress is never dropped without
--force; the backup is verified against the original before the swap; temporary files left by a
process that died are removed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from store.db import connect, store_sql
from store.errors import BuildRefusedError

_LEFTOVER = re.compile(r"\.(?:building|importing|partial)-(\d+)$")


def clean_leftovers(path: Path) -> list[Path]:
    """Remove `<file>.building-<pid>` / `.importing-<pid>` files, and backups cut short
    (`<stem>.backup-<stamp><suffix>.partial-<pid>`), of processes that no longer run (killed mid-write)."""
    removed = []
    partial_backups = path.parent.glob(f"{path.stem}.backup-*{path.suffix}.partial-*")
    for candidate in [*path.parent.glob(f"{path.name}.*-*"), *partial_backups]:
        found = _LEFTOVER.search(candidate.name)
        if found and not _alive(int(found.group(1))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def held(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database file, locked for this process until the block ends (DatabaseLockedError at once if
    another program has it). Checkpointed first, so the file on disk is complete for copying."""
    clean_leftovers(path)
    con = connect(path)
    try:
        con.execute("checkpoint")
        yield con
    finally:
        con.close()


def recorded_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Progress rows people recorded (not the source's facts, not the demo history)."""
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if not {"progress_update", "rebaseline"} <= tables:
        return 0
    return con.execute(store_sql("recorded_progress")).fetchone()[0]


def refuse_to_drop(lost: int | duckdb.DuckDBPyConnection, path: Path, force: bool, what: str, flag: str) -> int:
    """Refuse (BuildRefusedError) when `what` would drop progress people recorded, unless forced. `lost`
    is how many records it would drop, or a connection to the file that would be replaced whole."""
    recorded = lost if isinstance(lost, int) else recorded_rows(lost)
    if recorded > 0 and not force:
        raise BuildRefusedError(
            f"{path.name} holds {recorded} progress record(s) entered by people that {what.lower()} would lose. "
            f"Run it again with {flag} to go ahead anyway (a verified, timestamped backup is made first)."
        )
    return recorded
