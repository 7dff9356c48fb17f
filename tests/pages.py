"""Open dashboard pages in Streamlit's AppTest the way a browser reaches them: through app.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def open_page(page: str | None = None, *, query: dict[str, str] | None = None, timeout: float = 30,
              secrets: dict | None = None) -> AppTest:
    """Run app.py, then switch to `page` (e.g. "pages/5_Action_detail.py"); query = URL parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        for key, value in (query or {}).items():  # a deep link opens the page itself with its URL
            at.query_params[key] = value
        at.run()
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """The figure JSON of every Plotly chart on the page (AppTest has no accessor for charts)."""
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.fixture(autouse=True)
def fresh_streamlit_caches():
    """st.cache_* are process-global: every page test starts from empty caches."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
