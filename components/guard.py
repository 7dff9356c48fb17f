"""No traceback reaches a viewer: one handler for whatever a page run lets escape.

Streamlit calls a session's `on_script_error` handler for an uncaught exception in a page or a widget
callback, after logging the full traceback to the server log. `install()` (called by
components.sidebar.render_sidebar, which every page calls first) sets it for this run. A problem the
person can fix (store.errors.PlanError) is shown in its own plain words; anything else as "Something
went wrong; nothing was changed" with a reference id that is also written, with the traceback, to the
server log. `client.showErrorDetails = "none"` in .streamlit/config.toml is the backstop: an exception
raised before install() is shown as Streamlit's generic redacted notice, still without a traceback.

Tests set PLAN_SHOW_ERRORS=1 (tests/conftest.py) so a page's crash stays an AppTest exception there;
the hostile-input suite unsets it to see what a viewer sees.
"""

from __future__ import annotations

import os

from store.errlog import DISK_FULL, UNFORESEEN, is_disk_full, log_to_server
from store.errors import PlanError, ValidationError


def plain_message(exc: BaseException) -> tuple[str, str | None]:
    """(what the viewer is told, the reference id logged with the traceback, or None for a PlanError)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.problems), None
    if isinstance(exc, PlanError):
        return str(exc), None
    ref = log_to_server(exc)
    return (DISK_FULL if is_disk_full(exc) else UNFORESEEN.format(ref=ref)), ref


def show_error(exc: BaseException) -> bool:
    """The on_script_error handler: show a plain message; True tells Streamlit to show nothing else."""
    import streamlit as st

    from components.text import escape_markdown, without_paths

    message, _ = plain_message(exc)
    st.error(escape_markdown(without_paths(message)))
    return True


def install() -> None:
    """Route this run's uncaught exceptions to show_error (not in tests unless they ask for it)."""
    if os.environ.get("PLAN_SHOW_ERRORS") == "1":
        return
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = show_error
