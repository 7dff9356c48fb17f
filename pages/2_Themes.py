"""Themes: completion, RAG mix and slippage per theme, each with the actions behind it."""

import streamlit as st

from components import views
from components.figures import render_chart
from components.db import query
from components.settings import PAGE_ICON
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels
from components.text import escape_markdown

st.set_page_config(page_title="Themes · Improvement plan", page_icon=PAGE_ICON, layout="wide")

filters, options = render_sidebar()
params = filters.query_params()
view = views.headline(filters, options)
themes = view.themes
actions = query("action_status", **params)
st.title("Themes")
render_context_line(filters, options, is_demo=view.uses_demo_progress)
if actions.empty:
    st.info("No actions match these filters.")
    st.stop()

left, right = st.columns(2)
with left:
    render_chart("build_completion_by_theme", themes, key="themes_completion")
with right:
    render_chart("build_rag_by_theme", themes, key="themes_rag")
render_chart("build_slippage_by_theme", themes, key="themes_slippage")

st.subheader("Theme by theme")
summary = themes.rename(columns={"theme_code": "code"}).assign(code=lambda t: t["code"].fillna("All"))
render_table(
    summary,
    columns=["code", "theme_title", "actions_total", "actions_complete", "percent_actions_complete",
             "actions_complete_on_time", "actions_red", "actions_amber", "actions_green", "milestones_total",
             "milestones_complete", "median_slippage_days", "worst_slippage_days"],
    key="themes", filename="themes.csv",
    config={
        "code": st.column_config.TextColumn("Theme", width="small"),
        "theme_title": st.column_config.TextColumn("Title", width="large"),
        "actions_total": st.column_config.NumberColumn("Actions"),
        "actions_complete": st.column_config.NumberColumn("Complete"),
        "percent_actions_complete": st.column_config.ProgressColumn("% complete", format="%.0f%%", min_value=0,
                                                                    max_value=100),
        "actions_complete_on_time": st.column_config.NumberColumn("On time"),
        "actions_red": st.column_config.NumberColumn("▲ Red"),
        "actions_amber": st.column_config.NumberColumn("◆ Amber"),
        "actions_green": st.column_config.NumberColumn("● Green"),
        "milestones_total": st.column_config.NumberColumn("Milestones"),
        "milestones_complete": st.column_config.NumberColumn("Milestones done"),
        "median_slippage_days": st.column_config.NumberColumn("Median slip of actions (days)", format="%.0f"),
        "worst_slippage_days": st.column_config.NumberColumn("Worst slip, any item (days)", format="%.0f",
                                                      help="Most days any action or milestone is late"),
    },
)

url = filters.url_params(options)
for code, group in actions.groupby("theme_code", sort=False):
    row = themes[themes["theme_code"] == code].iloc[0]
    label = (f"{code} · {options.themes.get(code, '')} — {int(row['actions_complete'])} of "
             f"{int(row['actions_total'])} complete, {int(row['actions_red'])} red")
    with st.expander(escape_markdown(label), expanded=len(filters.themes) == 1):
        render_table(with_labels(group, url),
                     columns=["RAG", "item_ref", "action_text", "owners", "status", "percent_complete", "baseline_end",
                              "forecast_end", "actual_end", "slippage_days", "rag_reason", "detail"],
                     key=f"theme_{code}", filename=f"theme-{code}-actions.csv")
