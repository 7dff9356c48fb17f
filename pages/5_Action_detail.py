"""Action detail: everything about one action: the plan's words, owners, dates as written, milestones,
the history of updates with commentary, re-baselines, and how its expected finish moved."""

import pandas as pd
import streamlit as st

from components.db import fill_forecasts_meanwhile, query
from components.figures import render_chart
from components.forecast_view import render_item_forecast
from components.settings import PAGE_ICON, RAG_LABELS
from components.sidebar import render_context_line, render_sidebar
from components.tables import render_table, with_labels
from components.text import escape_markdown, note, source_note

st.set_page_config(page_title="Action detail · Improvement plan", page_icon=PAGE_ICON, layout="wide")

s = st.session_state
if (url_ref := st.query_params.get("ref")) and url_ref != s.get("detail_ref_from_url"):
    s["detail_ref_from_url"] = url_ref  # a link to one action: take it once, then the picker rules
    s["detail_ref"] = url_ref
filters, options = render_sidebar(ref=s.get("detail_ref"))
refs = query("action_refs", plan_id=filters.plan_id)
labels = dict(zip(refs["ref"].tolist(), refs["item_label"].tolist()))  # in bulk: 37,000 one by one took 0.1 s
if s.get("detail_ref") not in labels:
    if s.get("detail_ref"):
        st.warning(escape_markdown(f"There is no action '{s['detail_ref']}' in this plan; showing the first action."))
    s["detail_ref"] = refs["ref"].iloc[0]
ref = st.selectbox("Action", list(labels), format_func=lambda r: labels[r][:100], key="detail_ref")

params = filters.query_params()
action = query("action_detail", plan_id=filters.plan_id, ref=ref).iloc[0]
# this action's theme only: on a very large plan the whole plan's rows would cost a second
own_theme = {"themes": [action["theme_code"]], "officers": None, "statuses": None, "rags": None}
status = query("action_status", **{**params, **own_theme})
# read below, after the milestones and history; with the slip chart's dates (as forecast_history.sql's:
# every review up to the as-of date, and that date)
fill_forecasts_meanwhile(filters.plan_id, filters.as_of,
                         history_dates=[*(d for d in options.reviews if d <= filters.as_of), filters.as_of])
state = status[status["ref"] == ref].iloc[0]

st.title(escape_markdown(labels[ref] if len(labels[ref]) <= 80 else labels[ref][:79].rstrip() + "…"))
note(f"Theme {action['theme_code']} · {action['theme_title']}")
render_context_line(filters, options, is_demo=bool(state["is_demo"]))

cols = st.columns(4)
cols[0].metric("RAG", RAG_LABELS[state["rag"]], help=escape_markdown(state["rag_reason"]))
cols[1].metric("Status", str(state["status"]).replace("_", " ").capitalize(),
               f"{state['percent_complete']:.0f}% complete", delta_color="off", delta_arrow="off")
slip = state["slippage_days"]
cols[2].metric("Slippage", "—" if pd.isna(slip) else f"{int(slip)} days",
               None if pd.isna(state["original_slippage_days"]) or not state["is_rebaselined"]
               else f"{int(state['original_slippage_days'])} days against the original baseline", delta_color="off",
               delta_arrow="off")
cols[3].metric("Last update", "never" if pd.isna(state["last_update_on"]) else f"{state['last_update_on']:%-d %b %Y}",
               "stale" if state["is_stale"] else None, delta_color="inverse", delta_arrow="off")
st.markdown(f"**{escape_markdown(state['rag_reason'])}**")

left, right = st.container(key="detail_pair").columns([3, 2])  # one above the other under 1000 px
with left:
    st.markdown("**Specific action**")
    st.text(action["action_text"])
    if action["outcome_text"]:
        st.markdown("**Measurable outcomes**")
        st.text(action["outcome_text"])
    st.markdown("**Owners:** " + escape_markdown(action["owners"] or "—"))
    if source_note(action["transcription_note"]):
        note(source_note(action["transcription_note"]))
    extra = query("item_extra", plan_id=filters.plan_id, ref=ref)
    if not extra.empty:
        st.markdown("**Other columns in the source plan**")
        st.dataframe(extra[["item_ref", "column_name", "cell_text"]], hide_index=True, width="stretch",
                     column_config={"item_ref": "Item", "column_name": "Column", "cell_text": "As written"})
