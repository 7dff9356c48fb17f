"""A council's own tracker imported in the browser, as a manager would: upload it on the Data page, read
the preview (what will be created), map a column the import does not recognise, import, and find the
plan on the Overview and the Timeline. Runs on a server and database of its own, because it writes."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import tracker_fixtures as fx
from tests.e2e.harness import expect_rerun, goto, streamlit_server, wait_idle

PLAN = "eastborough-borough-council-corporate"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def import_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("import")) as url:  # localhost: the local editor may import
        yield url


def main(page):
    return page.get_by_test_id("stMain")


def metric_value(page, label: str) -> str:
    metric = main(page).get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)).last
    return metric.get_by_test_id("stMetricValue").inner_text()


def tracker_with_an_unfamiliar_header() -> bytes:
    """The merged-milestones tracker, its "Comment on progress" headed in words the import does not know."""
    book = load_workbook(io.BytesIO(fx.milestones_tracker()))
    book.active["J4"] = "Where we are now"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_manager_imports_a_tracker_through_the_preview(page, import_url):
    data = tracker_with_an_unfamiliar_header()
    goto(page, import_url, "Data")
    name = main(page).get_by_label("Your name (recorded with every update)")
    with expect_rerun(page):
        name.fill("Ann Manager")
        name.press("Enter")
    uploader = main(page).get_by_test_id("stFileUploaderDropzoneInput")
    with expect_rerun(page):
        uploader.set_input_files({"name": "eastborough.xlsx", "mimeType": XLSX, "buffer": data})
    wait_idle(page)
    # the preview: the sheet as read, and what the import will create, before anything is written
    expect(main(page)).to_contain_text("sheet 'Corporate Plan'; header row 4")
    assert [metric_value(page, label) for label in ("Themes", "Actions", "Milestones")] == ["1", "3", "5"]
    expect(main(page).get_by_role("tab", name="Milestones")).to_be_visible()
    updates = metric_value(page, "Progress updates")
    # the unfamiliar header is kept as an extra column until the manager says what it holds
    columns = main(page).get_by_test_id("stExpander").filter(has_text="Columns: how each is read").first
    expect(columns).to_contain_text("1 not recognised")
    mapping = columns.get_by_role("combobox", name=re.compile(r"^J · Where we are now"))
    expect(mapping).to_have_value("Keep as an extra column")
    mapping.click()
    page.keyboard.type("Progress comm")
    with expect_rerun(page):
        page.get_by_role("option", name="Progress commentary", exact=True).click()
    # the comments now arrive as the updates' commentary: the same updates, with their words
    assert metric_value(page, "Progress updates") == updates
    with expect_rerun(page):
        main(page).get_by_role("button", name="Import this plan").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_contain_text(f"Imported '{PLAN}': 1 themes, 3 actions, 5 milestones")
    # the plan is there on the Overview and the Timeline, with the tracker's refs
    goto(page, import_url, f"/?plan={PLAN}")
    expect(main(page).get_by_role("heading").first).to_contain_text("Eastborough")
    expect(main(page).get_by_test_id("stMetric").filter(has_text="Actions complete").first).to_contain_text("of 3")
    goto(page, import_url, f"Timeline?plan={PLAN}")
    chart = main(page).locator(".js-plotly-plot").first
    for ref in ("HR2", "ENV03_CP", "A1.1"):
        expect(chart).to_contain_text(ref)
    # the column mapped in the preview came in as the action's progress commentary
    goto(page, import_url, f"Action_detail?plan={PLAN}&ref=ENV03_CP")
    expect(main(page)).to_contain_text("Tender delayed by a legal challenge")
    expect(main(page)).not_to_contain_text("Other columns in the source plan")  # not kept as an extra column
