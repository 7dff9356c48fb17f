"""Timeline: a Gantt of the plan grouped by theme, baseline against forecast, as of the chosen date."""

import streamlit as st

from components.figures import render_chart
from components.db import query
from components.settings import PAGE_ICON
from components.text import note
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels

st.set_page_config(page_title="Timeline · Improvement plan", page_icon=PAGE_ICON, layout="wide")

MAX_ACTION_ROWS = 80  # more actions than this at once: one bar per theme, or a page of a theme

filters, options = render_sidebar()
timeline = query("timeline", **filters.query_params())
st.title("Timeline")
render_context_line(filters, options, is_demo=bool(timeline["is_demo"].any()))
note("Grey bar: baseline. Coloured bar: start to actual or expected finish, with its RAG and how late or early "
     "it finishes against the baseline end. Diamonds: milestones. Black line: the as-of date; faint lines: "
     "review meetings held. Hover a bar for the full title; click it to open the action.")

actions = timeline[timeline["item_kind"] == "action"]
if actions.empty:
    st.info("No actions match these filters.")
    st.stop()

controls = st.columns([1, 2, 1])
colour_by = controls[0].radio("Colour by", ["rag", "theme", "officer"], horizontal=True, key="timeline_colour",
                              format_func={"rag": "RAG", "theme": "Theme", "officer": "Officer"}.get)
refs = list(actions["ref"])
expanded = controls[1].multiselect(
    "Show milestones of", ["All actions", *refs], key="timeline_expand", placeholder="Choose actions to expand",
)
expanded_refs = set(refs) if "All actions" in expanded else set(expanded)
show_evidence = st.toggle("Show the evidence forecast: a whisker from each bar's end to its 80% bound",
                          value=False, key="timeline_evidence")  # forecasts (issue 17)
reviews = sorted(options.reviews)

if len(actions) > MAX_ACTION_ROWS:
    themes = list(dict.fromkeys(actions["theme_code"]))
    pick = controls[2].selectbox("Theme", ["All themes (summary)", *themes], key="timeline_theme")
    if pick == "All themes (summary)":
        st.info(f"{len(actions):,} actions are too many to read as one chart: each theme is one bar below. "
                "Choose a theme to see its actions.")
        render_chart("build_theme_summary_gantt", timeline, as_of=filters.as_of, review_dates=reviews,
                     key="gantt_summary")
        st.stop()
    theme_rows = timeline[timeline["theme_code"] == pick]
    theme_actions = list(theme_rows.loc[theme_rows["item_kind"] == "action", "ref"])
    pages = max(1, -(-len(theme_actions) // MAX_ACTION_ROWS))
    page = st.number_input(f"Page (of {pages}, {MAX_ACTION_ROWS} actions each)", 1, pages, 1, key="timeline_page")
    shown = set(theme_actions[(page - 1) * MAX_ACTION_ROWS: page * MAX_ACTION_ROWS])
    timeline = theme_rows[theme_rows["ref"].isin(shown)]

builder, evidence = ("build_gantt_with_evidence", [query("item_forecast", **filters.query_params())]) \
    if show_evidence else ("build_gantt", [])
clicked = render_chart(builder, timeline, *evidence, as_of=filters.as_of, review_dates=reviews, colour_by=colour_by,
                       expanded_refs=expanded_refs, key="gantt", on_select="rerun")
points = clicked.selection.points if clicked else []
if points and (key := points[0].get("customdata")):  # [ref, seq]: the item's key, carried by the bar
    st.switch_page("pages/5_Action_detail.py", query_params={**filters.url_params(options), "ref": key[0]})

with st.expander("The table behind the chart"):
    render_table(
        with_labels(timeline, filters.url_params(options)),
        columns=["RAG", "item_ref", "title", "owners", "status", "percent_complete", "baseline_start", "baseline_end",
                 "forecast_end", "actual_end", "slippage_days", "detail"],
        key="timeline", filename="timeline.csv",
    )
