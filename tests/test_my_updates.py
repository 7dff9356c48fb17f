"""My updates: an officer's own items updated several at once in one transaction, and the manager's chase
list, through the page as people use it (AppTest, the grid's edits seeded as the browser sends them)."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from components import rules
from components.my_updates import _changed_updates, _grid
from tests.pages import fresh_streamlit_caches, open_page  # noqa: F401 (fixture)

PAGE = "pages/7_My_updates.py"


def rows(path, sql, params=None):
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def chase_line(at, name):
    """The chase list's line for one officer (the grid's own heading line says "open item(s)")."""
    lines = [m.value.replace("\\", "") for m in at.markdown]
    return next(line for line in lines if line.startswith(f"{name}:") and "not updated (" in line)


def test_an_officer_updates_three_items_at_once_and_sees_them(built_db):
    at = open_page(PAGE, query={"who": "Sue Philp"})
    at.text_input(key="local_editor").input("Sue Philp").run()
    grid = at.data_editor(key="my_grid").value
    assert list(grid.index)[:6] == ["1.1", "5.2", "5.2/1", "6a.8", "6a.8/2", "6b.4"]
    assert chase_line(at, "Sue Philp").startswith("Sue Philp: 6 of 6 item(s) not updated")
    before = rows(built_db, "select count(*) from progress_update")[0][0]
    at.session_state["my_grid"] = {"edited_rows": {0: {"percent_complete": 99.0, "commentary": "Final sign-off"},
                                                    1: {"commentary": "Partner chosen"},
                                                    2: {"status": "complete"}},
                                   "added_rows": [], "deleted_rows": []}
    next(b for b in at.button if b.label == "Save my updates").click().run()
    assert not at.exception
    today = date.today()
    assert at.success[0].value.replace("\\", "").startswith(f"Saved 1.1, 5.2, 5.2/1 for {today:%-d %b %Y}")
    saved = rows(built_db, "select ref, seq, status, percent_complete, actual_end, commentary, recorded_by from "
                           "progress_update order by update_id desc limit 3")
    assert sorted(saved, key=str) == sorted([
        ("1.1", None, "in_progress", 99.0, None, "Final sign-off", "Sue Philp"),
        ("5.2", None, "in_progress", 40.0, None, "Partner chosen", "Sue Philp"),
        ("5.2", 1, "complete", 85.0, today, None, "Sue Philp"),  # done with no date: finished today
    ], key=str)
    assert rows(built_db, "select count(*) from progress_update")[0][0] == before + 3
    assert rows(built_db, "select count(*) from audit_log where event = 'progress_saved'") == [(1,)]  # one save
    # the page now shows them updated this cycle, and the chase list counts what is left
    grid = at.data_editor(key="my_grid").value
    assert list(grid.loc[["1.1", "5.2"], "is_updated_this_cycle"]) == [True, True]
    assert "5.2/1" not in grid.index  # complete: no longer open
    assert chase_line(at, "Sue Philp").startswith("Sue Philp: 3 of 5 item(s) not updated")


def test_the_chase_list_counts_who_has_reported(built_db):
    at = open_page(PAGE)
    assert at.subheader[0].value == "0 of 8 officers have reported for this cycle"
    mail = next(b for b in at.get("link_button") if "Sue" in b.proto.url)
    assert mail.proto.url.startswith("mailto:?subject=Improvement%20plan%3A%20please%20update")
    assert "1.1%2C%205.2" in mail.proto.url and "My_updates%3Fplan%3Dtbc-rent-sip%26who%3DSue%2BPhilp" in mail.proto.url


def test_only_changed_rows_become_updates():
    items = pd.DataFrame({"item_ref": ["1.1", "1.2"], "ref": ["1.1", "1.2"], "seq": [None, None],
                          "title": ["A", "B"], "rag": ["red", "green"], "is_updated_this_cycle": [False, True],
                          "last_update_on": pd.to_datetime(["2020-05-20", "2020-05-20"]),
                          "status": ["in_progress", "in_progress"], "percent_complete": [50.0, 10.0],
                          "forecast_end": pd.to_datetime([None, "2021-01-31"]), "actual_end": pd.to_datetime([None, None])})
    before = _grid(items)
    after = before.copy()
    after.loc["1.2", "commentary"] = "Said something"
    updates = _changed_updates("p", items, before, after, date(2026, 12, 2))
    assert [(u.ref, u.status, u.percent_complete, u.forecast_end, u.commentary) for u in updates] == [
        ("1.2", "in_progress", 10.0, date(2021, 1, 31), "Said something")]


def test_reminder_link_names_the_items_and_the_review():
    link = rules.reminder_mailto("sue@tamworth.gov.uk", "Sue Philp", ["1.1", "5.2"], date(2026, 12, 9), "http://x/y")
    assert link.startswith("mailto:sue%40tamworth.gov.uk?subject=Improvement%20plan%3A%20please%20update%20your%20"
                           "items%20before%20the%20review%20on%209%20Dec%202026&body=Hello%20Sue%20Philp")
    assert "1.1%2C%205.2" in link and "http%3A//x/y" in link
