"""The dashboard's filters: kept in session-state keys of their own, mirrored into the URL.

Streamlit drops a widget's key when the page changes, so each filter lives under an `f_*` key that
no widget owns; widgets (keys `w_*`) are seeded from it and copy their value back on change. The
URL query string carries the same values, so a filtered view can be bookmarked or pasted into the
meeting chat. A value in the URL that does not fit the plan is dropped with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from components import rules
from components.settings import RAG_ORDER, RAG_WORDS, RED_AFTER_DAYS, STATUS_LABELS
from store.source import fold

# filter name -> URL parameter
URL_KEYS = {"plan": "plan", "as_of": "as_of", "themes": "theme", "officers": "officer", "statuses": "status",
            "rags": "rag"}
LIST_FILTERS = ("themes", "officers", "statuses", "rags")


@dataclass(frozen=True)
class Options:
    """What can be chosen in the current plan."""

    plan_ids: list[str]
    plan_titles: dict[str, str]
    themes: dict[str, str]  # code -> title
    officers: dict[str, str]  # officer_id -> name
    reviews: dict[date, str]  # review date -> title, latest first
    default_as_of: date  # the latest review held (on or before today), else today
    latest_update_on: date | None = None  # the plan's latest counted update
    officer_emails: dict[str, str] = field(default_factory=dict)  # officer_id -> e-mail, where recorded

    def offers_today(self, today: date) -> bool:
        """Whether updates arrived after the default date, so "as of today" shows something new."""
        return self.latest_update_on is not None and self.default_as_of < self.latest_update_on <= today


@dataclass(frozen=True)
class Filters:
    plan_id: str
    as_of: date
    themes: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    rags: list[str] = field(default_factory=list)

    def query_params(self, **extra) -> dict:
        """Parameters for the status queries: an empty choice means all (NULL)."""
        return {
            "plan_id": self.plan_id,
            "as_of": self.as_of,
            "red_after_days": RED_AFTER_DAYS,
            "themes": self.themes or None,
            "officers": self.officers or None,
            "statuses": self.statuses or None,
            "rags": self.rags or None,
            **extra,
        }

    def url_params(self, options: Options) -> dict[str, list[str] | str]:
        """The URL query string for this view (officers by name: readable when pasted in a chat)."""
        out: dict[str, list[str] | str] = {"plan": self.plan_id, "as_of": self.as_of.isoformat()}
        if self.themes:
            out["theme"] = self.themes
        if self.officers:
            out["officer"] = [options.officers.get(o, o) for o in self.officers]
        if self.statuses:
            out["status"] = self.statuses
        if self.rags:
            out["rag"] = self.rags
        return out

    def describe(self, options: Options) -> str:
        """One line: the as-of date and every active filter, for the top of each page."""
        review = options.reviews.get(self.as_of)
        parts = [f"As of {self.as_of:%-d %b %Y}" + (f" ({review})" if review else "")]
        if self.themes:
            parts.append("Theme " + ", ".join(self.themes))
        if self.officers:
            parts.append("Officer " + ", ".join(options.officers.get(o, o) for o in self.officers))
        if self.statuses:
            parts.append("Status " + ", ".join(STATUS_LABELS[s] for s in self.statuses))
        if self.rags:
            parts.append("RAG " + ", ".join(RAG_WORDS[r] for r in self.rags))
        if len(parts) == 1:
            parts.append("all themes, officers and statuses")
        return " · ".join(parts)


def parse_url_values(name: str, values: list[str], options: Options) -> tuple[object, list[str]]:
    """Turn URL values into a filter value; returns (value or None, notices about what was dropped)."""
    notices: list[str] = []
    if name == "plan":
        value = values[-1] if values else None
        if value is not None and value not in options.plan_ids:
            return None, [f"The link names plan '{value}', which is not in this database; showing the default plan."]
        return value, notices
    if name == "as_of":
        value = values[-1] if values else None
        if value is None:
            return None, notices
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None, [f"The link's date '{value}' is not a date like 2018-03-31; showing the latest review."]
        refusal = rules.as_of_refusal(day, options.default_as_of)
        return (None, [refusal]) if refusal else (day, notices)
    allowed: dict[str, str]
    if name == "themes":
        allowed = {code: code for code in options.themes}
    elif name == "officers":
        allowed = {fold(n): i for i, n in options.officers.items()} | {i: i for i in options.officers}
    elif name == "statuses":
        allowed = {s: s for s in STATUS_LABELS}
    else:
        allowed = {r: r for r in RAG_ORDER}
    chosen: list[str] = []
    for raw in values:
        key = fold(raw) if name == "officers" else raw.strip().lower() if name in ("statuses", "rags") else raw.strip()
        if key in allowed:
            if allowed[key] not in chosen:
                chosen.append(allowed[key])
        else:
            notices.append(f"Ignored {URL_KEYS[name]} '{raw}' from the link: it is not in this plan.")
    return chosen, notices


def _own_key(name: str) -> str:
    return f"f_{name}"


def _widget_key(name: str) -> str:
    return f"w_{name}"


def _url_filter_values() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in URL_KEYS.values() if st.query_params.get_all(k)}


def sync_from_url(options_for_plan, plan_ids: list[str], plan_titles: dict[str, str]) -> list[str]:
    """Take the filters from the URL when it says something the app did not write itself: a deep link,
    a bookmark, or a link from another page. Returns notices about values that were dropped."""
    url = _url_filter_values()
    if st.session_state.get("f_seeded") and (not url or url == st.session_state.get("f_url")):
        return []
    first_run = not st.session_state.get("f_seeded")
    st.session_state["f_seeded"] = True
    notices: list[str] = []
    bare = Options(plan_ids, plan_titles, {}, {}, {}, date.today())
    plan, said = parse_url_values("plan", url.get("plan", []), bare)
    notices += said
    plan = plan or (plan_ids[0] if first_run else st.session_state.get(_own_key("plan"), plan_ids[0]))
    st.session_state[_own_key("plan")] = plan
    options = options_for_plan(plan)
    as_of, said = parse_url_values("as_of", url.get("as_of", []), options)
    notices += said
    set_filter("as_of", as_of or options.default_as_of)
    st.session_state["f_as_of_custom"] = False
    for name in LIST_FILTERS:
        value, said = parse_url_values(name, url.get(URL_KEYS[name], []), options)
        notices += said
        set_filter(name, value or [])
    st.session_state.pop(_widget_key("plan"), None)
    return notices


def current(options: Options) -> Filters:
    s = st.session_state
    return Filters(
        plan_id=s[_own_key("plan")],
        as_of=s.get(_own_key("as_of")) or options.default_as_of,
        themes=[t for t in s.get(_own_key("themes"), []) if t in options.themes],
        officers=[o for o in s.get(_own_key("officers"), []) if o in options.officers],
        statuses=list(s.get(_own_key("statuses"), [])),
        rags=list(s.get(_own_key("rags"), [])),
    )


def set_filter(name: str, value) -> None:
    """Change a filter from code (e.g. choosing an officer on the Officers page)."""
    st.session_state[_own_key(name)] = value
    st.session_state.pop(_widget_key(name), None)  # the widget re-seeds from the filter


def bind_widget(name: str) -> dict:
    """Keyword arguments that tie a widget to filter `name`: its key, and a callback copying it back."""
    widget = _widget_key(name)
    # Always re-seed: after a page switch the old key may linger, but the new page's widget would
    # otherwise start from its default.
    st.session_state[widget] = st.session_state.get(_own_key(name))

    def copy_back() -> None:
        st.session_state[_own_key(name)] = st.session_state[widget]

    return {"key": widget, "on_change": copy_back}


def mirror_to_url(filters: Filters, options: Options, **extra: str) -> None:
    """Write the view into the URL (only when it changed: each write is a browser history entry)."""
    wanted = {**filters.url_params(options), **{k: v for k, v in extra.items() if v is not None}}
    as_lists = {k: [v] if isinstance(v, str) else list(v) for k, v in wanted.items()}
    have = {k: st.query_params.get_all(k) for k in st.query_params}
    if have != as_lists:
        st.query_params.from_dict(wanted)
    st.session_state["f_url"] = {k: v for k, v in as_lists.items() if k in URL_KEYS.values()}
