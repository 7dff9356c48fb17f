"""components/guard.py: whatever a page lets escape is shown in plain words. A PlanError keeps its own
message (server paths cut to file names); anything else is "Something went wrong; nothing was changed"
with a reference id, and the traceback goes to the server log under the same id."""

from __future__ import annotations

import logging
import re

import pytest

from store.errors import PlanError, ValidationError
from tests.hostile.hostile import as_shown, renders_markup
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)


@pytest.fixture
def viewer(built_db, monkeypatch):
    monkeypatch.delenv("PLAN_SHOW_ERRORS")
    return built_db


def break_headline(monkeypatch, exc: BaseException) -> None:
    from components import views

    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(views, "headline", broken)


def test_an_unforeseen_error_shows_a_reference_and_logs_the_traceback(viewer, monkeypatch, caplog):
    break_headline(monkeypatch, KeyError("/srv/secret/path/plan.duckdb"))
    with caplog.at_level(logging.ERROR, logger="plan.errors"):
        at = open_page()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and re.fullmatch(r"Something went wrong; nothing was changed\\\. Reference\\: [A-Z2-9]{6}",
                                            shown[0]), shown
    ref = shown[0][-6:]
    logged = [r for r in caplog.records if r.name == "plan.errors"]
    assert logged and logged[-1].getMessage() == f"Unforeseen error, reference {ref}"
    assert logged[-1].exc_info[0] is KeyError


def test_a_plan_error_keeps_its_words_without_the_server_path(viewer, monkeypatch):
    break_headline(monkeypatch, PlanError("The database /srv/council/data/plan.duckdb is locked by another program."))
    at = open_page()
    assert not at.exception
    assert [as_shown(e.value) for e in at.error] == ["The database plan.duckdb is locked by another program."]


def test_a_validation_error_lists_its_problems_as_text(viewer, monkeypatch):
    break_headline(monkeypatch, ValidationError(["First [x](https://evil.example).", "Second **b**."]))
    at = open_page()
    assert [as_shown(e.value) for e in at.error] == ["First [x](https://evil.example). Second **b**."]
    assert not renders_markup(at.error[0].value)


def test_in_tests_the_exception_stays_visible_to_assertions(built_db, monkeypatch):
    break_headline(monkeypatch, KeyError("boom"))
    at = open_page()
    assert at.exception  # PLAN_SHOW_ERRORS=1 (tests/conftest.py): a crash fails the page tests as before


def test_a_full_disk_in_the_browser_is_said_in_plain_words(viewer, monkeypatch):
    import duckdb

    break_headline(monkeypatch, duckdb.IOException('Could not write file "/srv/x.wal": No space left on device'))
    at = open_page()
    assert [as_shown(e.value) for e in at.error] == [
        "The disk is full, so nothing was saved and nothing was changed. Free some space and try again."]
