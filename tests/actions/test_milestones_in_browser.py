"""Milestones in Chromium at 320 and 1280 px: the administrator adds one, the lead marks it done
on the update form and sees it done on the action page; axe finds nothing, nothing scrolls
sideways."""

from __future__ import annotations

import json
from datetime import timedelta

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
from tracker.domain.enums import Rag, Role
from tracker.extensions import db
from tracker.models import Milestone

LEAD_EMAIL = "deb.johnson@example.org"
ADMIN_EMAIL = "admin@example.org"
LONG_WORD = "Safeguarding-audit-of-every-team-across-the-county-" * 2


@pytest.fixture
def milestone_action(app) -> int:
    """Make an action with one missed milestone, led by Deb Johnson, and an administrator."""
    today = clock.today()
    lead = make_user(Role.LEAD, person=make_person("Deb Johnson"), email=LEAD_EMAIL)
    make_user(Role.ADMIN, email=ADMIN_EMAIL)
    plan = make_plan(slug="qsip", title="Quality and safety improvement plan")
    action = make_action(
        plan,
        ref="QS1.1",
        text="Embed the safeguarding audit in every team",
        leads=[lead.person],
        target_date=today + timedelta(days=200),
    )
    add_update(action, as_at=today - timedelta(days=30), rag=Rag.AMBER, commentary="Started")
    db.session.add(
        Milestone(
            action_id=action.id,
            ref="QS1.1.1",
            text=f"August audits {LONG_WORD}",
            due_on=today - timedelta(days=10),
            position=1,
        )
    )
    db.session.commit()
    action_id = action.id
    db.session.close()
    return action_id


def sideways(pages: Pages) -> int:
    return pages.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check(pages: Pages, problems: list, widths: list) -> None:
    problems.extend(pages.accessibility_violations())
    widths.append((pages.page.url, sideways(pages)))


@pytest.mark.parametrize("width", [320, 1280])
def test_milestones_are_added_marked_done_and_shown_at_any_width(
    live_server,  # noqa: F811
    browser,  # noqa: F811
    milestone_action,
    width,
):
    action_id = milestone_action
    problems: list[dict] = []
    widths: list[tuple[str, int]] = []
    viewport = {"width": width, "height": 900}

    admin = Pages(browser.new_context(viewport=viewport), live_server)
    admin.sign_in(ADMIN_EMAIL)
    admin.open(f"/admin/plans/qsip/actions/{action_id}")
    check(admin, problems, widths)
    admin.follow(admin.page.get_by_role("link", name="Add a milestone"))
    admin.follow(admin.page.get_by_role("button", name="Save milestone"))
    assert "Describe the milestone" in admin.page.locator(".govuk-error-summary").inner_text()
    check(admin, problems, widths)
    admin.page.get_by_label("Milestone", exact=True).fill("Peer review by another council")
    due = clock.today() + timedelta(days=60)
    due_group = admin.page.get_by_role("group", name="Due on")
    due_group.get_by_label("Day").fill(str(due.day))
    due_group.get_by_label("Month").fill(str(due.month))
    due_group.get_by_label("Year").fill(str(due.year))
    admin.follow(admin.page.get_by_role("button", name="Save milestone"))
    assert "Milestone added." in admin.page.locator(".govuk-notification-banner").inner_text()
    assert "Peer review by another council" in admin.page.locator("#milestones + ul").inner_text()
    check(admin, problems, widths)

    lead = Pages(browser.new_context(viewport=viewport), live_server)
    lead.sign_in(LEAD_EMAIL)
    lead.open(f"/actions/{action_id}")
    assert "Milestone overdue" in lead.page.locator(".tracker-milestones").inner_text()
    check(lead, problems, widths)
    lead.open(f"/actions/{action_id}/update")
    check(lead, problems, widths)
    done = lead.page.get_by_role("group", name="Milestones done")
    done.get_by_label("QS1.1.1 August audits", exact=False).check()
    lead.page.get_by_label("Commentary").fill("August audits finished.")
    lead.follow(lead.page.get_by_role("button", name="Save update"))
    assert lead.page.url == f"{live_server}/actions/{action_id}?saved=1"
    shown = lead.page.locator(".tracker-milestones").inner_text()
    assert f"Done {clock.today().day}" in shown
    assert "Milestone overdue" not in shown
    check(lead, problems, widths)

    assert not problems, json.dumps(problems, indent=2)
    assert [(url, extra) for url, extra in widths if extra > 0] == []
    assert not admin.csp_reports and not lead.csp_reports
