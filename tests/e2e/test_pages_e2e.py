"""Every page in a real browser: the menu, keyboard use, deep links, reload, screenshots, axe.

To cover a new page, add it to PAGES (its URL path and its menu label, in menu order); give it an
expected title in TITLES if you want more than "has a non-empty h1".

Each browser page load costs 2-3 s (mostly the browser drawing the page), so the tests share
loads where that loses nothing: the menu test walks the whole menu in one tab, one test checks a
reload, and the test that opens each page from its URL also runs axe and takes the screenshots
(as subtests, so each check still passes or fails on its own).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import (
    assert_no_serious_violations,
    goto,
    run_axe,
    screenshot_full_page,
    url_path,
    wait_idle,
)

# (URL path, menu label), in menu order. The single list every test here runs over.
PAGES = [
    ("/", "Overview"),
    ("Timeline", "Timeline"),
    ("Themes", "Themes"),
    ("Officers", "Officers"),
    ("Review", "Review meeting"),
    ("Action_detail", "Action detail"),
    ("My_updates", "My updates"),
    ("Data", "Data"),
]

# The h1 each page must show (regex); pages not listed must show a non-empty h1.
TITLES = {
    "Overview": r"^Rent Service Improvement Plan$",  # the built-in plan's title
    "Timeline": r"^Timeline$",
    "Themes": r"^Themes$",
    "Officers": r"^Officers$",
    "Review meeting": r"^Review meeting$",
    "Action detail": r"^1\.1 · ",  # the first action is selected by default
    "My updates": r"^My updates$",
    "Data": r"^Plan data$",
}

VIEWPORTS = [(1280, 800), (1920, 1080)]
PAGE_IDS = [label for _, label in PAGES]


def expected_path(path: str) -> str:
    return "/" + path.strip("/")


def menu_link(page, label: str):
    return page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True)


def expect_on_page(page, path: str, label: str) -> None:
    """The browser shows `label`'s page: its URL path and h1, no exception box, no uncaught
    JavaScript error, no request off this machine. Waits for the page to settle, so it also
    follows a click on a menu link."""
    expect(page).to_have_url(re.compile(rf"^[^?#]*{re.escape(expected_path(path))}([?#].*)?$"))
    assert url_path(page) == expected_path(path)
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_have_text(re.compile(TITLES.get(label, r"\S")))
    wait_idle(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)  # components/guard.py's message
    assert not [e for e in page.console_errors if e.startswith("uncaught")], page.console_errors
    # A council intranet dashboard should not reach outside hosts (a material-symbol page_icon
    # once made every page fetch its favicon from fonts.gstatic.com).
    assert page.outside_requests == [], f"{label}: requests to outside hosts: {page.outside_requests}"


def test_menu_opens_every_page(page, app_url):
    """Click through the whole sidebar menu in one tab, checking each page as it opens."""
    goto(page, app_url, PAGES[0][0])
    # PAGES must match the menu: a page added to the menu but not to PAGES fails here.
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    labels = links.locator("[data-testid='stMarkdownContainer']")
    expect(labels).to_have_text([label for _, label in PAGES])
    for path, label in PAGES[1:] + PAGES[:1]:  # end back on the home page
        menu_link(page, label).click()
        expect_on_page(page, path, label)


def test_reload_keeps_page_reached_through_menu(page, app_url):
    """The menu switches pages without loading a new document; a reload shows that the URL it
    left behind names the page. Once is enough: every page is linked the same way, and the
    deep-link tests open each page's URL."""
    (home, _), (path, label) = PAGES[0], PAGES[-1]
    goto(page, app_url, home)
    menu_link(page, label).click()
    expect_on_page(page, path, label)
    page.reload()
    expect_on_page(page, path, label)


def test_menu_works_by_keyboard_alone(page, app_url):
    """Tab reaches the menu links and Enter follows one: Overview → Action detail, no mouse."""
    paths = {label: path for path, label in PAGES}
    label = "Action detail"
    goto(page, app_url, paths["Overview"])
    link = menu_link(page, label)
    for _ in range(25):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail(f"25 presses of Tab never reached the menu link {label!r}")
    page.keyboard.press("Enter")
    expect_on_page(page, paths[label], label)


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
@pytest.mark.parametrize(("path", "label"), PAGES, ids=PAGE_IDS)
def test_page_opened_from_its_url(page, app_url, screenshot_dir, subtests, path, label, width, height):
    """A typed or pasted URL opens the page, at each screen size. On that one load (a load costs
    2-3 s) it also runs axe at 1280x800 and leaves a full-page screenshot for people to look at;
    each of those is a subtest of its own, reported as SUBFAILED[axe] or SUBFAILED[screenshot]."""
    # A fresh load at each size: widening a tab that opened at 1280 px redraws some Plotly charts
    # badly (the legend lands on the last bar), which is not what a 1920 px visitor sees.
    page.set_viewport_size({"width": width, "height": height})
    goto(page, app_url, path)  # load time goes to the end-of-run table
    expect_on_page(page, path, label)
    if (width, height) == VIEWPORTS[0]:
        with subtests.test("axe"):
            # No exclusions: every rule runs on the whole page, Plotly's SVG included. If axe ever
            # flags something inside Plotly's own markup, exclude ".js-plotly-plot" and say why.
            assert_no_serious_violations(run_axe(page), where=label)
    with subtests.test("screenshot"):
        name = re.sub(r"\W+", "_", label).strip("_").lower()
        file = screenshot_dir / f"{name}_{width}x{height}.png"
        screenshot_full_page(page, file)
        assert file.stat().st_size > 10_000, f"{file} looks blank"
