"""First browser load of the Overview against Streamlit's floor, in one run (make bench, scale 1).

Two servers run side by side: the dashboard on the built-in database, and a bare Streamlit page holding
one Plotly bar chart (bench/pages/bare_chart.py). Headless Debian Chromium at 1366x768 opens each in a
fresh browser context (an empty cache: a first visit), alternating between the two, and waits until the
script has finished and every chart has drawn (tests/e2e/harness.wait_idle). One untimed visit to each
first, so the servers' own first-run imports are not counted. Median of `rounds` visits each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import ROOT

VIEWPORT = {"width": 1366, "height": 768}
BARE_PAGE = ROOT / "bench" / "pages" / "bare_chart.py"


@contextmanager
def server(script: Path, env: dict, log: Path):
    """`streamlit run script` on a free port; yields its URL once healthy."""
    from tests.e2e.harness import _free_port, _healthy

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.port", str(port), "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{script.name} did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def first_load(browser, url: str) -> float:
    """Seconds from navigation until the page is idle with its charts drawn, in a new context."""
    from tests.e2e.harness import wait_idle

    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        began = time.perf_counter()
        page.goto(url)
        wait_idle(page)
        return time.perf_counter() - began
    finally:
        context.close()


def phase_browser(db: Path, workdir: Path, rounds: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS

    out: dict = {"load_before": os.getloadavg()[0]}
    if not CHROMIUM.exists():
        return {**out, "skipped": f"no browser at {CHROMIUM} (make browser installs Debian's chromium)"}
    with server(ROOT / "app.py", {"PLAN_DB": str(db)}, workdir / "app-server.log") as app, \
            server(BARE_PAGE, {}, workdir / "bare-server.log") as bare, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            first_load(browser, app), first_load(browser, bare)  # untimed: the servers' first runs
            times: dict[str, list[float]] = {"overview": [], "bare": []}
            for n in range(rounds):  # alternating, and which goes first alternates too
                order = [("overview", app), ("bare", bare)]
                for name, url in order if n % 2 == 0 else order[::-1]:
                    times[name].append(first_load(browser, url))
        finally:
            browser.close()
    out.update({f"{name}_s": statistics.median(t) for name, t in times.items()})
    out["times"] = times
    out["load_after"] = os.getloadavg()[0]
    return out
