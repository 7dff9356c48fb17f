"""Review: the 6-weekly meeting. The headline and a summary first, then the exceptions, what changed and
theme by theme; a presentation mode that steps through them; recording progress; the review pack.

Composes only: the same headline figures as the Overview (components.views.headline), the exception and
change rows of queries/review_exceptions.sql and review_changes.sql, and the pack built from exactly
these results (components.export)."""

import streamlit as st

from components import rules, views
from components.auth import render_access
from components.db import query
from components.export import ReviewPack, build_actions_csv, build_review_pack_html, build_workbook
from components.figures import figure_spec
from components.headline import render_headline_strip
from components.presentation import (present_steps, render_presentation, render_presentation_style,
                                     render_presentation_toggle, step_number)
from components.record_progress import render_record_progress
from components.review import build_review_summary
from components.review_meeting import render_changes, render_exceptions, render_summary, render_theme_table
from components.settings import OVERLOAD_THRESHOLD, PAGE_ICON
from components.sidebar import render_context_line, render_sidebar
from components.text import note

present = st.query_params.get("present") == "1"
st.set_page_config(page_title="Review · Improvement plan", page_icon=PAGE_ICON, layout="wide",
                   initial_sidebar_state="collapsed" if present else "auto")
if present:
    render_presentation_style()

filters, options = render_sidebar(present="1" if present else None, step=st.query_params.get("step"))
view = views.headline(filters, options)
st.title("Review meeting")
render_context_line(filters, options, is_demo=view.uses_demo_progress)

earlier = sorted((d for d in options.reviews if d < filters.as_of), reverse=True)
if not earlier:
    st.info("There is no earlier review to compare with. Pick a later as-of date to compare two reviews.")
since = st.selectbox("Compared with", earlier, key="review_since",
                     format_func=lambda d: f"{options.reviews[d]} · {d:%-d %b %Y}") if earlier else filters.as_of
params = filters.query_params()
exceptions = query("review_exceptions", **params, since=since, due_by=view.next_review)
changes = query("review_changes", **params, since=since)
titles = rules.exception_titles(view.next_review)
summary = build_review_summary(changes, exceptions, since if earlier else None)
url = filters.url_params(options)


def review_pack() -> ReviewPack:
    """Everything the exports hold: the results this page shows, nothing recomputed."""
    plan = query("plans").set_index("plan_id").loc[filters.plan_id]
    window_start, _ = rules.load_window(filters.as_of)
    return ReviewPack(
        plan_title=plan["title"], organisation=plan["organisation"], as_of=filters.as_of,
        since=since if earlier else None,
        filters_line=filters.describe(options) + rules.context_suffix(view.uses_demo_progress),
        summary_sentences=summary, headline=view.figures(), exceptions=exceptions, exception_titles=titles,
        actions=query("action_status", **params), milestones=query("milestone_status", **params),
        themes=view.themes, changes=changes, uses_demo_progress=view.uses_demo_progress,
        load=query("owner_load", **params, window_start=window_start, window_end=filters.as_of,
                   overload_threshold=OVERLOAD_THRESHOLD),
        figures={"RAG by theme": figure_spec("build_rag_by_theme", view.themes),
                 "Completion by theme": figure_spec("build_completion_by_theme", view.themes)},
    )


if not present:
    render_headline_strip(view.figures())
    render_summary(summary)
    pack = review_pack()
    stem = f"review-{filters.plan_id}-{filters.as_of:%Y-%m-%d}"
    name = rules.illustrative_filename if view.uses_demo_progress else (lambda n: n)
    cols = st.columns(3)
    # Callables: each file is made only when its button is clicked, not on every rerun.
    cols[0].download_button("Review pack (Excel)", lambda: build_workbook(pack), file_name=name(f"{stem}.xlsx"),
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            icon=":material/table_view:", key="export_xlsx")
    cols[1].download_button("Review pack (web page, prints to PDF)", lambda: build_review_pack_html(pack),
                            file_name=name(f"{stem}.html"), mime="text/html", icon=":material/print:",
                            key="export_html")
    cols[2].download_button("Actions (CSV)", lambda: build_actions_csv(pack), file_name=name(f"{stem}-actions.csv"),
                            mime="text/csv", icon=":material/download:", key="export_csv")

render_presentation_toggle(present)
if present:
    steps = present_steps(exceptions, view.themes)
    current = step_number(st.query_params.get("step"), len(steps))
    render_presentation(steps, current, exception_titles=titles, url=url,
                        theme_actions=lambda code: query("action_status", **filters.query_params(themes=[code])))
    st.stop()

render_exceptions(exceptions, url, titles)
render_changes(changes, url, since)
render_theme_table(view.themes, views.headline(filters, options, as_of=since).themes)

# ---- Recording progress (editors only) -------------------------------------------------------------
st.header("Record progress")
access = render_access()
note(access.note)
if access.can_edit:
    render_record_progress(filters, options, access, actions=query("action_status", **params),
                           milestones=query("milestone_status", **params),
                           last_ids=query("item_last_update", plan_id=filters.plan_id))
