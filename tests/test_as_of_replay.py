"""Property: an item's status as of any date is its last update on or before that date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries import run
from store.db import refresh_item_span
from tests.tiny_plan import params, tiny_db

CON = tiny_db()  # one database for all examples: each example replaces B.3's updates
START = date(2020, 1, 1)
STATUSES = ["not_started", "in_progress", "complete", "on_hold", "cancelled"]

updates = st.lists(
    st.tuples(st.integers(0, 365), st.sampled_from(STATUSES), st.integers(0, 100)), max_size=8
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=updates, as_of_offset=st.integers(-30, 400))
def test_status_as_of_any_date_is_the_last_update_on_or_before_it(history, as_of_offset):
    CON.execute("delete from progress_update where ref = 'B.3'")
    for day, status, percent in history:  # inserted in order: later rows win ties on the same date
        reported_on = START + timedelta(days=day)
        CON.execute(
            "insert into progress_update (plan_id, ref, reported_on, status, percent_complete, actual_end, recorded_by) "
            "values ('tiny', 'B.3', ?, ?, ?, ?, 'hypothesis')",
            [reported_on, status, percent, reported_on if status == "complete" else None],
        )
    refresh_item_span(CON, "tiny", ["B.3"])  # as every write does (store.progress)
    as_of = START + timedelta(days=as_of_offset)
    seen = [(START + timedelta(days=d), i, s, p) for i, (d, s, p) in enumerate(history)
            if START + timedelta(days=d) <= as_of]
    expected = max(seen)[2:] if seen else ("not_started", 0)

    got = run(CON, "action_status", **params(as_of.isoformat())).set_index("ref").loc["B.3"]
    assert (got["status"], got["percent_complete"]) == expected
    assert (got["rag"] == "blue") == (expected[0] == "complete")
