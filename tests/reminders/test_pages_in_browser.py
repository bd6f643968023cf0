"""The outbox message page and the preview work at 320 and 1280 px, by keyboard, for axe."""

from __future__ import annotations

from datetime import date

import pytest

# The browser and live_server fixtures, and the marks that say why a run without Chromium skips.
from tests.actions.test_lead_journey_in_browser import (  # noqa: F401
    Pages,
    browser,
    live_server,
    pytestmark,
)
from tests.conftest import make_config
from tests.factories import make_action, make_user
from tests.reminders.conftest import TUESDAY, children_plan, daily_plan, row_for, send
from tracker.domain.enums import Role
from tracker.extensions import db

ADMIN_EMAIL = "admin@example.org"


@pytest.fixture
def app_config(database_url, smtp_server):
    return make_config(
        database_url,
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_SECURE=False,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_TIMEOUT=2,
    )


@pytest.fixture
def sent_outbox(app, runner):
    """Send Tuesday's reminders of two plans, one with a long title; return a digest's row id."""
    make_user(Role.ADMIN, email=ADMIN_EMAIL)
    team = children_plan(
        title="Children's Young People's and Families' Services Improvement Plan 2009/10 "
        "(Notice to Improve, Ofsted and Department for Education)"
    )
    fund = daily_plan(slug="fund", title="Children's Fund Plan")
    make_action(fund, text="Fund action", leads=[team.howard], target_date=date(2026, 3, 2))
    db.session.commit()
    send(runner, TUESDAY)
    row_id = row_for("howard@example.org").id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return row_id


def fits(pages: Pages) -> bool:
    return pages.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [320, 1280])
def test_an_administrator_reaches_an_email_as_sent_and_a_preview_from_the_header(
    browser,  # noqa: F811
    live_server,  # noqa: F811
    sent_outbox,
    width,
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(ADMIN_EMAIL)
    page = pages.page
    if width < 641:
        # Below the tablet breakpoint the service navigation folds behind its menu button.
        page.get_by_role("button", name="Menu").click()
    pages.follow(page.get_by_role("link", name="Reminders", exact=True))
    pages.follow(page.get_by_role("link", name="See every email in the outbox"))
    pages.follow(page.locator(f'a[href="/reminders/outbox/{sent_outbox}"]'))

    assert page.get_by_role("heading", name="Attempts").is_visible()
    assert page.get_by_text("250 OK: queued").is_visible()
    assert page.frame_locator("iframe.tracker-email-html").get_by_text("Recruit social workers")
    email = page.frame_locator("iframe.tracker-email-html")
    assert email.get_by_role("heading", name="Children's Fund Plan").is_visible()
    assert fits(pages), f"the email page scrolls sideways at {width} px"
    assert pages.accessibility_violations() == []

    pages.open("/reminders/preview")
    page.locator("#day-day").fill("31")
    page.locator("#day-month").fill("3")
    year = page.locator("#day-year")
    year.fill("2026")
    with page.expect_navigation():
        year.press("Enter")

    assert page.get_by_role("heading", name="Preview reminders for 31 March 2026").is_visible()
    assert page.get_by_text("the run will not send it again").first.is_visible()
    assert page.get_by_role("link", name="Children's Fund Plan").first.is_visible()
    assert fits(pages), f"the preview scrolls sideways at {width} px"
    assert pages.accessibility_violations() == []
    context.close()
