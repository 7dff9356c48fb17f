"""Unforeseen errors: a short reference id for the person, the traceback for whoever runs the server.

The dashboard (components/guard.py) and the command line (store/__main__.py) show only
"Something went wrong; nothing was changed. Reference: K7WQ2M"; the same id is logged with the full
traceback (the `plan.errors` logger: the server's log for the dashboard; for the command line, the
file PLAN_ERROR_LOG, by default errors.log beside the database).
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import traceback
from datetime import datetime
from pathlib import Path

LOG = logging.getLogger("plan.errors")
UNFORESEEN = "Something went wrong; nothing was changed. Reference: {ref}"
DISK_FULL = "The disk is full, so nothing was saved and nothing was changed. Free some space and try again."
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out over the phone


def reference_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


def is_disk_full(exc: BaseException) -> bool:
    """An OSError ENOSPC, or DuckDB's IOException/FatalException saying the same in words."""
    text = str(exc)
    return getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in text


def log_to_server(exc: BaseException) -> str:
    """Log the traceback under a new reference id (the dashboard: Streamlit's server log); return the id."""
    ref = reference_id()
    LOG.error("Unforeseen error, reference %s", ref, exc_info=exc)
    return ref


def log_to_file(exc: BaseException, folder: Path) -> tuple[str, Path | None]:
    """The command line's log: append the traceback to PLAN_ERROR_LOG (default folder/errors.log).
    Returns the id and the file, or None when it could not be written (a full disk)."""
    ref = reference_id()
    path = Path(os.environ.get("PLAN_ERROR_LOG") or Path(folder) / "errors.log")
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} reference {ref}\n")
            out.write("".join(traceback.format_exception(exc)))
    except OSError:
        return ref, None
    return ref, path
