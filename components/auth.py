"""Who may do what. Three roles: a viewer sees everything and changes nothing; an officer updates the
items they own; a manager updates everything, schedules reviews, approves re-baselines and imports.

How people are known, from the configuration:
- `[auth]` in secrets: sign in with st.login (OIDC, e.g. the council's Entra ID). Officers are matched to
  the officer table by e-mail; managers are listed by e-mail in secrets `managers`.
- otherwise passphrases: secrets `manager_passphrase` (or `editor_passphrase`, or env
  PLAN_EDITOR_PASSPHRASE) signs a manager in; secrets `officer_passphrases` (officer_id = passphrase)
  signs one officer in. Compared in constant time; wrong guesses are throttled and logged.
- with neither, editing works only while the server listens on this computer (localhost): the person
  at the computer is trusted as a manager. On a network with no sign-in configured nobody can edit.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from components import throttle

LOCAL_ADDRESSES = {"127.0.0.1", "localhost", "::1"}
VIEWER, OFFICER, MANAGER = "viewer", "officer", "manager"
LOCAL_NAME = "local_editor_name"  # session key: the name typed at this computer (localhost mode)


@dataclass(frozen=True)
class Access:
    role: str  # viewer, officer or manager
    editor: str | None  # the name recorded with every save
    mode: str  # "oidc", "passphrase", "localhost" or "none"
    note: str
    officer_id: str | None = None  # who they are in the plan (an officer; a manager may be one too)

    @property
    def can_edit(self) -> bool:
        return self.role in (OFFICER, MANAGER)

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    def may_update(self, owner_ids) -> bool:
        """Whether this person may record progress on an item owned by `owner_ids`."""
        return self.is_manager or (self.role == OFFICER and self.officer_id in list(owner_ids or []))


def edit_mode(secrets: Mapping, env: Mapping, server_address: str | None) -> str:
    """How editing is guarded, from the configuration alone."""
    if "auth" in secrets:
        return "oidc"
    if manager_passphrase(secrets, env) or secrets.get("officer_passphrases"):
        return "passphrase"
    if (server_address or "").strip() in LOCAL_ADDRESSES:
        return "localhost"
    return "none"


def manager_passphrase(secrets: Mapping, env: Mapping) -> str:
    return str(secrets.get("manager_passphrase") or secrets.get("editor_passphrase")
               or env.get("PLAN_EDITOR_PASSPHRASE") or "")


def passphrase_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken does not leak how much of a guess was right."""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def role_for_email(email: str | None, managers, officers_by_email: Mapping[str, tuple[str, str]]):
    """(role, officer_id, name) for a signed-in e-mail: a manager if listed, an officer if the officer
    table has the address, else a viewer. Case and spacing do not matter."""
    key = (email or "").strip().lower()
    officer_id, name = officers_by_email.get(key, (None, None))
    if key and key in {str(m).strip().lower() for m in (managers or [])}:
        return MANAGER, officer_id, name
    if officer_id:
        return OFFICER, officer_id, name
    return VIEWER, None, name


def server_address() -> str:
    return str(st.get_option("server.address") or "")


def _secrets() -> Mapping:
    try:
        return dict(st.secrets)
    except (FileNotFoundError, Exception):  # no secrets.toml: nothing configured
        return {}


def render_access(officers: Mapping[str, str], officers_by_email: Mapping[str, tuple[str, str]],
                  on_refused=None) -> Access:
    """Draw the sign-in controls for the current mode and say who may do what. `officers` maps officer_id
    to name (for the passphrase form); `on_refused(name, address)` logs a wrong passphrase."""
    secrets = _secrets()
    mode = edit_mode(secrets, os.environ, server_address())
    if mode == "oidc":
        return _oidc(secrets, officers, officers_by_email)
    if mode == "passphrase":
        return _passphrase(secrets, officers, on_refused)
    if mode == "localhost":
        name = st.text_input("Your name (recorded with every update)", value=st.session_state.get("local_editor", ""),
                             key="local_editor")
        st.session_state[LOCAL_NAME] = name.strip()  # a widget's value is dropped on pages that do not draw it
        note = ("Editing is open because this dashboard only listens on this computer (localhost): you can do "
                "everything a manager can. Set passphrases or single sign-on before sharing it on a network.")
        return Access(MANAGER if name.strip() else VIEWER, name.strip() or None, mode, note)
    return Access(VIEWER, None, mode, "Editing is switched off: this dashboard is shared on a network without "
                                      "sign-in. Ask the administrator to set passphrases or single sign-on.")


