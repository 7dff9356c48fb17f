"""The shared sidebar every page draws first: the menu and the plan selector."""

from __future__ import annotations

import streamlit as st

from components.db import query

MENU = [
    ("app.py", "Overview", ":material/dashboard:"),
    ("pages/5_Action_detail.py", "Action detail", ":material/description:"),
]


def render_menu() -> None:
    for path, label, icon in MENU:
        st.sidebar.page_link(path, label=label, icon=icon)


def render_sidebar() -> str:
    """Draw the menu and plan picker; return the chosen plan_id."""
    render_menu()
    plans = query("plans")
    labels = dict(zip(plans["plan_id"], plans["title"]))
    return st.sidebar.selectbox("Plan", list(labels), format_func=labels.get, key="plan_select")
