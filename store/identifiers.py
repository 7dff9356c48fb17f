"""The documented shape of the ids a plan is known by; checked on every import, URL and command.

plan_id: 1 to 64 characters, letters, digits and - _ . only, starting with a letter or digit
  (e.g. "tbc-rent-sip"); it appears in URLs, file names and the audit log.
ref: an action's reference such as "1.1" or "6b.5": letters and digits in two or more parts joined by
  dots, up to 32 characters.
"""

from __future__ import annotations

import re

PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
REF = re.compile(r"[0-9A-Za-z]+(\.[0-9A-Za-z]+)+")
MAX_REF_LENGTH = 32
PLAN_ID_RULE = "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. 'exeter-rent-sip')"


def is_plan_id(value: object) -> bool:
    return isinstance(value, str) and PLAN_ID.fullmatch(value) is not None


def is_ref(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_REF_LENGTH and REF.fullmatch(value) is not None


def plan_id_problem(value: str, where: str) -> str | None:
    """A plain message when `value` is not a valid plan_id; None when it is."""
    if is_plan_id(value):
        return None
    shown = value if len(value) <= 70 else value[:67] + "..."
    return f"{where}: the plan id '{shown}' is not valid; write {PLAN_ID_RULE}."
