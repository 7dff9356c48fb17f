"""The Action detail page shows the source's own words and dates for the chosen action."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "5_Action_detail.py")


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def test_detail_of_2_1_shows_milestone_owners_and_raw_dates(built_db):
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    at.selectbox(key="detail_ref").set_value("2.1").run()
    assert not at.exception
    assert at.title[0].value == "2.1 · Promote a strong service identity"
    milestones = at.dataframe[1].value
    assert list(milestones["title"]) == ["Review rent letters", "Renew leaflet", "Update website"]
    assert list(milestones["owners"]) == ["David Turner", "Julie Clempson", "Leanne Lee, Steph Norton"]
    assert list(milestones["end_text"]) == ["Apr 17", "Jun 17", "Apr 17"]
