"""Crafted links: dates far outside the plan, and every URL parameter fuzzed. No page shows a traceback
or "Something went wrong"; a refused value is named in a plain notice and the default is used."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components import rules
from tests.hostile.hostile import PAYLOAD, as_shown, renders_markup, row_counts
from tests.hostile.shown_text import shown_texts
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

@pytest.mark.parametrize("value, expected", [
    (date(1, 1, 1), "The link's date 0001-01-01 is outside 1900 to 2100; showing the latest review."),
    (date(9999, 12, 31), "The link's date 9999-12-31 is outside 1900 to 2100; showing the latest review."),
    (date(1899, 12, 31), "The link's date 1899-12-31 is outside 1900 to 2100; showing the latest review."),
    (date(1900, 1, 1), "The link's date 1900-01-01 is more than 30 years from this plan's dates; showing the latest "
                       "review."),
    (date(2048, 12, 31), None),  # 2018 + 30: the furthest year allowed
    (date(2049, 1, 1), "The link's date 2049-01-01 is more than 30 years from this plan's dates; showing the latest "
                       "review."),
    (date(1988, 1, 1), None), (date(1987, 12, 31), "The link's date 1987-12-31 is more than 30 years from this "
                                                   "plan's dates; showing the latest review."),
])
def test_the_as_of_rule(value, expected):
    assert rules.as_of_refusal(value, date(2018, 3, 31)) == expected


def _clean(at) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    texts = [text for _, text in shown_texts(at)]
    assert not [t for t in texts if "Something went wrong" in t or "Traceback" in t]
    assert not [t for t in texts if renders_markup(t)]
    return [as_shown(w.value) for w in at.warning]


@pytest.mark.parametrize("page", [None, "pages/3_Officers.py", "pages/4_Review.py", "pages/1_Timeline.py",
                                  "pages/5_Action_detail.py", "pages/7_My_updates.py"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31", "2100-12-31"])
def test_dates_far_outside_the_plan(built_db, monkeypatch, page, as_of):
    monkeypatch.delenv("PLAN_SHOW_ERRORS")
    notices = _clean(open_page(page, query={"as_of": as_of}))
    assert any(n.startswith(f"The link's date {as_of} is ") for n in notices), notices


def test_a_link_to_the_payload_theme_officer_and_ref(built_db, monkeypatch):
    monkeypatch.delenv("PLAN_SHOW_ERRORS")
    at = open_page("pages/5_Action_detail.py", query={
        "theme": "[Session expired: sign in here](https://evil.example)",
        "officer": "![x](http://127.0.0.1:9/pixel.png)", "ref": "[Click](https://evil.example)"})
    notices = _clean(at)
    assert "Ignored theme '[Session expired: sign in here](https://evil.example)' from the link: it is not in this " \
           "plan." in notices
    assert "There is no action '[Click](https://evil.example)' in this plan; showing the first action." in notices


PARAMS = ["plan", "as_of", "theme", "officer", "status", "rag", "ref", "who", "present", "step"]
VALUES = st.one_of(st.text(max_size=40), st.sampled_from([PAYLOAD, "0001-01-01", "9999-12-31", "-1", "1e309", "²",
                                                          "\x00", "%00", "../../etc/passwd", "2018-02-30", " ",
                                                          "9" * 400]))


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(page=st.sampled_from([None, "pages/2_Themes.py", "pages/4_Review.py", "pages/5_Action_detail.py"]),
       query=st.dictionaries(st.sampled_from(PARAMS), VALUES, min_size=1, max_size=5))
def test_fuzzed_link_parameters(built_db, page, query):
    import os

    os.environ.pop("PLAN_SHOW_ERRORS", None)  # restored by conftest's monkeypatch after the test
    before = row_counts(built_db)
    _clean(open_page(page, query=query))
    assert row_counts(built_db) == before
