"""Behind nginx under /improvement-plan/, as IT would host it: deploy/nginx/improvement-plan.conf in
front of the app started as deploy/improvement-plan.service starts it, TLS ended at nginx with a
certificate made for the test. Every page, a deep link, a CSV download and the health URL, through
the proxy only."""

from __future__ import annotations

import csv
import io
import re
import ssl
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from store.build import build_database
from tests.e2e.harness import goto, wait_idle
from tests.e2e.deploy_stack import (
    base_path,
    fetch,
    free_ports,
    local_tab,
    nginx,
    nginx_site_for_test,
    self_signed_certificate,
    service,
    unit_settings,
)
from tests.e2e.test_pages_e2e import PAGES, TITLES

SUE_ACTIONS = 17  # Sue Philp owns 17 of the 37 actions (data/source/assignments.csv)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """{"url": https://127.0.0.1:PORT/improvement-plan, "http": the plain-http listener, "tls": an
    SSL context that trusts the test certificate, "upstream": the app's own port}."""
    folder = tmp_path_factory.mktemp("proxy")
    db = folder / "plan.duckdb"
    build_database(db)
    cert, key = self_signed_certificate(folder)
    http_port, https_port, app_port = free_ports(3)
    prefix = base_path(unit_settings()[0])
    site = nginx_site_for_test(http_port, https_port, app_port, cert, key)
    with service(folder, db, app_port), nginx(folder, site, (http_port, https_port)):
        yield {"url": f"https://127.0.0.1:{https_port}{prefix}", "http": f"http://127.0.0.1:{http_port}",
               "prefix": prefix, "tls": ssl.create_default_context(cafile=str(cert)),
               "upstream": app_port}


@pytest.fixture
def tab(browser, stack):
    with local_tab(browser) as page:
        yield page


def test_every_page_loads_through_the_proxy(tab, stack):
    origin = stack["url"].removesuffix(stack["prefix"])
    for path, label in PAGES:
        goto(tab, stack["url"], path)
        expected = stack["prefix"] + ("/" if path == "/" else f"/{path}")
        assert urlsplit(tab.url).path == expected
        expect(tab.get_by_role("heading", level=1)).to_have_text(re.compile(TITLES[label]))
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        # the menu's links stay under the prefix, so they go through the proxy too
        hrefs = tab.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
        assert len(hrefs) == len(PAGES) and all(h.startswith(stack["prefix"] + "/") for h in hrefs), hrefs
    assert tab.errors == []  # no uncaught script error on any page
    # every request, the websocket included, went to nginx's https origin and nowhere else
    strays = [u for u in tab.requests if not u.startswith(origin + "/")]
    assert strays == [] and tab.blocked == [], (strays, tab.blocked)
    assert any(u.startswith(f"{origin}{stack['prefix']}/_stcore/") for u in tab.requests)


def test_menu_click_and_deep_link_keep_the_filter_through_the_proxy(tab, stack):
    goto(tab, stack["url"], "Timeline?officer=Sue+Philp")
    line = tab.get_by_test_id("stMarkdown").filter(has_text=re.compile(r"^As of ")).first.inner_text()
    assert "Officer Sue Philp" in line
    assert urlsplit(tab.url).path == f"{stack['prefix']}/Timeline"
    assert "officer=Sue+Philp" in urlsplit(tab.url).query
    # the Gantt shows Sue's actions only: one baseline (ghost) bar per action she owns
    assert tab.evaluate("() => document.querySelector('.js-plotly-plot').data[0].y.length") == SUE_ACTIONS
    # the menu keeps the filter: Overview, through the proxy, counts Sue's actions only
    tab.get_by_test_id("stSidebar").get_by_role("link", name="Overview", exact=True).click()
    expect(tab).to_have_url(re.compile(rf"{re.escape(stack['prefix'])}/\?.*officer=Sue\+Philp"))
    wait_idle(tab)
    metric = tab.get_by_test_id("stMetric").filter(has_text="Actions complete").first
    expect(metric).to_contain_text(f"of {SUE_ACTIONS}")


def test_csv_download_through_the_proxy(tab, stack):
    goto(tab, stack["url"], "/")
    button = tab.get_by_test_id("stDownloadButton").filter(has_text=re.compile(r"Download CSV \(\d+ rows\)")).first
    expected = int(re.search(r"\((\d+) rows\)", button.inner_text()).group(1))
    with tab.expect_download() as info:
        button.click()
    assert info.value.url.startswith(stack["url"] + "/")  # fetched through nginx
    assert info.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == expected > 0
    # the plan's refs (2.1, 6a.5, 2.1/3) under the screen's title; a number-like one kept as text: ="1.1"
    refs = [re.sub(r'^="(.*)"$', r"\1", row["Ref"]) for row in rows]
    assert all(re.fullmatch(r"\d+[ab]?\.\d+(/\d+)?", ref or "") for ref in refs), refs


def test_health_url_and_redirects_through_the_proxy(tab, stack):
    goto(tab, stack["url"], "/")  # a visitor's session: the app now holds the database open itself
    status, body, headers = fetch(f"{stack['url']}/healthz", stack["tls"])  # the certificate is verified
    assert status == 200
    assert body.startswith("OK: the plan database opens and reads: 1 plan(s), 37 actions")
    assert headers["Cache-Control"] == "no-store"
    status, _, _ = fetch(f"{stack['url']}/_stcore/health", stack["tls"])
    assert status == 200
    # without the trailing slash, and over plain http, nginx sends the browser to the right place
    status, _, headers = fetch(stack["url"], stack["tls"])
    assert (status, headers["Location"]) == (301, f"{stack['url']}/")
    status, _, headers = fetch(f"{stack['http']}{stack['prefix']}/Timeline?officer=Sue+Philp")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1{stack['prefix']}/Timeline?officer=Sue+Philp"
    # nothing is served outside the prefix
    status, _, _ = fetch(stack["url"].removesuffix(stack["prefix"]) + "/", stack["tls"])
    assert status == 404
