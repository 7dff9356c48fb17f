"""Who may edit. Viewers see everything and change nothing.

- `[auth]` configured in secrets: sign in with st.login (OIDC, e.g. the council's Entra ID).
- otherwise an editor passphrase (secrets `editor_passphrase` or env PLAN_EDITOR_PASSPHRASE),
  compared in constant time;
- with neither, editing works only while the server listens on this computer (localhost), and the
  page says so; on a network with no sign-in configured nobody can edit.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Access:
    can_edit: bool
    editor: str | None
    mode: str  # "oidc", "passphrase", "localhost" or "none"
    note: str


def edit_mode(secrets: Mapping, env: Mapping, server_address: str | None) -> str:
    """How editing is guarded, from the configuration alone."""
    if "auth" in secrets:
        return "oidc"
    if secrets.get("editor_passphrase") or env.get("PLAN_EDITOR_PASSPHRASE"):
        return "passphrase"
    if (server_address or "").strip() in LOCAL_ADDRESSES:
        return "localhost"
    return "none"


def passphrase_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken does not leak how much of a guess was right."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def server_address() -> str:
    return str(st.get_option("server.address") or "")


def _secrets() -> Mapping:
    try:
        return dict(st.secrets)
    except (FileNotFoundError, Exception):  # no secrets.toml: nothing configured
        return {}


def render_access() -> Access:
    """Draw the sign-in controls for the current mode and say who may edit."""
    secrets = _secrets()
    mode = edit_mode(secrets, os.environ, server_address())
    s = st.session_state
    if mode == "oidc":
        if st.user.get("is_logged_in", False):
            name = st.user.get("name") or st.user.get("email") or "signed-in user"
            st.button("Sign out", on_click=st.logout, key="sign_out")
            return Access(True, str(name), mode, f"Signed in as {name}.")
        st.button("Sign in to edit", on_click=st.login, key="sign_in", type="primary")
        return Access(False, None, mode, "Viewing only. Sign in with your council account to record progress.")
    if mode == "passphrase":
        if s.get("editor_name"):
            if st.button("Sign out", key="sign_out"):
                s.pop("editor_name")
                st.rerun()
            return Access(True, s["editor_name"], mode, f"Editing as {s['editor_name']}.")
        expected = secrets.get("editor_passphrase") or os.environ.get("PLAN_EDITOR_PASSPHRASE", "")
        with st.form("sign_in_form"):
            name = st.text_input("Your name", key="sign_in_name")
            given = st.text_input("Editor passphrase", type="password", key="sign_in_pass")
            if st.form_submit_button("Sign in to edit"):
                if not name.strip():
                    st.error("Give your name: it is recorded with every update.")
                elif passphrase_matches(given, expected):
                    s["editor_name"] = name.strip()
                    st.rerun()
                else:
                    st.error("That passphrase is not right.")
        return Access(False, None, mode, "Viewing only. Sign in with the editor passphrase to record progress.")
    if mode == "localhost":
        name = st.text_input("Your name (recorded with every update)", value=s.get("local_editor", ""),
                             key="local_editor")
        note = ("Editing is open because this dashboard only listens on this computer (localhost). "
                "Set an editor passphrase or single sign-on before sharing it on a network.")
        return Access(bool(name.strip()), name.strip() or None, mode, note)
    return Access(False, None, mode, "Editing is switched off: this dashboard is shared on a network without "
                                     "sign-in. Ask the administrator to set an editor passphrase or single sign-on.")
