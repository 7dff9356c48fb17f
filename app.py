"""Overview: the home page of the improvement plan dashboard."""

import streamlit as st

from components.db import query
from components.sidebar import render_sidebar

st.set_page_config(page_title="Improvement plan", page_icon=":material/dashboard:", layout="wide")

plan_id = render_sidebar()
plan = query("plans").set_index("plan_id").loc[plan_id]
st.title(plan["title"])
st.caption(f"{plan['organisation']} · {plan['action_count']} actions")

left, right = st.columns(2)
with left:
    st.subheader("Actions per theme")
    st.dataframe(query("theme_actions", plan_id=plan_id), hide_index=True)
with right:
    st.subheader("Officers")
    st.dataframe(query("officer_actions", plan_id=plan_id), hide_index=True)
