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

left, right = st.container(key="chart_pair").columns(2)  # one above the other under 1000 px
with left:
    render_chart("build_completion_by_theme", themes, key="themes_completion")
with right:
    render_chart("build_rag_by_theme", themes, key="themes_rag")
render_chart("build_slippage_by_theme", themes, key="themes_slippage")

st.subheader("Theme by theme")
summary = themes.rename(columns={"theme_code": "code"}).assign(code=lambda t: t["code"].fillna("All"))
# Eleven columns that fit a 1366 px screen (about 900 px beside the sidebar): milestone counts are on each theme's list below.
n = st.column_config.NumberColumn
render_table(
    summary,
    columns=["code", "theme_title", "actions_total", "actions_complete", "percent_actions_complete",
             "actions_complete_on_time", "actions_red", "actions_amber", "actions_green", "median_slippage_days",
             "worst_slippage_days"],
    key="themes", filename="themes.csv",
    config={
        "code": st.column_config.TextColumn("Theme", width=55),
        "theme_title": st.column_config.TextColumn("Title", width=170),
        "actions_total": n("Actions", width=65),
        "actions_complete": n("Complete", width=75),
        "percent_actions_complete": st.column_config.ProgressColumn("% complete", format="%.0f%%", min_value=0,
                                                                    max_value=100, width=100),
        "actions_complete_on_time": n("On time", width=65, help="Complete by their baseline end"),
        "actions_red": n("▲ Red", width=55),
        "actions_amber": n("◆ Amber", width=70),
        "actions_green": n("● Green", width=65),
        "median_slippage_days": n("Median slip", format="%.0f", width=90,
                                  help="The median of the actions' slippage, in days after the baseline end"),
        "worst_slippage_days": n("Worst slip", format="%.0f", width=85,
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
