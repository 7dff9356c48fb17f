"""What a manager does in the browser: filter, switch pages, follow links, move the as-of date,
download a table, reload. Each journey checks what the page shows afterwards."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.harness import expect_rerun, goto, wait_idle

SUE_ACTIONS = 17  # Sue Philp owns 17 of the 37 actions (data/source/assignments.csv)


def context_line(page) -> str:
    return page.get_by_test_id("stMarkdown").filter(has_text=re.compile(r"^As of ")).first.inner_text()


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def choose(page, label: str, option: str | re.Pattern) -> None:
    """Pick an option in a sidebar select or multiselect, by typing to filter as a person would."""
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label).first
    box.click()
    page.keyboard.type(option if isinstance(option, str) else option.pattern.strip("^").split(" ·")[0])
    with expect_rerun(page):
        page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
    wait_idle(page)


def plotly_y(page, index: int = 0) -> list[str]:
    """The y categories of the first trace of the index-th chart on the page."""
    return page.evaluate(f"""() => document.querySelectorAll('.js-plotly-plot')[{index}].data[0].y""")


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_officer_and_theme_filters_change_the_numbers_and_charts(page, app_url):
    goto(page, app_url, "/")
    assert metric_value(page, "Actions complete").endswith(" of 37")
    choose(page, "Officer", "Sue Philp")
    expect(page.get_by_test_id("stMetric").filter(has_text="Actions complete")).to_contain_text(f"of {SUE_ACTIONS}")
    assert "Officer Sue Philp" in context_line(page)
    assert url_params(page)["officer"] == ["Sue Philp"]
    choose(page, "Theme", "6b")
    expect(page.get_by_test_id("stMetric").filter(has_text="Actions complete")).to_contain_text("of 2")
    themes_in_chart = {label.split(" · ")[0] for label in plotly_y(page, 0)}
    assert themes_in_chart == {"6b"}  # the RAG-by-theme chart follows the filter


def test_filters_survive_page_switches(page, app_url):
    goto(page, app_url, "/")
    choose(page, "Officer", "Sue Philp")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_url(re.compile(r"/Timeline"))
    wait_idle(page)
    assert "Officer Sue Philp" in context_line(page)
    baseline = page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y")
    assert len(baseline) == SUE_ACTIONS  # one ghost bar per action she owns
    assert url_params(page)["officer"] == ["Sue Philp"]


def test_deep_link_with_filters(page, app_url):
    goto(page, app_url, "Timeline?theme=6a&rag=blue")
    assert context_line(page).startswith("As of ") and "Theme 6a" in context_line(page)
    refs = {label.split(" · ")[0] for label in page.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y")}
    assert refs and all(ref.startswith("6a.") for ref in refs)


def test_moving_the_as_of_date_changes_the_numbers(page, app_url):
    goto(page, app_url, "/")
    now = int(metric_value(page, "Actions complete").split(" of ")[0])
    choose(page, "As of", re.compile(r"^Review 5 ·"))
    then = int(metric_value(page, "Actions complete").split(" of ")[0])
    assert then < now
    assert "(Review 5)" in context_line(page)
    assert url_params(page)["as_of"] != []


def test_csv_download_has_the_table_rows(page, app_url):
    goto(page, app_url, "/")
    heading = page.get_by_role("heading", name=re.compile(r"^Red and amber actions \(\d+\)$")).inner_text()
    expected = int(re.search(r"\((\d+)\)", heading).group(1))
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=f"Download CSV ({expected} rows)").first.click()
    # the built-in plan's progress is illustrative: the file says so in its name
    assert info.value.suggested_filename == "red-and-amber-actions-illustrative-progress.csv"
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected
    assert list(rows[0])[:3] == ["RAG", "Ref", "Action"]  # the titles the screen shows
    assert {r["RAG"] for r in rows} <= {"▲ Red", "◆ Amber"} and rows[0]["RAG"] == "▲ Red"


def test_the_review_pack_is_made_when_its_button_is_clicked(page, app_url):
    """The pack is built in the server when asked for (not on every run of the page): what arrives is the
    meeting the page shows, with the same headline."""
    goto(page, app_url, "Review")
    complete = metric_value(page, "Actions complete")
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Actions (CSV)").first.click()
    assert info.value.suggested_filename.endswith("-actions-illustrative-progress.csv")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == 37  # every action of the built-in plan
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Review pack (Excel)").first.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as saved:  # saved without an extension, which openpyxl refuses
        summary = openpyxl.load_workbook(io.BytesIO(saved.read()))["Summary"]
    figures = {r[0]: r[1] for r in summary.iter_rows(max_col=2, values_only=True)}
    assert figures["Actions complete"] == complete


def test_reload_keeps_the_view(page, app_url):
    goto(page, app_url, "Themes?theme=2&officer=Julie+Clempson")
    before = context_line(page)
    page.reload()
    wait_idle(page)
    assert context_line(page) == before and "Theme 2" in before and "Officer Julie Clempson" in before


def tab_to(page, name: str, presses: int = 40) -> None:
    """Press Tab until the control with accessible name `name` has focus (keyboard only)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == name:
            return
    raise AssertionError(f"{presses} presses of Tab never reached the {name!r} control")


def test_every_filter_can_be_set_by_keyboard_alone(page, app_url):
    goto(page, app_url, "/")
    for name, typed in [("As of", "Review 20"), ("Theme", "6a"), ("Officer", "Julie Clempson"),
                        ("Status", "Complete"), ("RAG", "Complete")]:
        page.locator("body").focus()
        tab_to(page, name)
        page.keyboard.type(typed)
        # the typed words have filtered the list before Enter picks (on a loaded machine the list lags)
        expect(page.get_by_role("option", name=re.compile(re.escape(typed))).first).to_be_visible()
        with expect_rerun(page):
            page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_idle(page)
    line = context_line(page)
    assert "(Review 20)" in line and "Theme 6a" in line and "Officer Julie Clempson" in line
    assert "Status Complete" in line and "RAG Complete" in line


def test_clicking_a_timeline_bar_opens_its_action(page, app_url):
    goto(page, app_url, "Timeline?theme=3")
    bars = page.locator(".js-plotly-plot .barlayer .trace").nth(1).locator("path")  # first coloured trace
    with expect_rerun(page):
        bars.first.click(force=True)
    page.wait_for_url(re.compile(r"/Action_detail\?.*ref=3\.\d"))
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^3\.\d · "))
    assert "Theme 3" in context_line(page)  # the view's filters came along
