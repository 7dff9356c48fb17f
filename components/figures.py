"""Drawing figures: build once per distinct input (Plotly's validation costs ~50 ms a figure), draw many."""

from __future__ import annotations

import streamlit as st

from components import charts

CHART_CONFIG = {"displayModeBar": False}


@st.cache_data(show_spinner=False, max_entries=300)
def figure_spec(builder: str, *args, **kwargs) -> dict:
    """The JSON-ready dict of charts.<builder>(*args, **kwargs), cached on its inputs."""
    return getattr(charts, builder)(*args, **kwargs).to_dict()


def render_chart(builder: str, *args, key: str, **kwargs) -> None:
    # theme=None: our layout's dark text and white background, not Streamlit's grey axis labels (3.7:1)
    st.plotly_chart(figure_spec(builder, *args, **kwargs), key=key, config=CHART_CONFIG, theme=None)
