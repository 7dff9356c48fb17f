"""What the browser tests use besides their fixtures (tests/e2e/conftest.py): the settings of the
server and the browser, a Streamlit server on its own database (`streamlit_server`), and the helpers
the tests import: `goto`, `wait_idle`, `expect_rerun`, `url_path`, `screenshot_full_page`, `run_axe`,
`assert_no_serious_violations`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


# Every browser context counts the messages the server sends (tests/e2e/conftest.py adds this before the
# app opens its socket), so expect_rerun can tell a run that finished from one that has not started.
COUNT_MESSAGES_JS = """(() => {
    const Native = window.WebSocket;
    window.__e2eMessages = 0;
    window.__e2eLastMessage = 0;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => {
                window.__e2eMessages += 1;
                window.__e2eLastMessage = performance.now();
            });
        }
    };
})();"""
QUIET_MS = 300  # no message for this long after the run's last one: the run is over


@contextmanager
def expect_rerun(page):
    """Wrap an action that makes the script run again (a widget change, a click); on leaving,
    wait until that run has started and finished. wait_idle() alone can return before the run
    starts, because the page still says "notRunning" from the run before.

        with expect_rerun(page):
            page.get_by_role("option", name="Sue Philp").click()

    The run is seen either as the app's state passing through "running", or, when a short run's
    "running" and "finished" messages reach the page together (React then draws only the last state, so
    "running" never shows), as messages from the server since the action and none for QUIET_MS.
    """
    page.evaluate(
        """() => {
            window.__e2eRan = false;
            window.__e2eMessagesBefore = window.__e2eMessages;
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
    page.wait_for_function(
        """quietMs => window.__e2eRan === true
            || (typeof window.__e2eMessages === 'number' && window.__e2eMessages > window.__e2eMessagesBefore
                && document.querySelector("[data-testid='stApp']")
                       .getAttribute('data-test-script-state') === 'notRunning'
                && performance.now() - window.__e2eLastMessage > quietMs)""",
        arg=QUIET_MS, timeout=NAV_TIMEOUT_MS)
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
