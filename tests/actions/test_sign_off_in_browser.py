"""Complete, return, complete again and sign off in Chromium at phone and desk widths."""

from __future__ import annotations

import json

import pytest

from tests.actions.test_lead_journey_in_browser import (  # noqa: F401  (fixtures by name)
    Pages,
    app_config,
    browser,
    live_server,
    pytestmark,
)
from tests.factories import add_update, make_action, make_person, make_plan, make_user
from tracker import clock
from tracker.domain.enums import Completion, Rag, Role
from tracker.extensions import db

LEAD_EMAIL = "warren@example.org"
OWNER_EMAIL = "joyce@example.org"


@pytest.fixture
def sign_off_plan(app) -> int:
    """Make a plan asking for sign-off, with its owner and one action's lead."""
    lead = make_user(Role.LEAD, person=make_person("Warren Carratt"), email=LEAD_EMAIL)
    owner = make_user(Role.LEAD, person=make_person("Joyce Thacker"), email=OWNER_EMAIL)
    plan = make_plan(slug="assured", title="Notice to Improve Action Plan")
    plan.sign_off_required = True
    plan.owner_person_id = owner.person_id
    action = make_action(
        plan,
        ref="1.02",
        text="Implement an improved quality assurance framework",
        leads=[lead.person],
        target_date=clock.today(),
    )
    add_update(action, as_at=clock.today().replace(day=1), rag=Rag.AMBER, commentary="Started")
    db.session.commit()
    action_id = action.id
    db.session.close()
    return action_id


def mark_completed(pages: Pages, action_id: int, commentary: str) -> None:
    pages.open(f"/actions/{action_id}/update")
    page = pages.page
    page.get_by_role("group", name="Completion status").get_by_label(
        Completion.COMPLETED.label, exact=True
    ).check()
    today = clock.today()
    completed_on = page.get_by_role("group", name="Completed on")
    completed_on.get_by_label("Day").fill(str(today.day))
    completed_on.get_by_label("Month").fill(str(today.month))
    completed_on.get_by_label("Year").fill(str(today.year))
    page.get_by_role("group", name="RAG rating").get_by_label("Complete", exact=True).check()
    page.get_by_label("Commentary").fill(commentary)
    pages.follow(page.get_by_role("button", name="Save update"))


def fits(pages: Pages, width: int) -> bool:
    return pages.page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1280])
def test_complete_return_complete_and_sign_off(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    sign_off_plan,
    width,
):
    action_id = sign_off_plan
    viewport = {"viewport": {"width": width, "height": 900}}
    lead = Pages(browser.new_context(**viewport), live_server)
    owner = Pages(browser.new_context(**viewport), live_server)
    problems: list[dict] = []
    too_wide: list[str] = []

    def check(pages: Pages) -> None:
        nonlocal problems
        problems += pages.accessibility_violations()
        if not fits(pages, width):
            too_wide.append(pages.page.url)

    lead.sign_in(LEAD_EMAIL)
    mark_completed(lead, action_id, "Framework agreed by the board.")
    status = lead.page.locator(".govuk-summary-list").first.inner_text()
    assert "Completed – awaiting sign-off" in status
    check(lead)

    owner.sign_in(OWNER_EMAIL)
    owner.open("/plans/assured/sign-off")
    assert owner.page.get_by_role("heading", name="Completed – awaiting sign-off").is_visible()
    check(owner)
    owner.follow(owner.page.get_by_role("link", name="Return action 1.02 to the lead"))
    owner.follow(owner.page.get_by_role("button", name="Return to the lead"))
    summary = owner.page.locator(".govuk-error-summary")
    assert "Enter why you are returning the action" in summary.inner_text()
    check(owner)
    owner.page.get_by_label("Why are you returning it?").fill(
        "The evidence does not show the audit was done."
    )
    owner.follow(owner.page.get_by_role("button", name="Return to the lead"))
    assert "returned to its lead" in owner.page.locator(".govuk-notification-banner").inner_text()
    newest = owner.page.locator(".tracker-history__entry").first
    assert "Returned at sign-off" in newest.inner_text()
    assert "The evidence does not show the audit was done." in newest.inner_text()
    check(owner)

    mark_completed(lead, action_id, "Audit done; the report is attached.")
    assert "Completed – awaiting sign-off" in lead.page.locator("main").inner_text()

    owner.open(f"/actions/{action_id}")
    assert owner.page.get_by_role("heading", name="Sign-off").is_visible()
    check(owner)
    owner.follow(owner.page.get_by_role("button", name="Sign off"))
    assert "signed off" in owner.page.locator(".govuk-notification-banner").inner_text()
    entries = owner.page.locator(".tracker-history__entry")
    assert entries.count() == 5
    assert "Signed off" in entries.nth(0).inner_text()
    assert "Joyce Thacker" in entries.nth(0).inner_text()
    assert owner.page.get_by_role("heading", name="Sign-off").count() == 0
    check(owner)

    assert not too_wide, too_wide
    assert not problems, json.dumps(problems, indent=2)
    assert not lead.csp_reports and not owner.csp_reports
