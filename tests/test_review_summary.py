"""The review's summary sentence, from given changes and exceptions."""

from datetime import date

import pandas as pd

from components.review import build_review_summary

CHANGE_COLUMNS = ["change_kind", "ref", "seq", "item_kind", "days_moved"]
EXCEPTION_COLUMNS = ["exception_kind", "ref", "seq"]


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns)


def test_summary_names_what_happened():
    changes = frame([
        ("newly_complete", "1.1", None, "action", 3), ("newly_complete", "1.2", None, "action", 0),
        ("newly_complete", "2.1", None, "action", -4), ("newly_complete", "2.1", 2.0, "milestone", 0),
        ("forecast_moved", "4.5", None, "action", 30), ("forecast_moved", "6a.8", None, "action", 46),
        ("forecast_moved", "5.1", None, "action", -7), ("rebaselined", "5.2", None, "action", 90),
        ("new_commentary", "5.2", None, "action", None),
    ], CHANGE_COLUMNS)
    exceptions = frame([("new_red", "4.5", None), ("new_red", "6a.8", None), ("still_red", "1.3", None),
                        ("stale", "6b.1", None)], EXCEPTION_COLUMNS)
    assert build_review_summary(changes, exceptions, date(2020, 3, 14)) == (
        "Since 14 Mar 2020: 3 actions and 1 milestone completed; 2 turned red: 4.5, 6a.8; "
        "2 forecasts moved later by 38 days on average; 1 forecast moved earlier; 1 item re-baselined: 5.2; "
        "1 item not updated since the previous review."
    )


def test_summary_when_nothing_changed():
    assert build_review_summary(frame([], CHANGE_COLUMNS), frame([], EXCEPTION_COLUMNS), date(2020, 3, 14)) == (
        "Since 14 Mar 2020: no changes recorded.")
