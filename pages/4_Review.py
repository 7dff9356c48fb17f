"""Review: the 6-weekly meeting. The headline and a summary first, then the exceptions, what changed and
theme by theme; a presentation mode that steps through them; recording progress; the review pack.

Composes only: the same headline figures as the Overview (components.views.headline), the exception and
change rows of queries/review_exceptions.sql and review_changes.sql, and the pack built from exactly
these results (components.export)."""

import streamlit as st

from components import rules, views
from components.auth import current_access, render_access
from components.db import fill_forecasts_meanwhile, query
from components.export import build_actions_csv, build_review_pack_html, build_workbook
from components.forecast_view import render_review_forecasts
from components.headline import render_headline_strip
from components.presentation import (present_steps, presentation_bar, render_presentation,
                                     render_presentation_style, render_presentation_toggle, step_key, step_number)
from components.record_progress import render_record_progress
from components.review_meeting import render_changes, render_exceptions, render_summary, render_theme_table
from components.review_notes import render_note_control, render_notes_section
from components.settings import PAGE_ICON
from components.sidebar import render_context_line, render_sidebar
from components.text import note

present = st.query_params.get("present") == "1"
st.set_page_config(page_title="Review · Improvement plan", page_icon=PAGE_ICON, layout="wide",
                   initial_sidebar_state="collapsed" if present else "auto")
if present:
    render_presentation_style()

filters, options = render_sidebar(present="1" if present else None, step=st.query_params.get("step"))
earlier = sorted((d for d in options.reviews if d < filters.as_of), reverse=True)
chosen = st.session_state.get("review_since")  # the review compared with (the box below), else the latest
views.share_review_states(filters, chosen if chosen in earlier else next(iter(earlier), None))
if not present:
    fill_forecasts_meanwhile(filters.plan_id, filters.as_of)  # read at the foot of the page
view = views.headline(filters, options)  # the same cached results review_meeting reads
bar = presentation_bar() if present else None  # presentation: one slim bar instead of the page furniture
if not present:
    st.title("Review meeting")
    render_context_line(filters, options, is_demo=view.uses_demo_progress)

if not earlier and not present:
    st.info("There is no earlier review to compare with. Pick a later as-of date to compare two reviews.")
since = (bar[3] if present else st).selectbox(
    "Compared with", earlier, key="review_since", label_visibility="collapsed" if present else "visible",
    format_func=lambda d: f"Compared with {options.reviews[d]} · {d:%-d %b %Y}" if present
    else f"{options.reviews[d]} · {d:%-d %b %Y}") if earlier else None
meeting = views.review_meeting(filters, options, since)
url = filters.url_params(options)

notes = views.review_notes(filters, options)  # decisions and actions arising at this review

if present:
    render_presentation_toggle(present, bar[5])
    steps = present_steps(meeting.exceptions, view.themes, summary=True, changes=meeting.changes,
                          notes=len(notes.rows))
    current = step_number(st.query_params.get("step"), len(steps))
    key = step_key(steps[current - 1])
    render_note_control(bar[4], step_key=key, step_notes=notes.at_step(key), review_date=notes.review_date,
                        access=current_access(options.officers, views.officers_by_email(options)),
                        plan_id=filters.plan_id, officers=options.officers)
    render_presentation(bar, steps, current, summary=meeting.summary, figures=view.figures(),
                        changes=meeting.changes, exception_titles=meeting.titles,
                        context=f"as of {filters.as_of:%-d %b %Y}" + rules.context_suffix(view.uses_demo_progress),
                        theme_actions=lambda code: query("action_status", **filters.query_params(themes=[code])),
                        notes=notes.rows)
    st.stop()

render_headline_strip(view.figures())
render_summary(meeting.summary)
make_pack = views.review_pack_when_asked(filters, options, since)  # built only when a download is clicked
stem = f"review-{filters.plan_id}-{filters.as_of:%Y-%m-%d}"
name = rules.illustrative_filename if view.uses_demo_progress else (lambda n: n)
cols = st.columns(3)
# Callables: each file is made only when its button is clicked, not on every rerun.
cols[0].download_button("Review pack (Excel)", lambda: build_workbook(make_pack()), file_name=name(f"{stem}.xlsx"),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        icon=":material/table_view:", key="export_xlsx")
cols[1].download_button("Review pack (web page, prints to PDF)", lambda: build_review_pack_html(make_pack()),
                        file_name=name(f"{stem}.html"), mime="text/html", icon=":material/print:",
                        key="export_html")
cols[2].download_button("Actions (CSV)", lambda: build_actions_csv(make_pack()), file_name=name(f"{stem}-actions.csv"),
                        mime="text/csv", icon=":material/download:", key="export_csv")
render_presentation_toggle(present)

render_exceptions(meeting.exceptions, url, meeting.titles)
render_changes(meeting.changes, url, since)
if since:
    render_theme_table(view.themes, views.headline(filters, options, as_of=since).themes)
render_review_forecasts(*views.review_forecasts(filters), url)  # forecasts (issue 17): the pack's own rows
render_notes_section(notes.rows, notes.review_date)  # noted in presentation mode (issue 13)

# ---- Recording progress (editors only) -------------------------------------------------------------
st.header("Record progress")
access = render_access(options.officers, views.officers_by_email(options), views.log_refused_sign_in)
note(access.note)
if access.can_edit:
    params = filters.query_params()
    render_record_progress(filters, options, access, actions=query("action_status", **params),
                           milestones=query("milestone_status", **params),
                           last_ids=query("item_last_update", plan_id=filters.plan_id))
