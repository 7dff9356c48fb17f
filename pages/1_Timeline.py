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
# Ask only for the rows drawn: a large plan's summary is one row per theme, then one page of one theme.
themes = query("timeline_themes", **filters.query_params())
action_count = int(themes["n"].sum())
st.title("Timeline")
render_context_line(filters, options, is_demo=bool(themes["uses_demo_progress"].any()))
note("Grey bar: baseline. Coloured bar: start to actual or expected finish, with its RAG and how late or early "
     "it finishes against the baseline end. Diamonds: milestones. Black line: the as-of date; faint lines: "
     "review meetings held. Hover a bar for the full title; click it to open the action.")

if action_count == 0:
    st.info("No actions match these filters.")
    st.stop()

controls = st.columns([1, 2, 1])
colour_by = controls[0].radio("Colour by", ["rag", "theme", "officer"], horizontal=True, key="timeline_colour",
                              format_func={"rag": "RAG", "theme": "Theme", "officer": "Officer"}.get)
show_evidence = st.toggle("Show the evidence forecast: a whisker from each bar's end to its 80% bound",
                          value=False, key="timeline_evidence")  # forecasts (issue 17)
reviews = sorted(options.reviews)

drawn = {**filters.query_params(), "first_action": None, "page_size": None}
if action_count > MAX_ACTION_ROWS:
    pick = controls[2].selectbox("Theme", ["All themes (summary)", *themes["theme_code"]], key="timeline_theme")
    if pick == "All themes (summary)":
        st.info(f"{action_count:,} actions are too many to read as one chart: each theme is one bar below. "
                "Choose a theme to see its actions.")
        render_chart("build_theme_summary_gantt", themes, as_of=filters.as_of, review_dates=reviews,
                     key="gantt_summary")
        st.stop()
    in_theme = int(themes.loc[themes["theme_code"] == pick, "n"].iloc[0])
    pages = max(1, -(-in_theme // MAX_ACTION_ROWS))
    page = st.number_input(f"Page (of {pages}, {MAX_ACTION_ROWS} actions each)", 1, pages, 1, key="timeline_page")
    drawn.update(themes=[pick], first_action=(page - 1) * MAX_ACTION_ROWS + 1, page_size=MAX_ACTION_ROWS)
timeline = query("timeline", **drawn)

refs = list(timeline.loc[timeline["item_kind"] == "action", "ref"])
expanded = controls[1].multiselect(
    "Show milestones of", ["All actions", *refs], key="timeline_expand", placeholder="Choose actions to expand",
)
expanded_refs = set(refs) if "All actions" in expanded else set(expanded)

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
