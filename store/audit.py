"""The audit trail: one row per change made through the app or the CLI, written in the same transaction
as the change it records (so a refused or failed write leaves no audit row either)."""

from __future__ import annotations

import json

import duckdb

from store.db import store_sql


def audit(con: duckdb.DuckDBPyConnection, actor: str, event: str, detail: dict) -> int:
    """Append an audit row inside the caller's transaction; returns its event_id."""
    payload = json.dumps(detail, default=str, ensure_ascii=False)
    return con.execute(store_sql("insert_audit"), {"actor": actor, "event": event, "detail": payload}).fetchone()[0]


def log_event(con: duckdb.DuckDBPyConnection, actor: str, event: str, detail: dict) -> int:
    """An audit row of its own (e.g. a refused sign-in), in one transaction."""
    con.execute("begin transaction")
    try:
        event_id = audit(con, actor, event, detail)
        con.execute("commit")
        return event_id
    except BaseException:
        con.execute("rollback")
        raise
