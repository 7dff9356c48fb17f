"""Action detail: everything the plan says about one action."""

import streamlit as st

from components.db import query
from components.sidebar import render_sidebar

st.set_page_config(page_title="Action detail", page_icon=":material/description:", layout="wide")

plan_id = render_sidebar()
refs = query("action_refs", plan_id=plan_id)
labels = dict(zip(refs["ref"], refs["action_text"]))
ref = st.selectbox("Action", list(labels), format_func=lambda r: f"{r} · {labels[r][:90]}", key="detail_ref")
action = query("action_detail", plan_id=plan_id, ref=ref).iloc[0]

st.title(f"{action['ref']} · {action['theme_title']}")
st.markdown("**Specific action**")
st.text(action["action_text"])
if action["outcome_text"]:
    st.markdown("**Measurable outcomes**")
    st.text(action["outcome_text"])
st.markdown(f"**Owners:** {action['owners'] or '—'}")
st.markdown("**Dates**")
st.dataframe(
    [{"": "Start", "as written": action["start_text"] or "—", "read as": action["baseline_start"]},
     {"": "End", "as written": action["end_text"] or "—",
      "read as": "ongoing" if action["is_ongoing"] else action["baseline_end"]}],
    hide_index=True,
)
st.markdown("**Milestones**")
st.dataframe(query("action_milestones", plan_id=plan_id, ref=ref), hide_index=True)
