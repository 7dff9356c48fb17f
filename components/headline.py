"""Drawing the headline figures (components.rules.headline_figures) as metric cards."""

from __future__ import annotations

import streamlit as st

from components.rules import Figure
from components.text import escape_markdown


def render_figure(figure: Figure) -> None:
    """One figure as a metric card: its label, how it reads, and what it counts on hover."""
    st.metric(escape_markdown(figure.label), figure.text, help=escape_markdown(figure.help))


def render_headline_strip(figures: list[Figure]) -> None:
    """Every headline figure in one row of cards (two rows on a narrow screen)."""
    per_row = 4
    for start in range(0, len(figures), per_row):
        for column, figure in zip(st.columns(per_row), figures[start:start + per_row]):
            with column:
                render_figure(figure)
