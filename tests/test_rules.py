"""components.rules: the decisions that are not SQL, each worked out by hand."""

from datetime import date

import pandas as pd

from components import rules

REVIEWS = [date(2020, 1, 15), date(2020, 2, 26), date(2020, 4, 8)]


def test_next_review_is_the_next_scheduled_one():
    assert rules.next_review_after(date(2020, 1, 20), REVIEWS) == date(2020, 2, 26)


def test_on_a_review_day_the_next_review_is_the_one_after():
    assert rules.next_review_after(date(2020, 2, 26), REVIEWS) == date(2020, 4, 8)


def test_after_the_last_review_the_six_weekly_rhythm_continues():
    # Apr 8 + 42 = May 20; on May 20 itself the next is Jul 1.
    assert rules.next_review_after(date(2020, 4, 9), REVIEWS) == date(2020, 5, 20)
    assert rules.next_review_after(date(2020, 5, 20), REVIEWS) == date(2020, 7, 1)


def test_with_no_reviews_the_next_is_six_weeks_on():
    assert rules.next_review_after(date(2020, 3, 1), []) == date(2020, 4, 12)


def test_previous_review_is_strictly_before():
    assert rules.previous_review(date(2020, 2, 26), REVIEWS) == date(2020, 1, 15)
    assert rules.previous_review(date(2020, 1, 15), REVIEWS) is None


def test_load_window_is_a_year_either_side():
    assert rules.load_window(date(2020, 5, 20)) == (date(2019, 5, 1), date(2021, 5, 28))


TOTAL = {"actions_total": 37, "actions_complete": 12, "percent_actions_complete": 32.4,
         "actions_complete_on_time": 7, "actions_red": 3, "actions_amber": 4, "items_red": 5, "items_stale": 1,
         "items_due": 6, "median_slippage_days": 0.5, "worst_slippage_days": 639, "worst_slippage_ref": "6a.8",
         "uses_demo_progress": True}


def test_headline_figures_say_what_they_count():
    figures = rules.headline_figures(TOTAL, date(2020, 7, 1), red_after_days=30)
    assert [(f.key, f.label, f.value, f.text) for f in figures] == [
        ("actions_complete", "Actions complete", 12, "12 of 37"),
        ("actions_red", "Red actions", 3, "3"),
        ("actions_amber", "Amber actions", 4, "4"),
        ("items_red", "Red actions + milestones", 5, "5"),
        ("items_stale", "Stale actions + milestones", 1, "1"),
        ("items_due", "Due before the next review", 6, "6"),
        ("median_slippage_days", "Median slippage of actions", 0.5, "0.5 days"),  # halves are not rounded
        ("worst_slippage_days", "Worst slippage, any item", 639, "639 days"),
    ]
    helps = rules.figures_by_key(figures)
    assert "more than 30 days" in helps["actions_red"].help  # the configured threshold, not a fixed 30
    assert "1 Jul 2020" in helps["items_due"].help and "(item 6a.8)" in helps["worst_slippage_days"].help


def test_a_different_red_threshold_is_named_in_the_help():
    assert "more than 14 days" in rules.headline_figures(TOTAL, date(2020, 7, 1), red_after_days=14)[1].help


def test_nothing_late_reads_none_late():
    figures = rules.figures_by_key(rules.headline_figures(
        {**TOTAL, "worst_slippage_days": 0, "median_slippage_days": None}, date(2020, 7, 1)))
    assert figures["worst_slippage_days"].text == "None late"
    assert figures["median_slippage_days"].text == "None"
    assert "(item" not in figures["worst_slippage_days"].help


def test_one_day_is_singular():
    figures = rules.figures_by_key(rules.headline_figures({**TOTAL, "worst_slippage_days": 1}, date(2020, 7, 1)))
    assert figures["worst_slippage_days"].text == "1 day"


def test_headline_row_is_the_all_themes_row():
    themes = pd.DataFrame({"theme_code": ["1", None], "actions_red": [2, 3], "median_slippage_days": [1.0, float("nan")]})
    assert rules.headline_row(themes) == {"theme_code": None, "actions_red": 3, "median_slippage_days": None}
    assert rules.headline_row(themes.iloc[:1]) is None
    assert rules.headline_row(themes.iloc[:0]) is None


def test_red_and_amber_actions_red_first_then_most_slipped():
    actions = pd.DataFrame({"item_ref": ["1", "2", "3", "4", "5"], "rag": ["amber", "red", "green", "red", "amber"],
                            "slippage_days": [10, 40, 50, None, 20]})
    assert list(rules.red_and_amber_actions(actions)["item_ref"]) == ["2", "4", "5", "1"]


def test_illustrative_downloads_say_so_in_their_name():
    assert rules.illustrative_filename("late.csv") == "late-illustrative-progress.csv"
    assert rules.illustrative_filename("review-2020.xlsx") == "review-2020-illustrative-progress.xlsx"
    assert rules.context_suffix(True) == " · illustrative progress" and rules.context_suffix(False) == ""
