"""Presentation mode's running order and step numbers (pure: no Streamlit run needed)."""

from __future__ import annotations

import pandas as pd

from components.presentation import present_steps, step_name, step_number


def exceptions_frame() -> pd.DataFrame:
    """review_exceptions rows in the meeting's order: 4.5 is both newly red and stale; 2.1 the action
    and 2.1/3 its milestone are different items."""
    return pd.DataFrame({
        "exception_kind": ["new_red", "stale", "stale", "overdue_milestone", "due_soon"],
        "item_ref": ["4.5", "4.5", "2.1", "2.1/3", "6a.8"],
        "title": ["Recruit officer", "Recruit officer", "Review policy", "Draft policy", "Launch scheme"],
    })


def themes_frame() -> pd.DataFrame:
    """theme_completion rows, the all-themes row (theme_code NULL) among them."""
    return pd.DataFrame({
        "theme_code": ["1", "2", None, "6a"],
        "theme_title": ["Income", "Arrears", "All themes", "Welfare reform"],
        "actions_total": [5, 4, 15, 6],
    })


def describe(steps: list[dict]) -> list[tuple]:
    return [("item", s["row"]["item_ref"], s["row"]["exception_kind"]) if s["kind"] == "item"
            else ("theme", s["row"]["theme_code"]) if s["kind"] == "theme" else (s["kind"],) for s in steps]


def test_each_exception_item_once_in_order_then_each_theme_without_the_all_themes_row():
    steps = present_steps(exceptions_frame(), themes_frame(), page_size=10)
    assert describe(steps) == [
        ("item", "4.5", "new_red"),  # its first row: shown under the kind the meeting reaches first
        ("item", "2.1", "stale"),
        ("item", "2.1/3", "overdue_milestone"),
        ("item", "6a.8", "due_soon"),
        ("theme", "1"),
        ("theme", "2"),
        ("theme", "6a"),
    ]
    assert steps[-1]["row"]["theme_title"] == "Welfare reform"


def test_no_exceptions_gives_the_themes_only():
    steps = present_steps(exceptions_frame().iloc[0:0], themes_frame(), page_size=10)
    assert describe(steps) == [("theme", "1"), ("theme", "2"), ("theme", "6a")]


def test_step_number_from_the_url_stays_within_the_steps():
    assert step_number(None, 7) == 1
    assert step_number("3", 7) == 3
    assert step_number("0", 7) == 1
    assert step_number("99", 7) == 7
    assert step_number("next", 7) == 1


def test_summary_first_what_changed_after_the_exceptions_and_long_themes_paged():
    changes = pd.DataFrame({"change_kind": ["rag_changed"], "item_ref": ["4.5"]})
    steps = present_steps(exceptions_frame().iloc[:2], themes_frame(), summary=True, changes=changes, page_size=4)
    assert describe(steps) == [("summary",), ("item", "4.5", "new_red"), ("changes",),
                               ("theme", "1"), ("theme", "1"), ("theme", "2"), ("theme", "6a"), ("theme", "6a")]
    # theme 1 has 5 actions: page 1 shows four, page 2 the fifth
    assert [(s["page"], s["pages"]) for s in steps[3:5]] == [(1, 2), (2, 2)]
    assert [step_name(s) for s in steps[:4]] == ["Summary", "Exception 4.5", "What changed", "Theme 1 (page 1 of 2)"]


def test_no_changes_no_what_changed_step():
    steps = present_steps(exceptions_frame().iloc[0:0], themes_frame(), changes=pd.DataFrame({"change_kind": []}))
    assert "changes" not in [s["kind"] for s in steps]


