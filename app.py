"""Overview: the plan at a glance, as of the chosen date. Each headline links to the page that explains it."""

import streamlit as st

from components.charts import next_review_after
from components.figures import render_chart
from components.db import query
from components.settings import REVIEW_INTERVAL_DAYS
from components.settings import PAGE_ICON
from components.text import note
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels

st.set_page_config(page_title="Overview · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar()
params = filters.query_params()
actions = query("action_status", **params)
themes = query("theme_completion", **params)
next_review = next_review_after(filters.as_of, list(options.reviews), REVIEW_INTERVAL_DAYS)
due = query("due_soon", **params, horizon_days=(next_review - filters.as_of).days)

st.title(options.plan_titles[filters.plan_id])
render_context_line(filters, options, is_demo=bool(actions["is_demo"].any()))

overall = themes[themes["theme_code"].isna()]
url = filters.url_params(options)


def link(page: str, label: str, **change) -> None:
    st.page_link(page, label=label, icon=":material/arrow_forward:", query_params={**url, **change})


if overall.empty:
    st.info("No actions match these filters. Clear a filter in the sidebar to see more.")
    st.stop()
total = overall.iloc[0]
rag_counts = actions["rag"].value_counts()
late = actions[actions["slippage_days"] > 0]  # finished late or running late: the worst slippage
running_late = late[~late["status"].isin(["complete", "cancelled"])]
stale_items = int(total["items_stale"])

row = st.columns(4)
with row[0]:
    st.metric("Actions complete", f"{int(total['actions_complete'])} of {int(total['actions_total'])}",
              help="Actions whose latest update on or before the as-of date says complete")
    note(f"{total['percent_actions_complete']:.0f}% complete; "
               f"{int(total['actions_complete_on_time'])} finished on time")
    link("pages/2_Themes.py", "By theme")
with row[1]:
    st.metric("Red actions", int(rag_counts.get("red", 0)), help="More than 30 days of slippage")
    note(f"Amber {int(rag_counts.get('amber', 0))} · Green {int(rag_counts.get('green', 0))} · "
               f"Not due {int(rag_counts.get('grey', 0))}")
    link("pages/1_Timeline.py", "Show red", rag=["red"])
with row[2]:
    worst = late.sort_values("slippage_days", ascending=False).head(1)
    st.metric("Worst slippage", f"{int(worst['slippage_days'].iloc[0])} days" if len(worst) else "None",
              help="Days after the baseline end: actual finish, or the later of forecast and today")
    median = total["median_slippage_days"]
    note(("Action " + str(worst["ref"].iloc[0]) + " · " if len(worst) else "")
               + (f"median slippage {median:.0f} days" if median == median else "no dated actions"))
    link("pages/1_Timeline.py", "Timeline")
with row[3]:
    st.metric("Stale items", stale_items, help="Open actions and milestones with no update since the previous review")
    note(f"{len(due)} item(s) due before the next review ({next_review:%-d %b %Y})")
    link("pages/3_Officers.py", "Owners")

left, right = st.columns(2)
with left:
    render_chart("build_rag_by_theme", themes, key="chart_rag_by_theme")
with right:
    render_chart("build_completion_by_theme", themes, key="chart_completion")

st.subheader(f"Open and late ({len(running_late)})")
if running_late.empty:
    st.write("No open action is behind its baseline.")
else:
    render_table(
        with_labels(running_late.sort_values("slippage_days", ascending=False), url),
        columns=["RAG", "ref", "action_text", "owners", "baseline_end", "forecast_end", "slippage_days", "rag_reason",
                 "detail"],
        key="late", filename="late-actions.csv",
    )

st.subheader(f"Due before the next review ({len(due)})")
if due.empty:
    st.write(f"Nothing is due between {filters.as_of:%-d %b %Y} and {next_review:%-d %b %Y}.")
else:
    render_table(with_labels(due, url),
                 columns=["RAG", "ref_label", "title", "owners", "due_on", "days_until_due", "status", "detail"],
                 key="due", filename="due-before-next-review.csv")
