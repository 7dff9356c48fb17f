"""The one way a database file is written: in a storage version that DuckDB 1.x reads.

DuckDB 2.0 writes its own format by default, which DuckDB 1.x (the CLI, DBeaver, most BI drivers)
cannot open ("version number 69, but we can only read versions between 64 and 68"). A file created
with STORAGE_VERSION keeps that version for as long as it lives, whichever DuckDB writes to it later,
so it is enough that every new file is created here:

- `create_database_file(path)`: an empty file (the build and the synthetic plans start from it);
- `copy_database(con, path)`: a consistent copy of the connection's database, through DuckDB
  (converting a file an older version of this app wrote in the 2.0 format);
- `copy_open_database(con, path)`: the same, fast, for the file the dashboard holds (snapshots,
  backups before an import).

Copies made byte for byte keep their source's version, and every source is converted first
(`convert_to_readable`). A process must never open and close a database file it holds through
DuckDB: on Linux that drops DuckDB's lock on it (POSIX record locks belong to the process, and any
close releases them), and another program could then write to the file at the same time. So the
file the dashboard holds is byte-copied by a separate `cp` process, and only the copy is read here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import duckdb

from store.db import connect, store_sql
from store.errors import PlanError

# DuckDB's name for the format; every DuckDB from 1.0 to 2.0 reads and writes it.
STORAGE_VERSION = "v1.0.0"
# The version number that format writes into the file header (DuckDB 1.x reads 64 up to 68).
FILE_FORMAT = 64
HEADER_MAGIC = b"DUCK"

_ALIAS_LOCK = threading.Lock()  # the attach alias in store/sql/attach_new_file.sql is fixed
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.\- ]{1,200}")


class StorageError(PlanError):
    """A database file could not be written or converted; the message says what to do."""


def file_format(path: Path) -> int | None:
    """The storage version number in a DuckDB file's header, or None if it is not a DuckDB file."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except FileNotFoundError:
        return None
    if len(header) < 20 or header[8:12] != HEADER_MAGIC:
        return None
    return int.from_bytes(header[12:20], "little")


def is_readable_by_duckdb1(path: Path) -> bool:
    return file_format(path) == FILE_FORMAT


def quote_identifier(name: str) -> str:
    """A catalog name as a quoted SQL identifier. DuckDB cannot bind identifiers, so only names made
    of letters, digits, '_', '.', '-' and spaces (what a file stem gives) are accepted."""
    if not _IDENTIFIER.fullmatch(name):
        raise StorageError(f"The database name {name!r} has characters this tool does not accept; "
                           "rename the file with letters, digits, '-' and '_' only.")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A string as a SQL literal, for the one statement that cannot bind a value (COMMENT ON)."""
    if "\x00" in text:
        raise StorageError("A comment cannot contain a NUL character.")
    return "'" + text.replace("'", "''") + "'"


def _attach_new(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Attach a new file at `path` as `new_database_file`, in STORAGE_VERSION (the one place that
    creates database files)."""
    if path.exists():
        raise StorageError(f"{path} already exists; it was not overwritten.")
    con.execute(store_sql("attach_new_file"), {"path": str(path), "storage_version": STORAGE_VERSION})


def create_database_file(path: Path) -> None:
    """Create an empty database file at `path` that DuckDB 1.x can open."""
    con = duckdb.connect(":memory:")
    try:
        with _ALIAS_LOCK:
            _attach_new(con, Path(path))
            con.execute(store_sql("detach_new_file"))
    finally:
        con.close()


