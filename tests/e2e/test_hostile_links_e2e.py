"""Crafted links in a real browser (issue #14): markdown from the URL is shown as text (no link, no
image, no request to the image's host), dates far outside the plan are refused with a notice, and no
page shows a traceback or "Something went wrong"."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import goto

LINK = "[Session expired: sign in here](https://evil.example)"
PIXEL = "![x](http://127.0.0.1:9/pixel.png)"
URLS = [
    f"/?theme={quote(LINK)}&officer={quote(PIXEL)}",
    f"Action_detail?ref={quote('[Click here](https://evil.example)')}",
    "Officers?as_of=0001-01-01", "Officers?as_of=9999-12-31", "Review?as_of=0001-01-01", "Review?as_of=9999-12-31",
    "?as_of=9999-12-31",
]


def shown(text: str) -> re.Pattern:
    """The text as the page shows it: an invisible word joiner keeps "https://" from becoming a link."""
    return re.compile(re.escape(text).replace("://", ":\u2060?//"))


@pytest.mark.parametrize("path", URLS)
def test_a_crafted_link_renders_as_text(page, app_url, path):
    pixel_requests = []
    page.on("request", lambda r: pixel_requests.append(r.url) if ":9/" in r.url else None)
    goto(page, app_url, path)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    main = page.get_by_test_id("stMain")
    expect(main.locator("a[href*='evil.example']")).to_have_count(0)
    expect(main.locator("img[src*='pixel.png']")).to_have_count(0)
    assert not pixel_requests and not page.outside_requests, (pixel_requests, page.outside_requests)
    alerts = page.get_by_test_id("stAlert")
    if "as_of=" in path:
        expect(alerts.filter(has_text=f"The link's date {path.split('=')[-1]} is")).to_have_count(1)
    elif "ref=" in path:
        expect(alerts.filter(has_text=shown("There is no action '[Click here](https://evil.example)'"))).to_have_count(1)
    else:
        expect(alerts.filter(has_text=shown(f"Ignored theme '{LINK}'"))).to_have_count(1)
        expect(alerts.filter(has_text=shown(f"Ignored officer '{PIXEL}'"))).to_have_count(1)
