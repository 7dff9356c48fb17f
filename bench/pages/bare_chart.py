"""The floor a Streamlit + Plotly page cannot go below: a bare page holding one Plotly bar chart,
measured beside the Overview by bench/browser.py."""

import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
