"""The review's summary, from given change and exception rows: it leads with what is red, and every
count in it is the row count of a table the page shows under it."""

from datetime import date

import pandas as pd

from components.review import build_review_summary

CHANGE_COLUMNS = ["change_kind", "item_ref", "item_kind", "days_moved", "got_worse"]
EXCEPTION_COLUMNS = ["exception_kind", "item_ref", "item_kind"]
SINCE = date(2020, 3, 14)


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def no_changes():
    return frame([], CHANGE_COLUMNS)


def test_summary_leads_with_red_then_slipped_completed_stale_and_said():
    changes = frame([
        ("newly_complete", "1.1", "action", 3, None), ("newly_complete", "1.2", "action", 0, None),
        ("newly_complete", "2.1", "action", -4, None), ("newly_complete", "2.1/2", "milestone", 0, None),
        ("rag_changed", "4.5", "action", None, True), ("rag_changed", "5.1", "action", None, False),
        ("forecast_moved", "4.5", "action", 30, True), ("forecast_moved", "6a.8", "action", 46, True),
        ("forecast_moved", "5.1", "action", -7, False), ("rebaselined", "5.2", "action", 90, None),
        ("new_commentary", "5.2", "action", None, None), ("new_commentary", "5.2", "action", None, None),
        ("new_commentary", "4.5", "action", None, None),
    ], CHANGE_COLUMNS)
    exceptions = frame([("new_red", "4.5", "action"), ("new_red", "6a.8/2", "milestone"),
                        ("still_red", "1.3", "action"), ("stale", "6b.1", "action"), ("stale", "6b.1/1", "milestone"),
                        ("due_soon", "2.2", "action")], EXCEPTION_COLUMNS)
    assert build_review_summary(changes, exceptions, SINCE) == [
        "Red: 1 action and 1 milestone turned red since 14 Mar 2020 (4.5, 6a.8/2); 1 action still red (1.3).",
        # (30 + 46) / 2 = 38 days on average
        "Dates and ratings: 2 forecasts moved later, by 38 days on average (4.5, 6a.8); 1 forecast moved "
        "earlier (5.1); 1 rating got worse (4.5); 1 rating improved; 1 re-baseline approved (5.2).",
        "Completed: 3 actions and 1 milestone (1.1, 1.2, 2.1, 2.1/2).",
        "Not updated since the previous review: 2 items (6b.1, 6b.1/1).",
        "New commentary: 3 entries on 2 items (5.2, 4.5).",
    ]


def test_summary_when_nothing_changed_and_nothing_is_red():
    assert build_review_summary(no_changes(), frame([], EXCEPTION_COLUMNS), SINCE) == [
        "Nothing is red.", "No other changes recorded since 14 Mar 2020."]


def test_red_is_said_even_when_nothing_changed():
    """The meeting hears what is red even in a quiet cycle (it was missing from the summary before)."""
    exceptions = frame([("still_red", "1.3", "action"), ("still_red", "1.3/1", "milestone")], EXCEPTION_COLUMNS)
    assert build_review_summary(no_changes(), exceptions, SINCE) == [
        "Red: 1 action and 1 milestone still red (1.3, 1.3/1).", "No other changes recorded since 14 Mar 2020."]


def test_long_lists_name_six_items_and_count_the_rest():
    exceptions = frame([("stale", f"1.{i}", "action") for i in range(1, 10)], EXCEPTION_COLUMNS)
    lines = build_review_summary(no_changes(), exceptions, SINCE)
    assert lines[1] == "Not updated since the previous review: 9 items (1.1, 1.2, 1.3, 1.4, 1.5, 1.6 and 3 more)."


def test_at_the_first_review_there_is_nothing_to_compare_with():
    assert build_review_summary(no_changes(), frame([], EXCEPTION_COLUMNS), None) == [
        "Nothing is red.", "No other changes recorded."]
