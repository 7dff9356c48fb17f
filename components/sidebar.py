"""The shared sidebar every page draws first: the menu, then the plan and the filters.

`render_sidebar()` returns the active Filters and the Options they were chosen from, and mirrors
the view into the URL.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import filters as f
from components import guard, rules, views
from components.settings import RAG_LABELS, RAG_ORDER, STATUS_LABELS
from components.style import render_page_style
from components.text import escape_markdown

MENU = [
    ("app.py", "Overview", ":material/dashboard:"),
    ("pages/1_Timeline.py", "Timeline", ":material/view_timeline:"),
    ("pages/2_Themes.py", "Themes", ":material/category:"),
    ("pages/3_Officers.py", "Officers", ":material/group:"),
    ("pages/4_Review.py", "Review meeting", ":material/groups:"),
    ("pages/5_Action_detail.py", "Action detail", ":material/description:"),
    ("pages/7_My_updates.py", "My updates", ":material/edit_note:"),
    ("pages/6_Data.py", "Data", ":material/database:"),
]
CUSTOM_DATE = "custom"
TODAY = "today"
DEMO_VIEW_KEY = "view_counts_demo_progress"  # set by render_context_line, read by render_table


def render_menu() -> None:
    st.sidebar.markdown("**Improvement plan**")
    for path, label, icon in MENU:
        st.sidebar.page_link(path, label=label, icon=icon)


def _plan_changed() -> None:
    """A new plan: its themes, officers and reviews differ, so the filters start afresh."""
    st.session_state["f_plan"] = st.session_state["w_plan"]
    for name in f.LIST_FILTERS:
        f.set_filter(name, [])
    f.set_filter("as_of", None)
    st.session_state["f_as_of_custom"] = False


def _as_of_picker(options: f.Options) -> None:
    """A quick pick of each review date, "today" when updates arrived since the latest review, or any date."""
    s = st.session_state
    today = date.today()
    as_of = s.get("f_as_of") or options.default_as_of
    choices = [*options.reviews, *([TODAY] if options.offers_today(today) else []), CUSTOM_DATE]
    custom = s.get("f_as_of_custom") or as_of not in options.reviews
    s["w_as_of_review"] = (TODAY if as_of == today and TODAY in choices else CUSTOM_DATE) if custom else as_of

    def review_changed() -> None:
        choice = s["w_as_of_review"]
        s["f_as_of_custom"] = choice in (CUSTOM_DATE, TODAY)
        if choice == TODAY:
            s["f_as_of"] = today
        elif choice != CUSTOM_DATE:
            s["f_as_of"] = choice

    def label(choice) -> str:
        if choice == CUSTOM_DATE:
            return "Another date…"
        if choice == TODAY:
            return f"Today · {today:%-d %b %Y} (updates since the last review)"
        return f"{options.reviews[choice]} · {choice:%-d %b %Y}"

    st.sidebar.selectbox(
        "As of", choices, format_func=label, key="w_as_of_review", on_change=review_changed,
        help="Every figure is computed as of this date: updates reported later are not counted. The default "
             "is the latest review held.",
    )
    if custom and s["w_as_of_review"] == CUSTOM_DATE:
        s["w_as_of"] = as_of

        def date_changed() -> None:
            s["f_as_of"] = s["w_as_of"]

        st.sidebar.date_input("Date", key="w_as_of", format="DD/MM/YYYY", on_change=date_changed)


def render_sidebar(**url_extra: str) -> tuple[f.Filters, f.Options]:
    """Draw the menu and filters; return the active filters. `url_extra` adds page-specific URL keys."""
    guard.install()  # from here on, an error this run lets escape is shown in plain words, no traceback
    render_page_style()  # metrics wrap and buttons keep their words on a narrow window
    render_menu()
    plans = views.plans()
    plan_ids = list(plans["plan_id"])
    titles = dict(zip(plans["plan_id"], plans["title"]))
    notices = f.sync_from_url(views.options_for, plan_ids, titles)
    if st.session_state.get("f_plan") not in plan_ids:
        st.session_state["f_plan"] = plan_ids[0]
    options = views.options_for(st.session_state["f_plan"])

    st.sidebar.divider()
    if len(plan_ids) > 1:
        st.session_state["w_plan"] = st.session_state["f_plan"]
        st.sidebar.selectbox("Plan", plan_ids, format_func=titles.get, key="w_plan", on_change=_plan_changed)
    _as_of_picker(options)
    st.sidebar.multiselect("Theme", list(options.themes), format_func=lambda c: f"{c} · {options.themes[c]}",
                           placeholder="All themes", **f.bind_widget("themes"))
    st.sidebar.multiselect("Officer", list(options.officers), format_func=options.officers.get,
                           placeholder="All officers", **f.bind_widget("officers"))
    st.sidebar.multiselect("Status", list(STATUS_LABELS), format_func=STATUS_LABELS.get,
                           placeholder="All statuses", **f.bind_widget("statuses"))
    st.sidebar.multiselect("RAG", RAG_ORDER, format_func=RAG_LABELS.get, placeholder="All RAG ratings",
                           **f.bind_widget("rags"))
    if any(st.session_state.get(f"f_{n}") for n in f.LIST_FILTERS):
        st.sidebar.button("Clear filters", on_click=_clear_filters, icon=":material/filter_alt_off:")

    filters = f.current(options)
    f.mirror_to_url(filters, options, **url_extra)
    for notice in notices:
        st.warning(escape_markdown(notice), icon=":material/link_off:")
    return filters, options


def _clear_filters() -> None:
    for name in f.LIST_FILTERS:
        f.set_filter(name, [])


def render_context_line(filters: f.Filters, options: f.Options, *, is_demo: bool) -> None:
    """One line above the page content: the as-of date, active filters, and whether illustrative (demo)
    updates are counted. The page's CSV downloads are named to say so too (tables.render_table)."""
    st.session_state[DEMO_VIEW_KEY] = bool(is_demo)
    st.markdown(f"**{escape_markdown(filters.describe(options) + rules.context_suffix(is_demo))}**")
