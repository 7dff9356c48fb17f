"""Officers: load by officer and month, overloaded months marked, and each officer's items."""

import pandas as pd
import streamlit as st

from components import filters as f
from components import rules, views
from components.figures import render_chart
from components.officers import render_overload
from components.db import query
from components.settings import OVERLOAD_THRESHOLD
from components.settings import PAGE_ICON
from components.text import note
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels

st.set_page_config(page_title="Officers · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar()
params = filters.query_params()
st.title("Officers")
actions = query("action_status", **params)
render_context_line(filters, options, is_demo=views.headline(filters, options).uses_demo_progress)

window_start, window_end = rules.load_window(filters.as_of)
controls = st.columns([2, 1, 1])
measure = controls[0].radio(
    "Load measure", ["open_actions", "open_actions_weighted"], horizontal=True, key="officers_measure",
    format_func={"open_actions_weighted": "Weighted (shared actions split between owners)",
                 "open_actions": "Open actions"}.get,
)
people_only = controls[1].toggle("People only (hide roles)", value=True, key="officers_people_only")
load = query("owner_load", **params, window_start=window_start, window_end=window_end,
             overload_threshold=OVERLOAD_THRESHOLD)
if people_only:
    load = load[load["officer_kind"] == "person"]
busy_months = load.groupby("month_start")["open_actions"].sum()
busy_officers = load.groupby("officer_id")["open_actions"].sum()
load = load[load["month_start"].isin(busy_months[busy_months > 0].index)
            & load["officer_id"].isin(busy_officers[busy_officers > 0].index)]
if load.empty:
    st.info("Nobody has open actions in the two years around this date with these filters.")
    st.stop()

MAX_OFFICERS = 60  # more rows than this cannot be read on a screen: the busiest first
if load["officer_id"].nunique() > MAX_OFFICERS:
    busiest = load.groupby("officer_id")[measure].sum().nlargest(MAX_OFFICERS).index
    note(f"Showing the {MAX_OFFICERS} busiest of {load['officer_id'].nunique():,} officers; filter by theme or "
         "officer to see others.")
    load = load[load["officer_id"].isin(busiest)]
render_overload(load, actions, OVERLOAD_THRESHOLD)
render_chart("build_load_heatmap", load, measure=measure, threshold=OVERLOAD_THRESHOLD, key="heatmap")

st.subheader("One officer's items")
names = options.officers
chosen = filters.officers[0] if len(filters.officers) == 1 else None
pick = st.selectbox("Officer", [None, *names], index=([None, *names].index(chosen) if chosen else 0),
                    format_func=lambda o: "Choose an officer…" if o is None else names[o], key="officers_pick")
if pick != chosen and pick is not None:
    f.set_filter("officers", [pick])  # choosing an officer sets the officer filter for every page
    st.rerun()
if pick is None:
    note("Choosing an officer here sets the Officer filter in the sidebar for every page.")
else:
    mine = actions[actions["owner_ids"].map(lambda ids: pick in list(ids) if ids is not None else False)]
    st.markdown(f"**{len(mine)} action(s)** · "  # text: counts and RAG codes (a fixed set)
                + " · ".join(f"{n} {r}" for r, n in mine["rag"].value_counts().items()))
    render_table(with_labels(mine, filters.url_params(options)),
                 columns=["RAG", "item_ref", "action_text", "owners", "status", "percent_complete", "baseline_end",
                          "forecast_end", "slippage_days", "is_stale", "detail"],
                 key="officer_items", filename="officer-actions.csv")

with st.expander("The table behind the heatmap"):
    table = load.assign(month=pd.to_datetime(load["month_start"]).dt.strftime("%b %Y"))
    render_table(table, columns=["officer_name", "month", "open_actions", "open_actions_weighted", "open_milestones",
                                 "milestones_due", "red_items", "is_overloaded"],
                 key="load", filename="owner-load.csv",
                 config={"officer_name": st.column_config.TextColumn("Officer"),
                         "is_overloaded": st.column_config.CheckboxColumn("Overloaded")})
