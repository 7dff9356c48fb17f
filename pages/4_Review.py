"""Review: the 6-weekly meeting. Exceptions first, then what changed, then theme by theme; a
presentation mode that steps through them; recording progress for editors; the review pack."""

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import render_access
from components.db import query
from components.exports import ReviewPack, build_actions_csv, build_review_pack_html, build_workbook
from components.figures import figure_spec
from components.presentation import (present_steps, render_presentation, render_presentation_style,
                                     render_presentation_toggle, step_number)
from components.review import build_review_summary
from components.record_progress import render_record_progress
from components.review_meeting import exception_titles, render_changes, render_exceptions, render_theme_table
from components.settings import OVERLOAD_THRESHOLD, PAGE_ICON, REVIEW_INTERVAL_DAYS
from components.sidebar import render_context_line, render_sidebar
from components.text import escape_markdown, note

present = st.query_params.get("present") == "1"
st.set_page_config(page_title="Review · Improvement plan", page_icon=PAGE_ICON, layout="wide",
                   initial_sidebar_state="collapsed" if present else "auto")
if present:
    render_presentation_style()

filters, options = render_sidebar(present="1" if present else None, step=st.query_params.get("step"))
reviews = sorted(options.reviews, reverse=True)
st.title("Review meeting")
render_context_line(filters, options, is_demo=False)

earlier = [d for d in reviews if d < filters.as_of]
if not earlier:
    st.info("There is no earlier review to compare with. Record a review below, or pick a later as-of date.")
since = st.selectbox("Compared with", earlier or [filters.as_of], key="review_since",
                     format_func=lambda d: f"{options.reviews.get(d, 'Start')} · {d:%-d %b %Y}") if earlier else filters.as_of
next_review = filters.as_of + pd.Timedelta(days=REVIEW_INTERVAL_DAYS)
params = filters.query_params()
exceptions = query("review_exceptions", **params, since=since, horizon_days=REVIEW_INTERVAL_DAYS)
changes = query("review_changes", **params, since=since)
themes_now = query("theme_completion", **params)
themes_then = query("theme_completion", **{**params, "as_of": since})
url = filters.url_params(options)

summary = build_review_summary(changes, exceptions, since)
st.markdown(f"### {escape_markdown(summary)}")


def review_pack() -> ReviewPack:
    """Everything the exports hold, from data already fetched for this view."""
    plan = query("plans").set_index("plan_id").loc[filters.plan_id]
    window_start = date(filters.as_of.year - 1, filters.as_of.month, 1)
    load = query("owner_load", **params, window_start=window_start, window_end=filters.as_of,
                 overload_threshold=OVERLOAD_THRESHOLD)
    return ReviewPack(
        plan_title=plan["title"], organisation=plan["organisation"], as_of=filters.as_of, since=since,
        filters_line=filters.describe(options), summary_sentences=[summary],
        actions=query("action_status", **params), themes=themes_now, changes=changes, load=load,
        figures={"RAG by theme": figure_spec("build_rag_by_theme", themes_now),
                 "Completion by theme": figure_spec("build_completion_by_theme", themes_now)},
    )


if not present:
    pack = review_pack()
    stem = f"review-{filters.plan_id}-{filters.as_of:%Y-%m-%d}"
    cols = st.columns(3)
    # Callables: each file is made only when its button is clicked, not on every rerun.
    cols[0].download_button("Review pack (Excel)", lambda: build_workbook(pack), file_name=f"{stem}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            icon=":material/table_view:", key="export_xlsx")
    cols[1].download_button("Review pack (web page, prints to PDF)", lambda: build_review_pack_html(pack),
                            file_name=f"{stem}.html", mime="text/html", icon=":material/print:", key="export_html")
    cols[2].download_button("Actions (CSV)", lambda: build_actions_csv(pack), file_name=f"{stem}-actions.csv",
                            mime="text/csv", icon=":material/download:", key="export_csv")

EXCEPTION_TITLES = exception_titles(next_review)

render_presentation_toggle(present)
if present:
    steps = present_steps(exceptions, themes_now)
    current = step_number(st.query_params.get("step"), len(steps))
    render_presentation(steps, current, exception_titles=EXCEPTION_TITLES, url=url,
                        theme_actions=lambda code: query("action_status", **filters.query_params(themes=[code])))
    st.stop()

render_exceptions(exceptions, url, EXCEPTION_TITLES)
render_changes(changes, url, since)
render_theme_table(themes_now, themes_then)

# ---- Recording progress (editors only) -------------------------------------------------------------
st.header("Record progress")
access = render_access()
note(access.note)
if access.can_edit:
    render_record_progress(filters, options, access, actions=query("action_status", **params),
                           milestones=query("milestone_status", **params),
                           last_ids=query("item_last_update", plan_id=filters.plan_id))
