"""Browser tests: a real Streamlit server on its own database, driven by Debian's headless Chromium.

Fixtures: `app_url` (the server, one per session), `browser` (one per session), `page` (a fresh
browser context per test, 1280x800; it records `page.console_errors` and `page.outside_requests`),
`screenshot_dir`. Every test here gets the `e2e` marker: `pytest -m "not e2e"` leaves them out.
Helpers the tests import, and the server the fixtures start, are in tests/e2e/harness.py: `goto`,
`wait_idle`, `expect_rerun`, `screenshot_full_page`, `run_axe`, `assert_no_serious_violations`.

Never `playwright install`: it downloads a browser and fails here. `make browser` installs
Debian's chromium and axe-core (npm). Without them the tests skip, or fail when CI=true.
"""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.harness import (
    CHROMIUM, CHROMIUM_ARGS, COUNT_MESSAGES_JS, EXPECT_TIMEOUT_MS, LOAD_TIMES, NAV_TIMEOUT_MS, ROOT, VIEWPORT, _missing,
    streamlit_server,
)

E2E_DIR = Path(__file__).resolve().parent


# --- markers ---------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected test of the session, not only ours: mark just tests/e2e.
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so `page` can screenshot a failing test.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_e2e_report_{report.when}", report)


# --- the server ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    """Base URL of the app on a free port, with PLAN_DB on a private database (tests only read it)."""
    with streamlit_server(tmp_path_factory.mktemp("e2e")) as url:
        yield url


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"No Chromium at {CHROMIUM}: run `make browser` (installs Debian's chromium) "
                 "or set CHROMIUM to its path. Never `playwright install`.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Python playwright is not installed: run `pip install -r requirements.txt`.")
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request, screenshot_dir):
    """A new browser context per test (no shared cookies or Streamlit session), 1280x800."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(COUNT_MESSAGES_JS)
    context.set_default_timeout(NAV_TIMEOUT_MS)
    tab = context.new_page()
    tab.console_errors = []  # "console error text (url)", and uncaught page errors
    tab.on("console", lambda m: tab.console_errors.append(f"{m.text} ({m.location.get('url', '')})")
           if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.console_errors.append(f"uncaught: {e}"))
    tab.outside_requests = []  # URLs of requests to any host but this machine
    tab.on("request", lambda r: tab.outside_requests.append(r.url)
           if urlsplit(r.url).hostname not in ("127.0.0.1", "localhost") else None)
    yield tab
    report = getattr(request.node, "_e2e_report_call", None)
    if report is not None and report.failed:
        failures = screenshot_dir / "failures"
        failures.mkdir(exist_ok=True)
        shot = failures / f"{_slug(request.node.name)}.png"
        try:
            tab.screenshot(path=str(shot))
            print(f"screenshot of the failing page: {shot}")
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"no failure screenshot: {exc}")
        if tab.console_errors:
            print("browser console errors:\n  " + "\n  ".join(tab.console_errors))
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where screenshots go: $E2E_SCREENSHOTS, else test-output/screenshots (git-ignored).
    Failing tests leave a shot of the browser in its failures/ folder, emptied at each start."""
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or ROOT / "test-output" / "screenshots")
    shutil.rmtree(folder / "failures", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_").lower() or "home"


# --- the page-load table ---------------------------------------------------------------------


def pytest_terminal_summary(terminalreporter):
    if not LOAD_TIMES:
        return
    groups: dict[tuple[str, str], list[float]] = {}
    for path, size, seconds in LOAD_TIMES:
        groups.setdefault((path, size), []).append(seconds)
    width = max(len("page"), *(len(path) for path, _ in groups)) + 2
    write = terminalreporter.write_line
    terminalreporter.section("page loads: goto() until idle, every element and chart drawn")
    write(f"{'page':<{width}}{'viewport':>10}{'loads':>7}{'first s':>9}{'median s':>10}{'max s':>7}")
    for (path, size), times in sorted(groups.items(), key=lambda g: (g[0][0], int(g[0][1].split("x")[0]))):
        write(f"{path:<{width}}{size:>10}{len(times):>7}{times[0]:>9.2f}"
              f"{statistics.median(times):>10.2f}{max(times):>7.2f}")
    write("The session's very first load is cold (server imports and caches): see 'first s' of the")
    write("first page opened. Times grow with the machine's load: compare runs on a quiet machine.")
