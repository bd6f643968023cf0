"""An administrator keeps recommendations and a reader sees which are met, in Chromium, with axe."""

from __future__ import annotations

import pytest

from tests.actions.test_lead_journey_in_browser import Pages as JourneyPages
from tests.actions.test_lead_journey_in_browser import (
    app_config,  # noqa: F401 - the browser tests' app: CSRF on, cookies over plain HTTP
    browser,  # noqa: F401 - Debian's Chromium driven by Playwright
    live_server,  # noqa: F401 - the app served from a background thread
    pytestmark,  # noqa: F401 - skipped, with the reason, without Chromium or built assets
)
from tests.factories import make_user
from tests.recommendations.conftest import build_recommended_plan
from tracker.domain.enums import Role
from tracker.extensions import db


@pytest.fixture
def recommended_plan(app):
    """Return the plan's slug and an action's id, with an administrator and a panel member."""
    make_user(Role.ADMIN, email="admin@example.org")
    make_user(Role.PANEL, email="panel@example.org")
    recommended = build_recommended_plan()
    action_id = recommended.actions["1.1"].id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "cyps", action_id


class Pages(JourneyPages):
    """Drive one browser context and check each page at 320 and 1280 px."""

    def problems(self) -> list[dict]:
        """Run axe-core at both widths and look for sideways scroll at each."""
        found: list[dict] = []
        for width in (320, 1280):
            self.page.set_viewport_size({"width": width, "height": 800})
            found += self.accessibility_violations()
            if self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                found.append({"page": self.page.url, "rule": f"scrolls sideways at {width} px"})
        return found


def test_an_administrator_adds_a_recommendation_and_a_reader_sees_it_met_or_not(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    recommended_plan,
):
    slug, action_id = recommended_plan
    problems: list[dict] = []
    admin = Pages(browser.new_context(), live_server)
    admin.sign_in("admin@example.org")
    admin.open(f"/admin/plans/{slug}")
    admin.follow(admin.page.get_by_role("link", name="Recommendations"))
    assert admin.page.get_by_role("heading", name="Recommendations", exact=True).is_visible()
    problems += admin.problems()

    admin.follow(admin.page.get_by_role("link", name="Add a recommendation"))
    admin.page.get_by_label("Reference").fill("R4")
    admin.page.get_by_label("Recommendation", exact=True).fill("Strengthen <i>oversight</i>")
    admin.page.get_by_label("Source").fill("Ofsted inspection, August 2009")
    admin.page.get_by_label("Actions that answer it (optional)").fill("1.1; 9.9")
    admin.follow(admin.page.get_by_role("button", name="Save recommendation"))
    summary = admin.page.locator(".govuk-error-summary")
    assert "No action of this plan has the reference 9.9" in summary.inner_text()
    assert admin.page.get_by_label("Reference").input_value() == "R4"
    problems += admin.problems()

    admin.page.get_by_label("Actions that answer it (optional)").fill("1.1, 2.1")
    admin.follow(admin.page.get_by_role("button", name="Save recommendation"))
    assert (
        "Recommendation R4 added." in admin.page.locator(".govuk-notification-banner").inner_text()
    )
    assert "1.1; 2.1" in admin.page.locator("table").inner_text()
    problems += admin.problems()

    reader = Pages(browser.new_context(), live_server)
    reader.sign_in("panel@example.org")
    reader.open(f"/plans/{slug}")
    reader.follow(reader.page.get_by_role("link", name="Recommendations and which are met"))
    assert "Recommendations met: 1 of 4" in reader.page.locator("main").inner_text()
    card = reader.page.locator(".govuk-summary-card", has_text="R4")
    assert "Strengthen <i>oversight</i>" in card.inner_text()
    assert "1 of 2 actions done" in card.inner_text()
    problems += reader.problems()

    reader.page.get_by_label("As at (optional)").fill("2010-10-31")
    reader.follow(reader.page.get_by_role("button", name="Show"))
    assert "The position as at 31 October 2010." in reader.page.locator("main").inner_text()
    problems += reader.problems()

    reader.open(f"/actions/{action_id}")
    part = reader.page.locator("#recommendations")
    assert part.is_visible()
    assert "R4" in reader.page.locator("main").inner_text()
    problems += reader.problems()

    assert problems == []
