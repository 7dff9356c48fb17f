"""Browser tests: a real Streamlit server on its own database, driven by Debian's headless Chromium.

Fixtures: `app_url` (the server, one per session), `browser` (one per session), `page` (a fresh
browser context per test, 1280x800; it records `page.console_errors` and `page.outside_requests`),
`screenshot_dir`. Every test here gets the `e2e` marker: `pytest -m "not e2e"` leaves them out.
Helpers the tests import: `goto`, `wait_idle`, `expect_rerun`, `screenshot_full_page`, `run_axe`,
`assert_no_serious_violations`.

Never `playwright install`: it downloads a browser and fails here. `make browser` installs
Debian's chromium and axe-core (npm). Without them the tests skip, or fail when CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORT = {"width": 1280, "height": 800}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SERVER_START_SECONDS = 60
NAV_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 15_000  # Playwright's 5 s default is too short on a busy shared machine

# (page path, viewport, seconds) for every `goto`; printed as a table at the end of the session.
LOAD_TIMES: list[tuple[str, str, float]] = []


def _missing(message: str) -> None:
    """A missing browser prerequisite fails the run in CI and skips the browser tests elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def streamlit_server(folder: Path, *, address: str = "127.0.0.1", env: dict | None = None):
    """`streamlit run app.py` on a free port with its own database in `folder`; yields the URL to use.
    `address` is where it listens (0.0.0.0: shared on a network, which switches editing off)."""
    from store.build import build_database

    db = folder / "e2e.duckdb"
    build_database(db)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    out, err = folder / "server.stdout", folder / "server.stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", address,
             # the file watcher rescans the project (and .venv) for every new session: ~0.5 s CPU each
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "PLAN_DB": str(db), **(env or {})}, stdout=stdout, stderr=stderr,
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                why = (f"exited with code {server.returncode}" if server.poll() is not None
                       else f"not healthy after {SERVER_START_SECONDS} s")
                log = err.read_text(errors="replace") + out.read_text(errors="replace")
                print(f"--- streamlit server output ---\n{log}")
                pytest.fail(f"The Streamlit server on {url} {why}:\n{log[-3000:]}", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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


# --- helpers the tests import ----------------------------------------------------------------


def url_path(page) -> str:
    """The path of the page's URL: "/" or "/Action_detail"."""
    return urlsplit(page.url).path


def wait_idle(page) -> None:
    """Wait until the script has finished, every element has drawn and every Plotly chart too.

    "notRunning" alone is not enough: Streamlit draws each kind of element with code it loads on
    first use, showing a grey skeleton meanwhile, so a screenshot or an axe run taken at that
    moment sees placeholders instead of metrics and widgets."""
    page.wait_for_selector(IDLE, timeout=NAV_TIMEOUT_MS)
    page.wait_for_function(
        """() => !document.querySelector(`[data-testid='stSkeleton'],
                     [data-testid='stSkeletonElement'], [data-testid='stAppSkeleton'],
                     [data-stale='true']`)
              && [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
                 .every(chart => chart.querySelector('.js-plotly-plot .main-svg'))""",
        timeout=NAV_TIMEOUT_MS,
    )


@contextmanager
def expect_rerun(page):
    """Wrap an action that makes the script run again (a widget change, a click); on leaving,
    wait until that run has started and finished. wait_idle() alone can return before the run
    starts, because the page still says "notRunning" from the run before.

        with expect_rerun(page):
            page.get_by_role("option", name="Sue Philp").click()
    """
    page.evaluate(
        """() => {
            window.__e2eRan = false;
            const app = document.querySelector("[data-testid='stApp']");
            const seen = new MutationObserver(records => {
                if (records.some(r => r.oldValue === 'running')
                        || app.getAttribute('data-test-script-state') === 'running') {
                    window.__e2eRan = true;
                    seen.disconnect();
                }
            });
            seen.observe(app, {attributes: true, attributeOldValue: true,
                               attributeFilter: ['data-test-script-state']});
        }"""
    )
    yield
    page.wait_for_function("() => window.__e2eRan === true", timeout=NAV_TIMEOUT_MS)
    wait_idle(page)


def goto(page, base: str, path: str) -> float:
    """Open base/path, wait until idle (and charts drawn); record and return the seconds taken."""
    started = time.perf_counter()
    page.goto(f"{base}/{path.lstrip('/')}")
    wait_idle(page)
    seconds = time.perf_counter() - started
    size = page.viewport_size or VIEWPORT
    LOAD_TIMES.append((path, f"{size['width']}x{size['height']}", seconds))
    return seconds


def screenshot_full_page(page, file: Path) -> None:
    """Screenshot the whole page. Streamlit scrolls inside <main>, not the document, so Playwright's
    full_page alone stops at the viewport: grow the viewport to the content's height, then shoot.
    Charts and grids may reflow at the new size, so measure again until the content fits."""
    size = page.viewport_size or VIEWPORT
    measure = """() => Math.max(...[...document.querySelectorAll(
        "[data-testid='stMain'], [data-testid='stSidebarContent']")].map(e => e.scrollHeight))"""
    try:
        height = size["height"]
        for _ in range(4):
            content = int(page.evaluate(measure))
            if content <= height:
                break
            height = content
            page.set_viewport_size({"width": size["width"], "height": height})
            wait_idle(page)
            page.wait_for_timeout(300)  # charts and data grids repaint after a resize
        page.screenshot(path=str(file), full_page=True)
    finally:
        page.set_viewport_size(size)


def run_axe(page, exclude: tuple[str, ...] = (), disable_rules: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA checks on the page; returns the violations.

    exclude: CSS selectors left out (e.g. third-party SVG); disable_rules: axe rule ids turned off.
    Callers give the reason for each in a comment.
    """
    if not AXE_JS.exists():
        _missing(f"No axe-core at {AXE_JS}: run `make browser` (npm install).")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "([exclude, options]) => axe.run({exclude: exclude.map(s => [s])}, options)",
        [list(exclude), {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {rule: {"enabled": False} for rule in disable_rules},
        }],
    )
    return result["violations"]


def assert_no_serious_violations(violations: list[dict], where: str = "") -> None:
    """Fail on any violation of impact serious or critical, listing rule, help and elements."""
    serious = [v for v in violations if v.get("impact") in ("serious", "critical")]
    if not serious:
        return
    lines = [f"{len(serious)} serious/critical accessibility violation(s){' on ' + where if where else ''}:"]
    for v in serious:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  {v.get('helpUrl', '')}")
        for node in v["nodes"][:3]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 3:
            lines.append(f"    … and {len(v['nodes']) - 3} more element(s)")
    pytest.fail("\n".join(lines), pytrace=False)


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