with right:
    st.markdown("**Dates: as written in the plan, and as read**")
    st.dataframe(
        pd.DataFrame([
            {"": "Start", "As written": action["start_text"] or "—", "Read as": action["baseline_start"]},
            {"": "End", "As written": action["end_text"] or "—",
             "Read as": None if action["is_ongoing"] else action["baseline_end"]},
            {"": "Current baseline end", "As written": "after re-baselining" if state["is_rebaselined"] else "—",
             "Read as": state["baseline_end"]},
            {"": "Forecast end", "As written": "latest update", "Read as": state["forecast_end"]},
        ]),
        hide_index=True, width="stretch",
        column_config={"Read as": st.column_config.DateColumn(format="D MMM YYYY")},
    )

st.subheader("Milestones")
milestones = query("milestone_status", **{**params, **own_theme})
mine = milestones[milestones["ref"] == ref]
if mine.empty:
    st.write("The plan lists no milestones for this action.")
else:
    raw = query("action_milestones", plan_id=filters.plan_id, ref=ref)[["seq", "start_text", "end_text"]]
    render_table(with_labels(mine.merge(raw, on="seq")),
                 columns=["RAG", "seq", "milestone_title", "owners", "status", "percent_complete", "start_text",
                          "end_text", "baseline_end", "forecast_end", "actual_end", "slippage_days"],
                 key="milestones", filename=f"{ref}-milestones.csv",
                 config={"start_text": st.column_config.TextColumn("Start as written"),
                         "end_text": st.column_config.TextColumn("End as written")})

st.subheader("How the expected finish moved")
trend = query("forecast_trend", plan_id=filters.plan_id, ref=ref, seq=None)
trend = trend[trend["on_date"] <= pd.Timestamp(filters.as_of)]
if trend.empty or trend["expected_finish"].isna().all():
    st.write("No reviews yet, or the action is ongoing: there is no finish to track.")
else:
    # forecasts (issue 17): the evidence forecast and its 80% range at each review beside the typed ones
    evidence = query("forecast_history", plan_id=filters.plan_id, ref=ref, seq=None, as_of=filters.as_of)
    render_chart("build_slip_chart_with_evidence", trend, evidence,
                 title=f"{ref}: expected finish at each review, and what the evidence said", key="slip_chart")
reliability = query("forecast_reliability", plan_id=filters.plan_id, ref=ref, seq=None, as_of=filters.as_of)
forecasts = query("item_forecast", **{**params, **own_theme})  # last: the fill started above has had longest
own_forecast = forecasts[(forecasts["ref"] == ref) & forecasts["seq"].isna()]
render_item_forecast(own_forecast.iloc[0] if len(own_forecast) else None, reliability)

rebaselines = query("item_rebaselines", plan_id=filters.plan_id, ref=ref)
if not rebaselines.empty:
    st.subheader("Approved re-baselines")
    render_table(rebaselines, columns=["item", "approved_on", "new_baseline_start", "new_baseline_end", "reason",
                                       "approved_by"], key="rebaselines", filename=f"{ref}-rebaselines.csv",
                 config={"approved_on": st.column_config.DateColumn("Approved", format="D MMM YYYY"),
                         "new_baseline_start": st.column_config.DateColumn("New start", format="D MMM YYYY"),
                         "new_baseline_end": st.column_config.DateColumn("New end", format="D MMM YYYY")})

st.subheader("History of updates")
history = query("item_history", plan_id=filters.plan_id, ref=ref, as_of=filters.as_of)
if history.empty:
    st.write("No progress has been recorded for this action up to this date.")
else:
    render_table(with_labels(history),
                 columns=["reported_on", "item", "status", "percent_complete", "forecast_end", "actual_end",
                          "commentary", "recorded_by"],
                 key="history", filename=f"{ref}-history.csv",
                 config={"item": st.column_config.TextColumn("Item"),
                         "recorded_by": st.column_config.TextColumn("Recorded by")})
