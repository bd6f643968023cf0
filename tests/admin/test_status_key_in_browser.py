"""An administrator edits a plan's status key in Chromium, and a lead uses it; axe finds nothing."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import Pages as JourneyPages
from tests.actions.test_lead_journey_in_browser import (
    app_config,  # noqa: F401 - the browser tests' app: CSRF on, cookies over plain HTTP
    browser,  # noqa: F401 - Debian's Chromium driven by Playwright
    live_server,  # noqa: F401 - the app served from a background thread
    pytestmark,  # noqa: F401 - skipped, with the reason, without Chromium or built assets
)
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Role
from tracker.domain.status_key import status_key_from_json
from tracker.extensions import db

DELIVERY = [
    {"label": "Delivered", "colour": "blue", "completion": "Completed"},
    {"label": "On track to deliver", "colour": "green", "completion": "Not completed"},
    {"label": "Some issues", "colour": "yellow", "completion": "Not completed"},
    {"label": "Not on track to deliver", "colour": "red", "exception": True},
]


@pytest.fixture
def delivery_plan(app):
    """Return the plan's slug and its action's id; the plan's key is a delivery key."""
    make_user(Role.ADMIN, email="admin@example.org")
    lead = make_user(Role.LEAD, person=make_person("Head of Service MASH/ SA"), email="hos@x.org")
    plan = make_plan(slug="delivery", title="Quality and Safety Improvement Plan")
    plan.status_key = DELIVERY
    key = status_key_from_json(DELIVERY)
    action = make_action(plan, ref="QS1", text="Embed the escalation policy", leads=[lead.person])
    add_update(
        action,
        as_at=clock.today().replace(day=1),
        completion=Completion.NOT_COMPLETED,
        status=key.entry_named("Some issues"),
        commentary="Started",
    )
    db.session.commit()
    action_id = action.id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "delivery", action_id


class Pages(JourneyPages):
    """Drive one browser context and check each page it reaches, at its narrowest too."""

    def problems(self) -> list[dict]:
        """Run axe-core on the page and look for sideways scroll at 320 px."""
        found = self.accessibility_violations()
        self.page.set_viewport_size({"width": 320, "height": 800})
        if self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            found.append({"page": self.page.url, "rule": "scrolls sideways at 320 px"})
        self.page.set_viewport_size({"width": 1280, "height": 800})
        return found


def test_an_administrator_adds_a_status_and_a_lead_chooses_it(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    delivery_plan,
):
    slug, action_id = delivery_plan
    admin = Pages(browser.new_context(), live_server)
    problems: list[dict] = []

    admin.sign_in("admin@example.org")
    admin.open(f"/admin/plans/{slug}")
    admin.follow(admin.page.get_by_role("link", name="Status key"))
    assert admin.page.get_by_role("heading", name="Status key").is_visible()
    problems += admin.problems()

    admin.follow(admin.page.get_by_role("link", name="Add a status"))
    admin.page.get_by_label("Label").fill("Some issues")
    admin.follow(admin.page.get_by_role("button", name="Save status"))
    summary = admin.page.locator(".govuk-error-summary")
    assert "'Some issues' already means 'Some issues'; choose another label" in (
        summary.inner_text()
    )
    problems += admin.problems()

    admin.page.get_by_label("Label").fill("Paused")
    admin.page.get_by_role("group", name="Colour").get_by_label("Grey").check()
    admin.page.get_by_role("group", name="Completion status it implies").get_by_label(
        "Not completed"
    ).check()
    admin.page.get_by_label("Words that mean it").fill("On hold")
    admin.follow(admin.page.get_by_role("button", name="Save status"))
    assert (
        "'Paused' added to the status key."
        in admin.page.locator(".govuk-notification-banner").inner_text()
    )
    cards = admin.page.locator(".govuk-summary-card")
    assert cards.count() == 5 and "Paused" in cards.nth(4).inner_text()
    admin.follow(cards.nth(4).get_by_role("button", name="Move up"))
    assert "Paused" in admin.page.locator(".govuk-summary-card").nth(3).inner_text()
    problems += admin.problems()

    lead = Pages(browser.new_context(), live_server)
    lead.sign_in("hos@x.org")
    lead.open(f"/actions/{action_id}/update")
    statuses = lead.page.get_by_role("group", name="Status", exact=True)
    assert statuses.get_by_label("Some issues").is_checked()
    statuses.get_by_label("Not on track to deliver").check()
    lead.follow(lead.page.get_by_role("button", name="Save update"))
    assert (
        "Enter commentary saying why the action is now rated Not on track to deliver"
        in lead.page.locator(".govuk-error-summary").inner_text()
    )
    problems += lead.problems()
    lead.page.get_by_label("Commentary").fill("The policy needs a new owner.")
    lead.follow(lead.page.get_by_role("button", name="Save update"))
    assert lead.page.url == f"{live_server}/actions/{action_id}?saved=1"
    assert (
        "Not on track to deliver" in lead.page.locator(".tracker-history__entry").first.inner_text()
    )
    problems += lead.problems()

    assert not problems, json.dumps(problems, indent=2)