def copy_database(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Copy the connection's current database (tables, views, macros, sequences, comments) into a
    new file at `target`, as of one consistent moment, in STORAGE_VERSION."""
    target = Path(target)
    source = con.execute(store_sql("current_database")).fetchall()[0][0]
    with _ALIAS_LOCK:
        try:
            _attach_new(con, target)
            # identifiers cannot be bound: the source is quoted, the target is the fixed alias
            con.execute(f"copy from database {quote_identifier(source)} to new_database_file")
        except BaseException:
            con.execute(store_sql("detach_new_file"))
            target.unlink(missing_ok=True)
            raise
        con.execute(store_sql("detach_new_file"))


def copy_open_database(con: duckdb.DuckDBPyConnection, source: Path, target: Path) -> None:
    """Copy the database file `source`, which `con` holds open, to `target` (a new file) without
    touching `source` from this process. Call it when no write is running on `con`.

    A CHECKPOINT puts every committed change into the file and a `cp` process copies it
    (milliseconds). The copy stands if it is in FILE_FORMAT and nothing was written meanwhile: no
    write-ahead log and the same store/sql/write_fingerprint.sql row before and after. Otherwise (no
    `cp`, as on Windows; a write in between; another format) DuckDB copies the database itself,
    which takes seconds for a plan 100 times the TBC plan's size."""
    target = Path(target)
    try:
        con.execute("checkpoint")
        before = _fingerprint(con)
        if shutil.which("cp") and not _wal_pending(source):
            copied = subprocess.run(["cp", "--", str(source), str(target)], capture_output=True).returncode == 0
            if copied and is_readable_by_duckdb1(target) and not _wal_pending(source) and _fingerprint(con) == before:
                return
            target.unlink(missing_ok=True)
        copy_database(con, target)
    except (OSError, duckdb.Error) as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"Could not copy the database {source} to {target}: {_first_line(exc)}. "
                           "The database itself is unchanged.") from exc


def _wal_pending(source: Path) -> bool:
    wal = Path(f"{source}.wal")
    return wal.exists() and wal.stat().st_size > 0


def _fingerprint(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(store_sql("write_fingerprint")).fetchall()


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def convert_to_readable(path: Path) -> bool:
    """Rewrite a database file that DuckDB 1.x cannot read into STORAGE_VERSION, in place and
    atomically: a converted copy is checked table by table, then replaces the file. True if converted.
    DuckDB itself says which version the file is in (reading its header here could drop a lock this
    process holds on it)."""
    path = Path(path)
    if not path.exists():
        return False
    con = connect(path)  # read-write: no other program may have it while it is swapped
    try:
        found = con.execute(store_sql("storage_version")).fetchall()[0][0]
        if found is None or found.startswith(STORAGE_VERSION):
            return False
        working = path.with_name(f"{path.name}.converting-{os.getpid()}")
        working.unlink(missing_ok=True)
        try:
            con.execute("checkpoint")
            copy_database(con, working)
            _check_copy(con, working)
        except (OSError, duckdb.Error) as exc:
            working.unlink(missing_ok=True)
            raise StorageError(f"The database {path} is in DuckDB 2.0's own format, which DuckDB 1.x tools cannot "
                               f"open, and converting it failed ({_first_line(exc)}). It is unchanged and still "
                               "works here; free some disk space or check the folder's permissions, then restart."
                               ) from exc
        except BaseException:
            working.unlink(missing_ok=True)
            raise
    finally:
        con.close()
    Path(f"{path}.wal").unlink(missing_ok=True)
    os.replace(working, path)
    return True


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Each table of the connection's current database and how many rows it holds."""
    names = [name for (name,) in con.execute(store_sql("table_names")).fetchall()]
    return {name: con.execute(store_sql("table_row_count"), {"name": name}).fetchall()[0][0] for name in names}


def _check_copy(con: duckdb.DuckDBPyConnection, copy: Path) -> None:
    """Every table of the copy has as many rows as the original's, and its sequences are as far on."""
    check = duckdb.connect(str(copy), read_only=True)
    try:
        same_rows = table_rows(con) == table_rows(check)
        sequences = store_sql("sequence_values")
        same_sequences = con.execute(sequences).fetchall() == check.execute(sequences).fetchall()
    finally:
        check.close()
    if not (same_rows and same_sequences):
        raise StorageError("Converting the database to the DuckDB 1.x format gave a copy that differs from "
                           "the original; the original is unchanged. Please report this.")
