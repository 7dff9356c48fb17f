"""The Review page builds its pack when a download is clicked, not on every run: a run asks for none of the
pack's own rows, and a pack asked for after a save is of the newer data throughout, never a mix."""

from __future__ import annotations

from datetime import date

import queries
from components import rules, views
from components.db import clear_query_cache, connection
from components.filters import Filters
from store.progress import ProgressUpdate, record_updates
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

PLAN = "tbc-rent-sip"
LATEST = date(2020, 5, 20)  # the pages' default as-of date


def complete_actions(pack) -> tuple[int, int]:
    """Actions complete as the pack's headline says it, and as its actions sheet counts them."""
    figure = next(f for f in pack.headline if f.label == "Actions complete")
    return int(figure.value), int((pack.actions["status"] == "complete").sum())


def test_a_run_of_the_review_page_asks_for_none_of_the_packs_own_rows(built_db, monkeypatch):
    at = open_page("pages/4_Review.py")
    clear_query_cache()  # the Review page's own run, not the Overview's before it
    asked = []
    real = queries.run_on_cursor
    monkeypatch.setattr(queries, "run_on_cursor", lambda cursor, name, params: (asked.append(name),
                                                                                real(cursor, name, params))[1])
    at.run()
    assert not at.exception
    assert "owner_load" not in asked  # only the exports hold the owner load
    assert {"item_forecast", "theme_forecast", "review_exceptions", "review_changes"} <= set(asked)


def test_a_pack_asked_for_after_a_save_is_of_the_newer_data_throughout(built_db):
    options = views.options_for(PLAN)
    filters = Filters(PLAN, LATEST)
    since = rules.previous_review(LATEST, list(options.reviews))
    make_pack = views.review_pack_when_asked(filters, options, since)
    before = make_pack()
    eager = views.review_pack(filters, options, views.review_meeting(filters, options, since))
    assert before.actions.equals(eager.actions) and before.headline == eager.headline
    assert before.load.equals(eager.load) and before.forecasts.equals(eager.forecasts)
    done, counted = complete_actions(before)
    assert done == counted

    open_action = before.actions[~before.actions["status"].isin(["complete", "cancelled"])]["ref"].iloc[0]
    record_updates(connection(), [ProgressUpdate(PLAN, open_action, None, LATEST, "complete", 100.0,
                                                 actual_end=LATEST)], actor="Ann Editor")
    after = make_pack()  # the same button, clicked after the save
    assert complete_actions(after) == (done + 1, done + 1)
    assert after.actions.set_index("ref").loc[open_action, "status"] == "complete"