def test_officers_overloaded_when_as_month_runs_with_their_red_actions():
    from components.officers import month_runs, overload_summary

    assert month_runs(["2020-01-01", "2020-02-01", "2020-03-01", "2020-06-01"]) == "Jan–Mar 2020, Jun 2020"
    load = pd.DataFrame({"officer_id": ["sue", "sue", "ann"], "officer_name": ["Sue Philp", "Sue Philp", "Ann Lee"],
                         "month_start": ["2020-01-01", "2020-02-01", "2020-01-01"],
                         "open_actions_weighted": [4.5, 5.0, 2.0], "is_overloaded": [True, True, False]})
    actions = pd.DataFrame({"item_ref": ["1.1", "1.2"], "rag": ["red", "green"],
                            "owner_ids": [["sue", "ann"], ["sue"]]})
    assert overload_summary(load, actions).to_dict("records") == [
        {"officer_name": "Sue Philp", "when": "Jan–Feb 2020", "months": 2, "peak": 5.0, "red_items": "1.1"}]


def test_red_refs_by_officer_in_plan_order_with_shared_and_ownerless_actions():
    import numpy as np

    from components.officers import red_refs_by_officer

    # owner_ids as DuckDB hands them over (arrays), a list, an ownerless (None) and an empty one
    actions = pd.DataFrame({"item_ref": ["1.1", "1.2", "2.1", "2.2", "3.1"],
                            "rag": ["red", "green", "red", "red", "red"],
                            "owner_ids": [np.array(["sue", "ann"]), ["sue"], ["ann"], None, []]})
    assert red_refs_by_officer(actions) == {"sue": ["1.1"], "ann": ["1.1", "2.1"]}
    assert red_refs_by_officer(actions.assign(rag="amber")) == {}


def test_nobody_overloaded_names_the_busiest_in_whole_actions_and_the_red_actions():
    from components.officers import busiest_sentence

    load = pd.DataFrame({"officer_id": ["sue", "ann", "ann"], "officer_name": ["Sue Philp", "Ann Lee", "Ann Lee"],
                         "month_start": ["2020-01-01", "2020-01-01", "2020-02-01"], "open_actions": [5, 2, 3],
                         "open_actions_weighted": [2.5, 2.0, 2.5], "is_overloaded": [False] * 3})
    actions = pd.DataFrame({"item_ref": ["1.1", "1.2", "2.1"], "rag": ["red", "green", "red"],
                            "owner_ids": [["sue", "ann"], ["sue"], ["ann"]]})
    # a tie on the weighted load: the one with more whole actions is named
    assert busiest_sentence(load, actions, 4) == (
        "Nobody is overloaded: nobody has more than 4 open actions in a month once shared actions are split "
        "between their owners. Busiest: Sue Philp, 5 open actions in Jan 2020 (2.5 once shared). "
        "Red actions: Sue Philp (1.1); Ann Lee (1.1, 2.1).")
    assert busiest_sentence(load, actions.assign(rag="green"), 4).endswith(" Nobody shown owns a red action.")


def test_lateness_in_words():
    from components.text import lateness

    assert [lateness(d) for d in (152, -20, 0, 1, None)] == ["152 days late", "20 days early", "on time",
                                                            "1 day late", ""]


def test_the_meeting_ends_on_its_decisions_and_actions_paged_five_a_step():
    from components.presentation import step_key

    themes = themes_frame().iloc[:1]  # theme 1 only, 5 actions: one step of 10
    steps = present_steps(exceptions_frame().iloc[2:4], themes, summary=True, page_size=10, notes=0)
    assert describe(steps) == [("summary",), ("item", "2.1", "stale"), ("item", "2.1/3", "overdue_milestone"),
                               ("theme", "1"), ("notes",)]  # none noted yet: still one last step
    assert [step_key(s) for s in steps] == ["summary", "2.1", "2.1/3", "theme 1", "notes"]
    assert step_name(steps[-1]) == "Decisions and actions"
    for noted, pages in ((5, 1), (6, 2), (10, 2), (11, 3)):
        last = [s for s in present_steps(exceptions_frame(), themes, notes=noted) if s["kind"] == "notes"]
        assert [(s["page"], s["pages"]) for s in last] == [(p, pages) for p in range(1, pages + 1)], noted
    assert step_name(present_steps(exceptions_frame(), themes, notes=6)[-1]) == "Decisions and actions (2 of 2)"
    assert "notes" not in [s["kind"] for s in present_steps(exceptions_frame(), themes)]  # not asked for
