"""The dashboard as a service: `streamlit run serve.py` (deploy/improvement-plan.service runs it).

The same app as `streamlit run app.py`, plus a health URL for the proxy and monitors:
`<server.baseUrlPath>/healthz` answers 200 "OK: ..." when the plan database opens and reads, and
503 "FAIL: ..." when it cannot (missing, corrupt, locked by another program, no plan). Streamlit's
own `/_stcore/health` only says that the web server is up.
"""

from __future__ import annotations

import logging

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from streamlit import config

from store.health import check_database

log = logging.getLogger("improvement_plan.health")


def healthz(request: Request) -> PlainTextResponse:
    # A plain function: Starlette runs it on a worker thread, so DuckDB never blocks the event loop.
    result = check_database()
    if not result.ok:
        log.warning("health check failed: %s", result.message)  # into the journal under systemd
    return PlainTextResponse(result.text() + "\n", status_code=200 if result.ok else 503,
                             headers={"Cache-Control": "no-store"})


def health_path() -> str:
    """User routes are not put under server.baseUrlPath by Streamlit: add it here."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/healthz" if base else "/healthz"


app = st.App("app.py", routes=[Route(health_path(), healthz, methods=["GET"])])
