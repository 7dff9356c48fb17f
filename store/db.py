"""Where the database file is, and how to open it with plain errors instead of tracebacks."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from store.errors import DatabaseLockedError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "plan.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"


def db_path() -> Path:
    """The database file: $PLAN_DB if set, else data/plan.duckdb. The only place that decides."""
    return Path(os.environ.get("PLAN_DB") or DEFAULT_DB)


def store_sql(name: str) -> str:
    """The text of store/sql/NAME.sql (DDL and writes; read queries live in queries/)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(path: Path | str | None = None, *, read_only: bool = False,
            memory_mib: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open the plan database, turning DuckDB's lock error into a message a manager can act on.
    `memory_mib` bounds DuckDB's own memory (the dashboard's connection; default: DuckDB's, 80% of RAM)."""
    path = Path(path) if path is not None else db_path()
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        if memory_mib:  # a setting of the file's DuckDB instance, so a SET: as connect(config=...) it would
            # refuse every later connection to the file in this process without the same config
            con.execute("set memory_limit = $limit", {"limit": f"{int(memory_mib)}MiB"})
        return con
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLockedError(
                f"The plan database {path} is in use by another program (DuckDB lets only one "
                "program open it for writing). Close the other dashboard, DBeaver, Excel or Python "
                "session that has it open, then try again."
            ) from exc
        raise


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    """Run store/sql/NAME.sql statement by statement: DuckDB binds $parameters only in a batch's last
    statement. Statements end with a semicolon at the end of a line."""
    for statement in store_sql(name).split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()
        if body:
            con.execute(statement, params or None)


def refresh_item_span(con: duckdb.DuckDBPyConnection, plan_id: str, refs: list[str] | None = None) -> None:
    """Rebuild item_span for a plan's actions `refs` and their milestones (None: the whole plan). Every
    write to progress_update or progress_retraction calls it inside its own transaction."""
    run_script(con, "refresh_item_span", {"plan_id": plan_id, "refs": sorted(set(refs)) if refs is not None else None})
