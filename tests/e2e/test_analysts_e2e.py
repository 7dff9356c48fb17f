"""The issue's own check, with a real server and browser: while the dashboard runs and a save happens,
a second process with DuckDB 1.x cannot open the live database but reads the save from the snapshot."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.duckdb1 import duckdb1_python, read_with
from tests.e2e.harness import expect_rerun, goto, streamlit_server

COMMENT = "Saved while an analyst reads the snapshot"


def test_duckdb1_reads_a_browser_save_from_the_snapshot_while_the_server_holds_the_database(page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("analysts")
    live, snapshot = folder / "e2e.duckdb", folder / "e2e.snapshot.duckdb"
    python = duckdb1_python()
    with streamlit_server(folder) as url:
        goto(page, url, "Review")  # the first visit opens the database; the server publishes a snapshot
        assert "lock" in read_with(python, live)["error"].lower()
        assert read_with(python, snapshot, "--sql", "select count(*) as n from plan")["rows"] == [{"n": 1}]

        main = page.get_by_test_id("stMain")
        name = main.get_by_label("Your name (recorded with every update)")
        with expect_rerun(page):
            name.fill("Ann Editor")
            name.press("Enter")
        main.get_by_role("combobox", name="Item").click()
        page.keyboard.type("5.2 ·")
        with expect_rerun(page):
            page.get_by_role("option", name=re.compile(r"^5\.2 · ")).first.click()
        form = page.get_by_test_id("stForm").first
        form.get_by_label("Commentary").fill(COMMENT)
        with expect_rerun(page):
            form.get_by_role("button", name="Save update").click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Saved 5.2")

        # the server still holds the database ...
        assert "lock" in read_with(python, live)["error"].lower()
        # ... and the save is in the snapshot, read by DuckDB 1.x: in the table and in the views
        found = read_with(python, snapshot, "--sql",
                          "select u.recorded_by, u.origin, s.last_commentary, s.last_recorded_by "
                          "from progress_update as u join item_state_today as s on s.item_ref = u.ref "
                          f"where u.commentary = '{COMMENT}'")
        assert found["duckdb"].startswith("1.") and found["rows"] == [
            {"recorded_by": "Ann Editor", "origin": "app", "last_commentary": COMMENT, "last_recorded_by": "Ann Editor"}]
