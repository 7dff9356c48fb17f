"""Decisions and actions arising, in a real browser at 1366x768 (issue 13 item 2): a manager notes an
action at a step of presentation mode without leaving it (the step's link is kept, nothing scrolls) and
finds it on the meeting's last step. Its own server and database, because it writes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import expect_rerun, goto, streamlit_server

LAPTOP = {"width": 1366, "height": 768}
ACTION = "Ask finance for the credit union figures <b>before</b> cabinet"


@pytest.fixture(scope="module")
def notes_url(tmp_path_factory):
    with streamlit_server(tmp_path_factory.mktemp("notes")) as url:  # localhost: the person here is a manager
        yield url


def _inside(box: dict | None) -> bool:
    return bool(box) and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"] + 1 \
        and box["y"] + box["height"] <= LAPTOP["height"] + 1


def _fits(page) -> bool:
    return page.get_by_test_id("stMain").evaluate("m => m.scrollHeight <= m.clientHeight + 2")


def test_a_manager_notes_an_action_in_presentation_mode_and_sees_it_on_the_last_step(page, notes_url,
                                                                                      screenshot_dir):
    page.set_viewport_size(LAPTOP)
    goto(page, notes_url, "Review")
    name = page.get_by_test_id("stMain").get_by_label("Your name (recorded with every update)")
    with expect_rerun(page):
        name.fill("Carol Manager")
        name.press("Enter")
    with expect_rerun(page):  # into presentation mode in the same session (a reload would start a new one)
        page.get_by_test_id("stCheckbox").get_by_text("Presentation mode").click()
    with expect_rerun(page):
        page.get_by_role("button", name="Next ▶").click()
    assert "step=2" in page.url
    step = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"Step 2 of \d+")).first.inner_text()
    ref = re.search(r"Exception (\S+)", step).group(1)
    total = int(re.search(r"of (\d+)", step).group(1))

    note = page.get_by_role("button", name=re.compile(r"^(edit_note\s*)?Note$"))
    assert _inside(note.bounding_box())  # the control sits in the slim bar, on screen
    with expect_rerun(page):  # opening it runs the page: its notes and form are drawn only when open
        note.click()
    form = page.get_by_test_id("stForm")
    form.get_by_text("Action", exact=True).click()
    form.get_by_label("What was decided, or is to be done").fill(ACTION)
    form.get_by_role("combobox", name="Owner").click()
    page.get_by_role("option", name="Sue Philp").click()
    form.get_by_role("spinbutton", name=re.compile(r"^day, Due")).click()
    page.keyboard.type("30062020")
    form.get_by_text("Kind", exact=True).click()  # closes the calendar, which covers the Save button
    page.screenshot(path=str(screenshot_dir / "notes-form-1366.png"))
    with expect_rerun(page):
        form.get_by_role("button", name="Save note").click()
    assert "step=2" in page.url  # the same step, the same link
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"Step 2 of \d+")).first
           ).to_contain_text(f"Exception {ref}")
    note_button = page.get_by_role("button", name=re.compile(r"Notes \(1\)"))
    expect(note_button).to_be_visible()
    assert _inside(note_button.bounding_box()) and _fits(page)
    assert note_button.evaluate("e => [...e.querySelectorAll('*')].every(c => c.scrollWidth <= c.clientWidth + 1)")
    assert note_button.get_attribute("aria-expanded") == "false"  # closed after the save
    page.screenshot(path=str(screenshot_dir / "notes-step-1366.png"))
    with expect_rerun(page):
        note_button.click()  # one click opens it: the step's own notes, above the form for the next one
    listed = page.get_by_test_id("stPopoverBody").get_by_text(ACTION)
    expect(listed).to_contain_text("Sue Philp · due 30 Jun 2020")
    assert _inside(listed.bounding_box())
    page.screenshot(path=str(screenshot_dir / "notes-step-open-1366.png"))

    goto(page, notes_url, f"Review?present=1&step={total}")  # the last step (its own link)
    expect(page.get_by_role("heading", name="Decisions and actions arising")).to_be_visible()
    line = page.get_by_text(ACTION)
    expect(line).to_be_visible()
    expect(line).to_contain_text(f"Sue Philp · due 30 Jun 2020 (from Item {ref})")
    assert _inside(line.bounding_box()) and _fits(page)
    page.screenshot(path=str(screenshot_dir / "notes-last-step-1366.png"))
