"""A lead asks for a new target date and the plan's owner approves it from the emailed link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    PASSWORD,
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Role
from tracker.extensions import db
from tracker.filters import long_date
from tracker.models import OutboxMessage

LEAD_EMAIL = "lynn.burns@example.org"
OWNER_EMAIL = "owner@example.org"


@pytest.fixture
def revisable(app) -> int:
    """Make a plan whose owner decides dates, and an action its lead will ask to move."""
    plan = make_plan(title="Children's Improvement Plan")
    lead = make_user(Role.LEAD, person=make_person("Lynn Burns"), email=LEAD_EMAIL)
    owner = make_user(Role.LEAD, person=make_person("Olive Owner"), email=OWNER_EMAIL)
    plan.owner_person_id = owner.person_id
    action = make_action(
        plan,
        ref="1.1",
        text="Implement the improved quality assurance framework",
        leads=[lead.person],
        target_date=clock.today() + timedelta(days=10),
    )
    add_update(action, as_at=clock.today() - timedelta(days=5))
    db.session.commit()
    action_id = action.id
    db.session.close()
    return action_id


def fits(pages: Pages, width: int) -> int:
    return max(0, pages.page.evaluate("document.documentElement.scrollWidth") - width)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_date_is_asked_for_and_approved_from_the_email(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    revisable,
    width,
):
    new_date = clock.today() + timedelta(days=70)
    problems: list[dict] = []
    too_wide: list[str] = []
    lead = Pages(browser.new_context(viewport={"width": width, "height": 900}), live_server)
    lead.sign_in(LEAD_EMAIL)

    lead.open(f"/actions/{revisable}")
    lead.follow(lead.page.get_by_role("link", name="Ask for a new target date"))
    problems += lead.accessibility_violations()
    too_wide += [lead.page.url] if fits(lead, width) else []
    date_group = lead.page.get_by_role("group", name="New target date")
    date_group.get_by_label("Day").fill(str(new_date.day))
    date_group.get_by_label("Month").fill(str(new_date.month))
    date_group.get_by_label("Year").fill(str(new_date.year))
    lead.page.get_by_label("Why is a new date needed?").fill("The audit team is short-staffed.")
    lead.follow(lead.page.get_by_role("button", name="Send for approval"))
    assert "has been sent for approval" in lead.page.content()
    problems += lead.accessibility_violations()

    body = db.session.scalar(
        select(OutboxMessage.body_text).where(OutboxMessage.recipient == OWNER_EMAIL)
    )
    db.session.close()
    link = next(word for word in body.split() if "/target-date/" in word)
    owner = Pages(browser.new_context(viewport={"width": width, "height": 900}), live_server)
    owner.open(urlsplit(link).path)
    # Signed out, the link leads to the sign-in page and, once signed in, straight back to it.
    owner.page.get_by_label("Email address").fill(OWNER_EMAIL)
    owner.page.get_by_label("Password", exact=True).fill(PASSWORD)
    owner.follow(owner.page.get_by_role("button", name="Sign in"))
    assert urlsplit(owner.page.url).path == urlsplit(link).path
    assert "The audit team is short-staffed." in owner.page.content()
    problems += owner.accessibility_violations()
    too_wide += [owner.page.url] if fits(owner, width) else []
    owner.follow(owner.page.get_by_role("button", name="Approve the new date"))
    assert f"You approved {long_date(new_date)}" in owner.page.content()
    problems += owner.accessibility_violations()

    lead.open(f"/actions/{revisable}")
    assert "revised from" in lead.page.content()
    problems += lead.accessibility_violations()
    too_wide += [lead.page.url] if fits(lead, width) else []
    assert problems == []
    assert too_wide == []
    assert lead.csp_reports == [] and owner.csp_reports == []
