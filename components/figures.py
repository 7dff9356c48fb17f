"""Drawing figures: build once per distinct input (Plotly's validation costs ~50 ms a figure), draw many."""

from __future__ import annotations

import streamlit as st

from components import charts, forecast_charts, gantt

_BUILDER_MODULES = (charts, gantt, forecast_charts)  # where a builder named in render_chart/figure_spec is found

CHART_CONFIG = {"displayModeBar": False}


@st.cache_resource(show_spinner=False, max_entries=300)
def cached_figure(builder: str, *args, **kwargs):
    """charts.<builder>(*args, **kwargs), built once per distinct input and shared, never changed.
    A Figure, not its dict: st.plotly_chart validates a dict again on every draw."""
    module = next(m for m in _BUILDER_MODULES if hasattr(m, builder))
    return getattr(module, builder)(*args, **kwargs)


def figure_spec(builder: str, *args, **kwargs) -> dict:
    """The JSON-ready dict of a cached figure (for exports)."""
    return cached_figure(builder, *args, **kwargs).to_dict()


def render_chart(builder: str, *args, key: str, on_select: str = "ignore", **kwargs):
    """Draw a cached figure; with on_select="rerun", return the selection event (clicked points)."""
    # theme=None: our layout's dark text and white background, not Streamlit's grey axis labels (3.7:1)
    return st.plotly_chart(cached_figure(builder, *args, **kwargs), key=key, config=CHART_CONFIG, theme=None,
                           on_select=on_select, selection_mode="points")