def current_access(officers: Mapping[str, str], officers_by_email: Mapping[str, tuple[str, str]]) -> Access:
    """Who is signed in, drawing nothing: presentation mode has no room for the sign-in controls, so people
    sign in on the Review page first (the session keeps it). The same roles as render_access."""
    secrets = _secrets()
    mode = edit_mode(secrets, os.environ, server_address())
    signed_in = st.session_state.get("signed_in")
    if mode == "oidc" and st.user.get("is_logged_in", False):
        role, officer_id, name, _ = _oidc_identity(secrets, officers, officers_by_email)
        return Access(role, name if role != VIEWER else None, mode, "", officer_id)
    if mode == "passphrase" and signed_in:
        role, name, officer_id = signed_in
        return Access(role, name, mode, "", officer_id)
    if mode == "localhost" and st.session_state.get(LOCAL_NAME):
        return Access(MANAGER, st.session_state[LOCAL_NAME], mode, "")
    return Access(VIEWER, None, mode, "")


def _oidc_identity(secrets: Mapping, officers: Mapping[str, str], officers_by_email):
    """(role, officer_id, name, email) of the signed-in user."""
    email = st.user.get("email")
    known = {**officers_by_email, **_emails_from_secrets(secrets, officers)}
    role, officer_id, officer_name = role_for_email(email, secrets.get("managers"), known)
    return role, officer_id, str(officer_name or st.user.get("name") or email or "signed-in user"), email


def _oidc(secrets: Mapping, officers: Mapping[str, str], officers_by_email) -> Access:
    if not st.user.get("is_logged_in", False):
        st.button("Sign in", on_click=st.login, key="sign_in", type="primary")
        return Access(VIEWER, None, "oidc", "Viewing only. Sign in with your council account to record progress.")
    role, officer_id, name, email = _oidc_identity(secrets, officers, officers_by_email)
    st.button("Sign out", on_click=st.logout, key="sign_out")
    notes = {MANAGER: f"Signed in as {name}, a manager: you can update every item and schedule reviews.",
             OFFICER: f"Signed in as {name}: you can update the items you own.",
             VIEWER: f"Signed in as {email}, which is not an officer of this plan: viewing only."}
    return Access(role, str(name) if role != VIEWER else None, "oidc", notes[role], officer_id)


def _emails_from_secrets(secrets: Mapping, officers: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """secrets `[officer_emails]` (officer_id = "name@council.gov.uk"): IT can match officers to their
    sign-in without touching the database; the officer table's own e-mails are used as well."""
    return {str(email).strip().lower(): (str(officer_id), officers.get(str(officer_id), str(officer_id)))
            for officer_id, email in dict(secrets.get("officer_emails") or {}).items()}


def _passphrase(secrets: Mapping, officers: Mapping[str, str], on_refused) -> Access:
    s = st.session_state
    if s.get("signed_in"):
        role, name, officer_id = s["signed_in"]
        if st.button("Sign out", key="sign_out"):
            s.pop("signed_in")
            st.rerun()
        what = "a manager" if role == MANAGER else "updating the items you own"
        return Access(role, name, "passphrase", f"Signed in as {name}, {what}.", officer_id)
    manager = manager_passphrase(secrets, os.environ)
    per_officer = {str(k): str(v) for k, v in dict(secrets.get("officer_passphrases") or {}).items()}
    who = [o for o in officers if o in per_officer]
    with st.form("sign_in_form"):
        pick = st.selectbox("Who are you", [None, *who], key="sign_in_officer",
                            format_func=lambda o: "A manager" if o is None else officers[o])
        name = st.text_input("Your name (managers)", key="sign_in_name")
        given = st.text_input("Passphrase", type="password", key="sign_in_pass")
        if st.form_submit_button("Sign in"):
            _try_sign_in(pick, name, given, manager, per_officer, officers, on_refused)
    return Access(VIEWER, None, "passphrase", "Viewing only. Sign in with your passphrase to record progress.")


def _try_sign_in(pick, name: str, given: str, manager: str, per_officer, officers, on_refused) -> None:
    s = st.session_state
    address = st.context.ip_address or "unknown"
    wait = throttle.seconds_to_wait(address, s.setdefault("sign_in_session", throttle.new_key()))
    if wait:
        st.error(f"Too many wrong passphrases: try again in {wait} seconds.")  # text: wait is a number of seconds
        return
    if pick is None and not name.strip():
        st.error("Give your name: it is recorded with every update.")
        return
    if pick is None and passphrase_matches(given, manager):
        s["signed_in"] = (MANAGER, name.strip(), None)
        st.rerun()
    if pick is not None and (passphrase_matches(given, per_officer.get(pick, "")) or passphrase_matches(given, manager)):
        s["signed_in"] = (OFFICER, officers[pick], pick)
        st.rerun()
    throttle.record_failure(address, s["sign_in_session"])
    if on_refused:
        on_refused(officers.get(pick) or name.strip() or "unknown", address)
    st.error("That passphrase is not right.")
