"""Overview: the plan at a glance, as of the chosen date. Each headline links to the page that explains it.

Composes only: every number is a column of queries/theme_completion.sql's all-themes row, named and
worded by components.rules.headline_figures, as on the Review page and in every export."""

import streamlit as st

from components import rules, views
from components.db import query
from components.figures import render_chart
from components.headline import render_figure
from components.settings import PAGE_ICON
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, sized, with_labels
from components.text import escape_markdown, note

st.set_page_config(page_title="Overview · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar()
params = filters.query_params()
view = views.headline(filters, options)
themes, total, next_review = view.themes, view.total, view.next_review

st.title(escape_markdown(options.plan_titles[filters.plan_id]))
render_context_line(filters, options, is_demo=view.uses_demo_progress)
url = filters.url_params(options)


def link(page: str, label: str, **change) -> None:
    st.page_link(page, label=label, icon=":material/arrow_forward:", query_params={**url, **change})


if total is None:
    st.info("No actions match these filters. Clear a filter in the sidebar to see more.")
    st.stop()
figures = rules.figures_by_key(view.figures())


def pair(*keys: str) -> str:
    """Secondary figures as "Label: text", worded exactly as on the Review page and in the pack."""
    return " · ".join(f"{figures[k].label}: {figures[k].text}" for k in keys)


row = st.columns(4)
with row[0]:
    render_figure(figures["actions_complete"])
    percent = total["percent_actions_complete"]  # None when only milestones pass the filters
    note(f"{percent:.0f}% complete; {int(total['actions_complete_on_time'])} finished on time"
         if percent is not None else "No actions in this view, only milestones")
    link("pages/2_Themes.py", "By theme")
with row[1]:
    render_figure(figures["actions_red"])
    note(pair("actions_amber", "items_red"))
    link("pages/1_Timeline.py", "Show red", rag=["red"])
with row[2]:
    render_figure(figures["worst_slippage_days"])
    worst_ref = total["worst_slippage_ref"] if (total["worst_slippage_days"] or 0) > 0 else None
    note((f"Item {worst_ref} · " if worst_ref else "") + pair("median_slippage_days"))
    link("pages/1_Timeline.py", "Timeline")
with row[3]:
    render_figure(figures["items_stale"])
    note(pair("items_due") + f" ({next_review:%-d %b %Y})")
    link("pages/4_Review.py", "Review meeting")

left, right = st.container(key="chart_pair").columns(2)  # one above the other under 1000 px
with left:
    render_chart("build_rag_by_theme", themes, key="chart_rag_by_theme")
with right:
    render_chart("build_completion_by_theme", themes, key="chart_completion")

LAPTOP_WIDTHS = sized({"RAG": 70, "item_ref": 55, "action_text": 210, "title": 260, "owners": 140,
                       "forecast_end": 100, "slippage_days": 100, "rag_reason": 170, "due_on": 100,
                       "days_until_due": 80, "detail": 55})
actions = query("action_status", **params)
late = rules.red_and_amber_actions(actions)
st.subheader(f"Red and amber actions ({len(late)})")
if late.empty:
    st.write("No action is rated red or amber.")
else:
    render_table(with_labels(late, url),
                 columns=["RAG", "item_ref", "action_text", "owners", "forecast_end", "slippage_days", "rag_reason",
                          "detail"],
                 key="late", filename="red-and-amber-actions.csv", config=LAPTOP_WIDTHS)

due = query("due_soon", **params, due_by=next_review)
st.subheader(f"Due before the next review, {next_review:%-d %b %Y} ({len(due)})")
if due.empty:
    st.write(f"Nothing is due between {filters.as_of:%-d %b %Y} and {next_review:%-d %b %Y}.")
else:
    render_table(with_labels(due, url),
                 columns=["RAG", "item_ref", "title", "owners", "due_on", "days_until_due", "status", "detail"],
                 key="due", filename="due-before-next-review.csv", config=LAPTOP_WIDTHS)
