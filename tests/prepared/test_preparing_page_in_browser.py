"""The preparing page fits 320 to 1280 pixels, axe finds nothing, and works from the keyboard."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    browser,
    live_server,
    pytestmark,
)
from tests.conftest import make_config
from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.prepared import builder

PANEL_EMAIL = "pat.panel@example.org"


@pytest.fixture
def app_config(database_url):
    """Prepare aside any document of more than 3 rows; the test runs the builder itself."""
    return make_config(
        database_url,
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=False,
        PREPARED_DOCUMENT_THRESHOLD=3,
        PREPARED_DOCUMENT_WORKERS=0,
    )


@pytest.fixture
def panel_member(plans) -> str:
    make_user(Role.PANEL, person=make_person("Pat Panel"), email=PANEL_EMAIL)
    db.session.commit()
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return PANEL_EMAIL


def _stay_put(route) -> None:
    """Answer without the Refresh header, so that axe runs on a page that does not reload."""
    response = route.fetch()
    headers = {name: value for name, value in response.headers.items() if name != "refresh"}
    route.fulfill(response=response, headers=headers)


def _fits_and_is_clean(pages: Pages, width: int) -> list[dict]:
    assert pages.page.locator("h1").is_visible()
    assert pages.page.evaluate("document.documentElement.scrollWidth") <= width
    return pages.accessibility_violations()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_preparing_ready_and_failed_pages_fit_and_axe_finds_nothing(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    panel_member,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    pages = Pages(context, live_server)
    pages.sign_in(panel_member)
    pages.page.route("**/prepared/*", _stay_put)
    problems: list[dict] = []

    pages.open("/reports/big/plan.pdf?as_at=2011-03-31")
    assert pages.page.locator("h1").inner_text() == "Preparing the whole plan as a PDF…"
    problems += _fits_and_is_clean(pages, width)
    builder.build(pages.page.url.rsplit("/", 1)[1])
    db.session.close()
    pages.follow(pages.page.get_by_role("link", name="Check now"))
    assert pages.page.locator("h1").inner_text() == "The whole plan as a PDF is ready"
    problems += _fits_and_is_clean(pages, width)

    pages.open("/plans/big/export?format=csv&layout=council")
    builder.build(pages.page.url.rsplit("/", 1)[1])
    db.session.close()
    pages.open(pages.page.url.removeprefix(live_server))
    assert "could not be prepared" in pages.page.locator("h1").inner_text()
    problems += _fits_and_is_clean(pages, width)

    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports


def test_trying_again_works_from_the_keyboard(live_server, browser, panel_member):  # noqa: F811
    pages = Pages(browser.new_context(viewport={"width": 390, "height": 844}), live_server)
    pages.sign_in(panel_member)
    pages.open("/plans/big/export?format=csv&layout=council")
    builder.build(pages.page.url.rsplit("/", 1)[1])
    db.session.close()
    pages.open(pages.page.url.removeprefix(live_server))

    button = pages.page.get_by_role("button", name="Try again")
    for _ in range(40):
        pages.page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    assert button.evaluate("element => element === document.activeElement")
    with pages.page.expect_navigation():
        pages.page.keyboard.press("Enter")
    assert pages.page.locator("h1").inner_text().startswith("Preparing the plan")


def test_the_preparing_page_turns_into_the_download_by_itself(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    panel_member,
):
    pages = Pages(browser.new_context(viewport={"width": 390, "height": 844}), live_server)
    pages.sign_in(panel_member)
    pages.open("/reports/big/plan.docx?as_at=2011-03-31")
    assert pages.page.locator("h1").inner_text().startswith("Preparing")

    builder.build(pages.page.url.rsplit("/", 1)[1])
    db.session.close()

    ready = pages.page.get_by_role("heading", name="The whole plan as a Word document is ready")
    ready.wait_for(timeout=30_000)
    assert pages.page.get_by_role("button", name="Download the whole plan as a Word document")
