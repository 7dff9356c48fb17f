"""The app's one database connection and cached query runner (the thin Streamlit wrapper over
store/ and queries/). Pages call `query(...)`; nothing else in the app opens the file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import queries
from store.build import ensure_database, install_macros
from store.db import connect, db_path
from store.errors import PlanError


@st.cache_resource(show_spinner="Opening the plan database…")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    ensure_database(Path(path))
    con = connect(path)
    install_macros(con)  # files built by an older version get the current definitions
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """One read-write connection per server process; stops the page with a plain message on error."""
    try:
        return _connection(str(db_path()))
    except PlanError as exc:
        st.error(str(exc))
        st.stop()


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/NAME.sql on a cursor of the shared connection."""
    return queries.run(connection(), name, **params)
