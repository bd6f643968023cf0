"""An administrator sets a plan's organisation and keeps a Lead text whole in a real Chromium,
by keyboard, at 320 and 1280 pixels wide; axe-core finds nothing to fix on the way."""

from __future__ import annotations

import pytest

from tests.actions import test_lead_journey_in_browser as journey
from tests.factories import make_action, make_person, make_plan, make_user
from tracker.domain.enums import Role
from tracker.extensions import db

# The lead journey's browser, live server and skips, as pytest finds fixtures by module name.
Pages = journey.Pages
app_config = journey.app_config
browser = journey.browser
live_server = journey.live_server
pytestmark = journey.pytestmark

SPLIT_BY_THE_RULES = "Head of Safeguarding and Quality Assurance Manager"


@pytest.fixture
def plan_action(app):
    """Return the administrator's email and an action whose Lead text the rules split in two."""
    make_user(Role.ADMIN, email="admin@example.org")
    plan = make_plan(slug="notice", title="Notice to Improve Action Plan")
    leads = [make_person("Head of Safeguarding"), make_person("Quality Assurance Manager")]
    action = make_action(plan, ref="1.02", text="Quality assurance framework", leads=leads)
    action.lead_text = SPLIT_BY_THE_RULES
    db.session.commit()
    action_id = action.id
    # The server's threads write to the same database: hold no transaction open meanwhile.
    db.session.close()
    return "admin@example.org", action_id


def sideways_scroll(pages: Pages) -> int:
    return pages.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def press_enter_and_wait(pages: Pages) -> None:
    with pages.page.expect_navigation():
        pages.page.keyboard.press("Enter")


@pytest.mark.parametrize("width", [320, 1280])
def test_administrator_moves_a_plan_and_keeps_a_lead_text_whole_by_keyboard(
    browser,
    live_server,
    plan_action,
    width,
):
    email, action_id = plan_action
    context = browser.new_context(viewport={"width": width, "height": 900})
    pages = Pages(context, live_server)
    pages.sign_in(email)
    checked = []

    pages.open("/admin/plans/notice")
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    pages.page.get_by_role("link", name="Change the organisation").focus()
    press_enter_and_wait(pages)
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    pages.page.get_by_label("Or add an organisation").fill("Rotherham MBC")
    press_enter_and_wait(pages)
    assert "belongs to Rotherham MBC" in pages.page.inner_text("main")

    pages.open(f"/admin/plans/notice/actions/{action_id}")
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    button = pages.page.get_by_role("button", name=f"Keep ‘{SPLIT_BY_THE_RULES}’ as one lead")
    button.focus()
    press_enter_and_wait(pages)
    main = pages.page.inner_text("main")
    checked.append((pages.page.url, sideways_scroll(pages), pages.accessibility_violations()))
    context.close()

    assert "is now kept as one lead" in main
    assert f"{SPLIT_BY_THE_RULES}\n" in main
    assert [(url, scroll) for url, scroll, _ in checked if scroll > 0] == []
    assert [violations for _, _, violations in checked if violations] == []
    assert pages.csp_reports == []
