"""Recording progress in the browser: an editor saves an update and sees it on the Overview and the
Review page; on a server shared on a network with no sign-in, a viewer finds no way to edit.
Each runs on a server and database of its own, because it writes (or must not be able to)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import expect_rerun, goto, streamlit_server, wait_idle

COMMENT = "Credit union launched (recorded in the browser test)"


@pytest.fixture(scope="module")
def editing_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("editing")) as url:  # localhost: editing open
        yield url


@pytest.fixture(scope="module")
def network_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("network"), address="0.0.0.0") as url:
        yield url


def main(page):
    return page.get_by_test_id("stMain")


def actions_complete(page) -> int:
    metric = page.get_by_test_id("stMetric").filter(has_text="Actions complete").first
    return int(metric.get_by_test_id("stMetricValue").inner_text().split(" of ")[0])


def section_count(page, title: str) -> int:
    """The n of a Review section heading "Title (n)", or 0 when the section is absent."""
    heading = main(page).get_by_role("heading", name=re.compile(rf"^{title} \(\d+\)$"))
    return int(re.search(r"\((\d+)\)", heading.inner_text()).group(1)) if heading.count() else 0


def test_an_editor_records_an_update_and_sees_it_on_overview_and_review(page, editing_url):
    goto(page, editing_url, "/")
    before = actions_complete(page)
    goto(page, editing_url, "Review")
    completed, commented = section_count(page, "Newly complete"), section_count(page, "New commentary")
    name = main(page).get_by_label("Your name (recorded with every update)")
    with expect_rerun(page):
        name.fill("Ann Editor")
        name.press("Enter")
    item = main(page).get_by_role("combobox", name="Item")
    item.click()
    page.keyboard.type("5.2 ·")
    with expect_rerun(page):
        page.get_by_role("option", name=re.compile(r"^5\.2 · ")).first.click()
    form = page.get_by_test_id("stForm").first
    form.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Complete", exact=True).click()
    form.get_by_role("spinbutton", name="day, Actual end (if complete)").click()
    page.keyboard.type("01052020")  # day, month, year: the segments advance by themselves
    form.get_by_label("Commentary").fill(COMMENT)
    with expect_rerun(page):
        form.get_by_role("button", name="Save update").click()
    # the update is dated today: the editor's own view moves to today so it counts at once
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Saved 5.2")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("so your update counts")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Overview", exact=True).click()
    page.wait_for_url(re.compile(r"/(\?|$)"))
    wait_idle(page)
    assert actions_complete(page) == before + 1
    page.get_by_test_id("stSidebar").get_by_role("link", name="Review meeting", exact=True).click()
    page.wait_for_url(re.compile(r"/Review"))
    wait_idle(page)
    # compared with the latest review held, the only change is this save (waited for: on a loaded machine
    # the page can still be drawing its sections when the script reports idle)
    expect(main(page).get_by_role("heading", name="Newly complete (1)")).to_be_visible()
    assert (section_count(page, "Newly complete"), section_count(page, "New commentary")) == (1, 1)
    assert (completed, commented) != (0, 0)  # the review had changes of its own before
    completed_line = main(page).get_by_role("listitem").filter(has_text=re.compile(r"^Completed: "))
    expect(completed_line).to_contain_text("5.2")  # the summary names the item just completed
    # a new visitor still opens on the latest review held: one save moves nobody else's view
    goto(page, editing_url.split("?")[0], "/")
    expect(main(page)).to_contain_text("As of 20 May 2020 (Review 33)")


def test_a_viewer_on_a_network_server_cannot_edit(page, network_url):
    goto(page, network_url, "Review")
    expect(main(page)).to_contain_text("Editing is switched off")
    assert main(page).get_by_role("button", name="Save update").count() == 0
    assert main(page).get_by_role("button", name="Undo my last save").count() == 0
    assert page.get_by_test_id("stForm").count() == 0
    goto(page, network_url, "Data")
    expect(main(page)).to_contain_text("Editing is switched off")
    assert page.get_by_test_id("stFileUploader").count() == 0
