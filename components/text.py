"""Showing user and imported text safely: as text, never as markup."""

from __future__ import annotations

import re

import numpy as np

import pandas as pd

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$:])")
# An absolute path (not part of a URL): /srv/plan/data/plan.duckdb -> plan.duckdb
_SERVER_PATH = re.compile(r"(?<![\w:/.~-])(?:/[\w.~-]+)+/([\w.~-]+)")
# GFM turns a bare "https://…", "www.…" or "name@host.tld" in the *rendered* text into a link, escaped
# or not; an invisible word joiner (U+2060) inside each keeps it text.
_AUTOLINK = re.compile(r"(?i)(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)(?=[-\w])")
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """Text that st.markdown shows literally: markdown, HTML and LaTeX characters are escaped, and web
    and e-mail addresses are kept from becoming links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


def without_paths(text: object) -> str:
    """A message for a viewer: every server path cut to its file name (a manager may see the database's
    name; where it lives is for whoever runs the server)."""
    return _SERVER_PATH.sub(r"\1", str(text))


def shown_error(exc: BaseException) -> str:
    """A store error's message as a viewer sees it: no server paths, and shown as text."""
    return escape_markdown(without_paths(exc))


def day(value: object) -> str:
    """A date as text, e.g. "1 Jan 2020"; "—" when there is none (None, NaN, NaT)."""
    return "—" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%-d %b %Y}"


def each_distinct(values: pd.Series, text) -> pd.Series:
    """`text(value)` of every value, worked out once per distinct value ("—" for a missing one): a column of
    37,000 dates holds a few hundred, and one call per row cost a large plan's Themes page 0.5 s a rerun."""
    codes, distinct = pd.factorize(values)
    texts = np.array([text(value) for value in distinct] + ["—"], dtype=object)
    return pd.Series(texts[codes], index=values.index)  # code -1 (missing) takes the last: "—"


def source_note(text: object) -> str:
    """How an action was read from the committee papers, for a manager: the transcriber's pointer into
    NOTES.md ("N14: ") dropped. "" when there is no note."""
    if text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip():
        return ""
    body = re.sub(r"^\s*N\d+[a-z]?\s*[:.]\s*", "", str(text).strip())
    return f"Read from the committee papers with care: {body}"


def backup_note(path) -> str:
    """Where the import's backup went, by file name only: a viewer never sees a server path."""
    return f"Backup: {path.name}." if path else ""


def note(text: object) -> None:
    """A secondary line in full-contrast text (st.caption's grey fails WCAG AA contrast: 3.88:1)."""
    import streamlit as st

    st.markdown(escape_markdown(text))


def lateness(days: object) -> str:
    """Slippage in plain words: "152 days late", "20 days early", "on time", "1 day late"; "" when none."""
    if days is None or pd.isna(days):
        return ""
    n = int(days)
    if n == 0:
        return "on time"
    return f"{abs(n)} day{'s' if abs(n) != 1 else ''} {'late' if n > 0 else 'early'}"
