"""Review: the 6-weekly meeting. Exceptions first, then what changed, then theme by theme; a
presentation mode that steps through them; recording progress for editors; the review pack."""

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import render_access
from components.db import query, write
from components.exports import ReviewPack, build_actions_csv, build_review_pack_html, build_workbook
from components.figures import figure_spec
from components.presentation import (present_steps, render_presentation, render_presentation_style,
                                     render_presentation_toggle, step_number)
from components.review import build_review_summary
from components.review_meeting import exception_titles, render_changes, render_exceptions, render_theme_table
from components.settings import OVERLOAD_THRESHOLD, PAGE_ICON, RAG_LABELS, REVIEW_INTERVAL_DAYS, STATUS_LABELS
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels
from components.text import day, escape_markdown, note
from store.errors import ConflictError, PlanError, ValidationError
from store.progress import ProgressUpdate, Rebaseline, record_rebaseline, record_review, record_updates, undo_last_save

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
if not access.can_edit:
    st.stop()

actions_all = query("action_status", **params)
milestones_all = query("milestone_status", **params)
items = pd.concat([
    actions_all.assign(seq=None, label=[f"{r} · {t[:80]}" for r, t in zip(actions_all["ref"], actions_all["action_text"])]),
    milestones_all.assign(label=[f"{r}/{int(s)} · {t[:80]}" for r, s, t in
                                 zip(milestones_all["ref"], milestones_all["seq"], milestones_all["milestone_title"])]),
], ignore_index=True)
items["key"] = [r if pd.isna(s) else f"{r}/{int(s)}" for r, s in zip(items["ref"], items["seq"])]
items = items.sort_values(["ref", "key"])
choice = st.selectbox("Item", list(items["key"]), key="edit_item",
                      format_func=dict(zip(items["key"], items["label"])).get)
item = items[items["key"] == choice].iloc[0]
ref, seq = item["ref"], (None if pd.isna(item["seq"]) else int(item["seq"]))
last_ids = query("item_last_update", plan_id=filters.plan_id)
same_seq = last_ids["seq"].isna() if seq is None else last_ids["seq"] == seq  # (== None is never true)
last_id = last_ids[(last_ids["ref"] == ref) & same_seq]
seen_id = None if last_id.empty or pd.isna(last_id["last_update_id"].iloc[0]) else int(last_id["last_update_id"].iloc[0])
expected_key = f"expected_{choice}"
st.session_state.setdefault(expected_key, seen_id)  # what this editor saw when they opened the item


def as_date(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


with st.form(f"record_{choice}"):
    st.markdown(f"**{escape_markdown(item['label'])}** · now {RAG_LABELS[item['rag']]}: {escape_markdown(item['rag_reason'])}")
    cols = st.columns(3)
    reported_on = cols[0].date_input("Review date", value=filters.as_of, format="DD/MM/YYYY", key=f"f_rep_{choice}")
    status = cols[1].selectbox("Status", list(STATUS_LABELS), index=list(STATUS_LABELS).index(item["status"]),
                               format_func=STATUS_LABELS.get, key=f"f_status_{choice}")
    percent = cols[2].number_input("Percent complete", 0, 100, int(item["percent_complete"]), key=f"f_pct_{choice}")
    cols = st.columns(3)
    forecast = cols[0].date_input("Forecast end", value=as_date(item["forecast_end"]), format="DD/MM/YYYY",
                                  key=f"f_fc_{choice}")
    actual = cols[1].date_input("Actual end (if complete)", value=as_date(item["actual_end"]), format="DD/MM/YYYY",
                                key=f"f_act_{choice}")
    override = cols[2].selectbox("RAG override", [None, "red", "amber", "green", "blue", "grey"],
                                 format_func=lambda r: "None (computed)" if r is None else RAG_LABELS[r],
                                 key=f"f_ovr_{choice}")
    reason = st.text_input("Reason for the override", key=f"f_reason_{choice}")
    commentary = st.text_area("Commentary", key=f"f_comm_{choice}", max_chars=5000)
    submitted = st.form_submit_button("Save update", type="primary")

if submitted:
    update = ProgressUpdate(filters.plan_id, ref, seq, reported_on, status, float(percent), forecast_end=forecast,
                            actual_end=actual, rag_override=override, rag_reason=reason or None,
                            commentary=commentary or None)
    try:
        if reported_on not in options.reviews:
            write(record_review, filters.plan_id, reported_on, f"Review {len(options.reviews) + 1}",
                  actor=access.editor)
        new_ids = write(record_updates, [update], actor=access.editor,
                        expected_last_ids={(ref, seq): st.session_state[expected_key]})
        st.session_state[expected_key] = new_ids[0]
        st.success(f"Saved {choice} for {reported_on:%-d %b %Y}, recorded by {access.editor}.")
    except ConflictError as exc:
        st.session_state[expected_key] = seen_id  # they have now seen the other change
        st.error(str(exc))
    except ValidationError as exc:
        st.error("Not saved:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
    except PlanError as exc:
        st.error(str(exc))

if st.button("Undo my last save", key="undo", icon=":material/undo:"):
    try:
        undone = write(undo_last_save, actor=access.editor)
        st.success(f"Undone: {', '.join(undone)}. The update is kept in the record, marked as undone.")
        for key in [k for k in st.session_state if str(k).startswith("expected_")]:
            del st.session_state[key]
    except PlanError as exc:
        st.error(str(exc))

with st.expander("Record an approved re-baseline"):
    with st.form(f"rebaseline_{choice}"):
        st.markdown(f"**{escape_markdown(item['label'])}** · current baseline end {day(item['baseline_end'])}")
        cols = st.columns(3)
        approved_on = cols[0].date_input("Approved on", value=filters.as_of, format="DD/MM/YYYY")
        new_start = cols[1].date_input("New start (optional)", value=None, format="DD/MM/YYYY")
        new_end = cols[2].date_input("New end", value=None, format="DD/MM/YYYY")
        why = st.text_input("Reason")
        approver = st.text_input("Approved by")
        if st.form_submit_button("Save re-baseline"):
            try:
                write(record_rebaseline, Rebaseline(filters.plan_id, ref, seq, approved_on, new_start, new_end, why,
                                                    approver), actor=access.editor)
                st.success(f"Re-baseline of {choice} recorded.")
            except ValidationError as exc:
                st.error("Not saved:\n\n" + "\n".join(f"- {escape_markdown(p)}" for p in exc.problems))
            except PlanError as exc:
                st.error(str(exc))
