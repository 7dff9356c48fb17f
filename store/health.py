"""Is the plan database usable? The one check behind the health URL (serve.py: `/healthz`) and
`python -m store health`.

Opened read-write, as the dashboard opens it: inside the dashboard's own process DuckDB then hands
back the database the app already has open, so the check sees what visitors see. From another
process the check takes the lock for a moment, so while the dashboard runs, poll the URL instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from store.db import connect, db_path, store_sql
from store.errors import DatabaseLockedError


@dataclass(frozen=True)
class Health:
    ok: bool
    message: str  # says what is wrong without naming paths: the URL is open to every visitor

    def text(self) -> str:
        return f"{'OK' if self.ok else 'FAIL'}: {self.message}"


def check_database(path: Path | None = None) -> Health:
    """OK when the file exists, opens, reads, and holds at least one plan."""
    path = Path(path) if path is not None else db_path()
    if not path.is_file():
        return Health(False, "the plan database file is missing (is the data disk mounted?)")
    try:
        con = connect(path)
    except DatabaseLockedError:
        return Health(False, "the plan database is locked by another program")
    except duckdb.Error as exc:
        return Health(False, f"the plan database cannot be opened ({_kind(exc)})")
    try:
        plans, actions, updates = con.execute(store_sql("health_counts")).fetchone()
    except duckdb.Error as exc:
        return Health(False, f"the plan database cannot be read ({_kind(exc)})")
    finally:
        con.close()
    if not plans:
        return Health(False, "the plan database holds no plan")
    return Health(True, f"the plan database opens and reads: {plans} plan(s), {actions} actions, "
                        f"{updates} progress updates")


def _kind(exc: BaseException) -> str:
    """The sort of error, not its text: DuckDB's messages quote file paths."""
    return type(exc).__name__
