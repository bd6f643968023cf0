"""The API page in Chromium at 320 and 1280 px: its code and table fit, axe finds nothing."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import Pages
from tests.actions.test_lead_journey_in_browser import pytestmark as journey_marks
from tests.conftest import make_config
from tests.factories import make_person, make_user
from tracker.domain.enums import Role
from tracker.extensions import db

# Skipped, saying why, as the lead's journey is: without Chromium, playwright or built assets.
pytestmark = journey_marks


@pytest.fixture
def app_config(database_url):
    return make_config(database_url, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=False)


@pytest.fixture
def officer(app) -> str:
    """Return the email of an integration officer's account."""
    make_user(Role.PANEL, person=make_person("Ira Integration"), email="ira@example.org")
    db.session.commit()
    db.session.close()
    return "ira@example.org"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_api_page_fits_any_width_and_passes_axe(browser, live_server, officer, width):
    pages = Pages(browser.new_context(viewport={"width": width, "height": 800}), live_server)
    pages.sign_in(officer)
    pages.follow(pages.page.get_by_role("link", name="API", exact=True))
    assert pages.page.url == f"{live_server}/help/api"
    assert pages.page.get_by_role("heading", name="The API: connect other systems").is_visible()
    assert pages.page.get_by_role("region", name="Every operation of the API").is_visible()
    sideways = pages.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0
    for sample in pages.page.locator("pre").all():
        # A long command wraps inside its own box rather than running off the page.
        box = sample.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
    problems = pages.accessibility_violations()
    assert not problems, json.dumps(problems, indent=2)
    assert not pages.csp_reports
    pages.page.context.close()
