"""Help and forgot-password pages in Chromium at 320 and 1280 px: they fit, axe finds nothing."""

from __future__ import annotations

import pytest

from tests.actions.test_lead_journey_in_browser import Pages
from tests.actions.test_lead_journey_in_browser import pytestmark as journey_marks
from tests.conftest import make_config
from tests.factories import make_action, make_person, make_plan, make_user
from tracker.auth.reset_mail import wait_for_links
from tracker.domain.enums import Role
from tracker.extensions import db

WIDTHS = (320, 1280)
# Skipped, saying why, as the lead's journey is: without Chromium, playwright or built assets.
pytestmark = journey_marks


@pytest.fixture
def app_config(database_url):
    return make_config(database_url, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=False)


@pytest.fixture
def people(app):
    """Return a lead with one plan and an administrator who reads two."""
    owner = make_person("Olive Owner", "olive.owner.with.a.long.address@example.org")
    plan = make_plan(slug="children", title="Children's Improvement Plan 2009/10", bands=2)
    plan.owner_person_id = owner.id
    make_plan(slug="trust", title="Trust Improvement Plan")
    lead = make_user(Role.LEAD, person=make_person("Lee Lead"), email="lee@example.org")
    make_action(plan, ref="1.1", text="Recruit social workers", leads=[lead.person])
    make_user(Role.ADMIN, email="admin@example.org")
    db.session.commit()
    lead_id = lead.id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return {"lead": "lee@example.org", "admin": "admin@example.org", "lead_id": lead_id}


def fits(pages: Pages) -> bool:
    """Say whether the page is no wider than the viewport."""
    return pages.page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_help_and_account_pages_fit_and_pass_axe(browser, live_server, people, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pages = Pages(context, live_server)
    pages.sign_in(people["admin"])
    problems = []

    pages.open("/help")
    assert pages.page.get_by_role("heading", name="Help").is_visible()
    problems += pages.accessibility_violations()
    assert fits(pages)
    pages.follow(pages.page.get_by_role("link", name="Children's Improvement Plan 2009/10"))
    assert pages.page.get_by_role("heading", name="Who to contact").is_visible()
    problems += pages.accessibility_violations()
    assert fits(pages)
    pages.follow(pages.page.get_by_role("link", name="Help", exact=True))
    assert pages.page.url.endswith("/help")
    # The account page, with its button that emails a set-password link.
    pages.open(f"/admin/accounts/{people['lead_id']}")
    assert pages.page.get_by_role("button", name="Email a set-password link").is_visible()
    problems += pages.accessibility_violations()
    assert fits(pages)

    assert problems == []
    assert pages.csp_reports == []
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_forgot_password_pages_fit_and_pass_axe(browser, live_server, people, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pages = Pages(context, live_server)
    problems = []

    pages.open("/auth/sign-in")
    pages.follow(pages.page.get_by_role("link", name="Forgot your password?"))
    problems += pages.accessibility_violations()
    assert fits(pages)
    pages.follow(pages.page.get_by_role("button", name="Send the link"))
    assert pages.page.get_by_text("Enter your email address").first.is_visible()
    problems += pages.accessibility_violations()
    pages.page.get_by_label("Email address").fill("lee@example.org")
    pages.follow(pages.page.get_by_role("button", name="Send the link"))
    assert pages.page.get_by_role("heading", name="Check your email").is_visible()
    problems += pages.accessibility_violations()
    assert fits(pages)

    assert problems == []
    assert pages.csp_reports == []
    context.close()
    wait_for_links()
