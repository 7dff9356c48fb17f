"""Sign-in for real, through the proxy: a local OpenID Connect provider (harness.py), Streamlit's
`st.login` configured against it in `[auth]`, the app behind nginx under /improvement-plan/ as in
test_proxy_e2e.py. The officer and the manager each sign in with the provider's own login form,
the Review page names them (st.user), and signing out returns to viewing.

The roles follow the sign-in: the officer (matched by e-mail in secrets [officer_emails]) updates only
their own items on My updates; the manager (listed in secrets `managers`) can update anyone's items and
schedule reviews; a signed-out visitor only views.
"""

from __future__ import annotations

import re
import pytest
from playwright.sync_api import expect

from store.build import build_database
from tests.e2e.harness import goto, wait_idle
from tests.e2e.deploy_stack import (
    base_path,
    free_ports,
    local_tab,
    nginx,
    nginx_site_for_test,
    self_signed_certificate,
    service,
    unit_settings,
)
from tests.e2e.oidc.harness import USERS, auth_secrets, oidc_provider

VIEWING = "Viewing only. Sign in with your council account to record progress."
NOTES = {"officer": "Signed in as Sue Philp: you can update the items you own.",
         "manager": "Signed in as Julie Clempson, a manager: you can update every item and schedule reviews."}


def check_what_they_may_do(page, stack, role: str) -> None:
    """My updates: the officer sees their own items and no way to pick someone else's or schedule
    reviews; the manager picks whose items and may schedule reviews."""
    goto(page, stack["url"], "My_updates")
    main = page.get_by_test_id("stMain")
    if role == "officer":
        expect(main).to_contain_text("Sue Philp: 6 open item(s)")
        expect(main.get_by_role("combobox", name="Whose items")).to_have_count(0)
        expect(main.get_by_text("Schedule reviews")).to_have_count(0)
    else:
        expect(main.get_by_role("combobox", name="Whose items")).to_have_count(1)
        expect(main.get_by_text("Schedule reviews", exact=False).first).to_be_visible()
    goto(page, stack["url"], "Review")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "plan.duckdb"
    build_database(db)
    cert, key = self_signed_certificate(folder)
    http_port, https_port, app_port, oidc_port = free_ports(4)
    prefix = base_path(unit_settings()[0])
    url = f"https://127.0.0.1:{https_port}{prefix}"
    callback = f"{url}/oauth2callback"  # what IT registers with its provider
    with oidc_provider(folder, oidc_port, callback) as issuer:
        secrets = auth_secrets(folder, issuer, callback)
        site = nginx_site_for_test(http_port, https_port, app_port, cert, key)
        with service(folder, db, app_port, extra_args=["--secrets.files", str(secrets)]), \
                nginx(folder, site, (http_port, https_port)):
            yield {"url": url, "issuer": issuer, "folder": folder}


@pytest.fixture
def tab(browser, stack):
    with local_tab(browser) as page:
        yield page


def access_note(page) -> str:
    return page.get_by_test_id("stMarkdown").filter(
        has_text=re.compile(r"^(Viewing only|Signed in as|Editing)")).first.inner_text()


def sign_in(page, stack, email: str) -> None:
    """From the Review page: the app's sign-in button, then the provider's login and consent pages."""
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(rf"^{re.escape(stack['issuer'])}/interaction/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("any password: the test provider's form ignores it")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # consent: share e-mail and profile with the app
    page.wait_for_url(re.compile(rf"^{re.escape(stack['url'])}/"))
    wait_idle(page)


@pytest.mark.parametrize("role", ["officer", "manager"])
def test_sign_in_names_the_user_on_the_review_page_and_sign_out_returns_to_viewing(tab, stack, role):
    user = USERS[role]
    goto(tab, stack["url"], "Review")
    assert access_note(tab) == VIEWING
    sign_in(tab, stack, user["email"])
    goto(tab, stack["url"], "Review")
    expect(tab.get_by_role("button", name="Sign out")).to_be_visible()
    assert access_note(tab) == NOTES[role]
    check_what_they_may_do(tab, stack, role)
    tab.get_by_role("button", name="Sign out").click()
    # the provider asks to confirm ending its session too, then sends the browser back to the app
    tab.wait_for_url(re.compile(rf"^{re.escape(stack['issuer'])}/session/end"))
    tab.get_by_role("button", name="Yes, sign me out").click()
    tab.wait_for_url(re.compile(rf"^{re.escape(stack['url'])}/"))
    goto(tab, stack["url"], "Review")
    assert access_note(tab) == VIEWING
    expect(tab.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    # the app itself asked for nothing outside the machine (only the provider's test pages did)
    assert [url for url, page in tab.blocked if not page.startswith(stack["issuer"])] == []


def test_an_unknown_user_is_not_signed_in(tab, stack):
    goto(tab, stack["url"], "Review")
    tab.get_by_role("button", name="Sign in", exact=True).click()
    tab.wait_for_url(re.compile(rf"^{re.escape(stack['issuer'])}/interaction/"))
    tab.locator("input[name=login]").fill("someone.else@council.test")
    tab.locator("input[name=password]").fill("whatever")
    tab.get_by_role("button", name="Sign-in").click()
    goto(tab, stack["url"], "Review")
    assert access_note(tab) == VIEWING
